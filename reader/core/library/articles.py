"""Articles: found by content and source (moved and edited files included), listed,
searched, triaged; their notes, reading places and saved views."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from reader.core.anchors import REVIEW_BELOW, context_of, locate_passage
from reader.core.library import models
from reader.core.library.db import Database
from reader.core.library.models import Article, SearchHit
from reader.core.library.query import Query
from reader.core.library.rows import (
    _LISTED,
    _SORT_SQL,
    _article,
    _clean_tag,
    _filters,
    _norm_url,
    _stored_tags,
    _vanished,
    now,
)

Span = tuple[int, int]
#: Characters of text shown before a search hit's first match (and twice that after).
_AROUND = 60


def _snippet(row: sqlite3.Row) -> str:
    """A hit's snippet: the words around its first match in the text (where opening the
    hit goes), the match in «»; FTS5's own snippet for a match in the title or notes."""
    around = row["around"] or ""
    if int(row["at"]) < 0 or "\x02" not in around:
        return row["snip"] or ""
    start = around.index("\x02")
    words = around.replace("\x02", "«").replace("\x03", "»")
    head = words[:start]
    if start >= _AROUND:  # cut before: the word cut in two is left out
        head = "…" + (head.split(None, 1)[-1] if " " in head.strip() else "")
    tail = words[start:]
    if len(words) >= 3 * _AROUND and " " in tail:
        tail = tail.rsplit(None, 1)[0] + "…"
    return head + tail


class Articles:
    """The articles of the library and what belongs to each alone."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def find_row(self, content_hash: str, source: str) -> tuple[sqlite3.Row | None, str]:
        """The stored article for this content at this source, and how it was found.

        ``"same"``: this source with this content; ``"edited"``: this source, other content;
        ``"moved"``: this content under a file path that no longer exists. The same content
        under another path that still exists is *another* article: marks never move between
        files that both exist (text from stdin, ``-``, matches by content alone).
        """
        conn = self.db.conn
        with self.db.lock:
            if source != "-":
                row = conn.execute("SELECT * FROM articles WHERE source = ? ORDER BY "
                                   "(content_hash = ?) DESC, id DESC LIMIT 1",
                                   (source, content_hash)).fetchone()
                if row is not None:
                    return row, ("same" if row["content_hash"] == content_hash else "edited")
            rows = conn.execute("SELECT * FROM articles WHERE content_hash = ? ORDER BY id",
                                (content_hash,)).fetchall()
        for row in rows:
            if source == "-" or _vanished(row["source"]):
                return row, "moved"
        return None, ""

    def lookup(self, content_hash: str, source: str) -> Article | None:
        """The article for this content at this source, read-only (see :meth:`_find`)."""
        row, _ = self.find_row(content_hash, source)
        return _article(row) if row else None

    def find(self, content_hash: str, source: str, title: str = "",
                url: str | None = None, sentences: Sequence[Span] | None = None,
                text: str | None = None, create: bool = True) -> Article | None:
        """Find (or create) the article for this content and source.

        The same content under a path that no longer exists is the same article (the file
        moved). The same path with other content is the same article edited: its marks are
        re-anchored to the new text when ``text`` and ``sentences`` are given. The same
        content under two paths that both exist is two articles.
        """
        row, how = self.find_row(content_hash, source)
        if row is None:
            if not create:
                return None
            with self.db.write() as w:
                # Looked for again inside the write: another process may have added it since.
                row, how = self.find_row(content_hash, source)
                if row is not None:
                    return self.find(content_hash, source, title, url, sentences, text)
                cur = w.execute("INSERT INTO articles (content_hash, source, title, url, "
                                "created, norm_url) VALUES (?, ?, ?, ?, ?, ?)",
                                (content_hash, source, title, url, now(),
                                 _norm_url(url or source)))
                if text is not None:
                    w.execute("UPDATE search SET body = ? WHERE rowid = ?",
                              (text, cur.lastrowid))
                return Article(int(cur.lastrowid), content_hash, source, title, url)
        art = _article(row)
        if how == "edited":
            with self.db.write() as w:
                w.execute("UPDATE articles SET content_hash = ?, title = ? WHERE id = ?",
                          (content_hash, title or art.title, art.id))
                if text is not None:
                    w.execute("UPDATE search SET body = ? WHERE rowid = ?", (text, art.id))
                if text is not None and sentences is not None:
                    self._reanchor(w, art.id, text, sentences)
            art.content_hash = content_hash
            art.title = title or art.title
            return art
        if text and not self.db.conn.execute(
                "SELECT 1 FROM search WHERE rowid = ? AND body != ''", (art.id,)).fetchone():
            with self.db.write() as w:  # known before search existed: its text is indexed now
                w.execute("UPDATE search SET body = ? WHERE rowid = ?", (text, art.id))
        new_source = source if (how == "moved" and source != "-") else art.source
        if new_source != art.source or (title and art.title != title):
            with self.db.write() as w:
                w.execute("UPDATE articles SET source = ?, title = ? WHERE id = ?",
                          (new_source, title or art.title, art.id))
            art.source, art.title = new_source, title or art.title
        return art

    def _reanchor(self, w: sqlite3.Connection, article_id: int, text: str,
                  sentences: Sequence[Span]) -> None:
        rows = w.execute("SELECT * FROM marks WHERE article_id = ? AND deleted IS NULL",
                         (article_id,)).fetchall()
        for row in rows:
            first, last, sure = locate_passage(
                text, sentences, row["text"], row["start"], row["before"], row["after"],
                count=row["last_sentence"] - row["sentence"] + 1)
            if sure < REVIEW_BELOW:
                # Not moved: held for review with its quote and how sure the best match was.
                w.execute("UPDATE marks SET review = ? WHERE id = ?", (sure, row["id"]))
                continue
            s, e = sentences[first][0], sentences[last][1]
            before, after = context_of(text, s, e)
            w.execute("UPDATE marks SET sentence = ?, last_sentence = ?, start = ?, end = ?, "
                      "before = ?, after = ?, review = NULL WHERE id = ?",
                      (first, last, s, e, before, after, row["id"]))
        pos = w.execute("SELECT offset FROM positions WHERE article_id = ?",
                        (article_id,)).fetchone()
        if pos is not None and pos["offset"] > len(text):
            w.execute("UPDATE positions SET offset = ? WHERE article_id = ?",
                      (len(text), article_id))

    def all(self) -> list[Article]:
        return [_article(r) for r in self.db.conn.execute("SELECT * FROM articles ORDER BY id")]

    def search(self, query: Query, limit: int = 20) -> list[SearchHit]:
        """Articles matching *query* (see :mod:`reader.core.library.query`), best first
        (bm25; a title match counts ten times a body match), each with a snippet around the
        match and the match's offset in the article text (-1: not in the text)."""
        where, args = _filters(query, trash=self.db.current())
        match = query.match()
        rank = ("bm25(search, 10.0, 1.0, 3.0, 3.0)" if match else "0.0")
        marked = "highlight(search, 1, char(2), char(3))"
        columns = (f"{rank} AS score, "
                   + ("snippet(search, -1, '«', '»', '…', 16) AS snip, "
                      f"instr({marked}, char(2)) - 1 AS at, "
                      f"instr({marked}, char(3)) - 2 AS stop, "
                      # The text around the first match: where an opened hit opens.
                      f"substr({marked}, max(1, instr({marked}, char(2)) - {_AROUND}), "
                      f"{3 * _AROUND}) AS around"
                      if match else "'' AS snip, -1 AS at, -1 AS stop, '' AS around"))
        listed = _LISTED if self.db.current() else "a.*"
        sql = (f"SELECT {listed}, {columns} FROM search JOIN articles a ON a.id = search.rowid "
               + ("WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY score, a.id LIMIT ?")
        rows = self.db.query(sql, (*args, limit))
        return [SearchHit(_article(r), -float(r["score"]), _snippet(r), int(r["at"]),
                          max(0, int(r["stop"]) - int(r["at"])) if int(r["at"]) >= 0 else 0)
                for r in rows]

    def list(self, query: Query | None = None, sort: str = "added",
                      reverse: bool = False, limit: int = 200, offset: int = 0
                      ) -> list[Article]:
        """A page of the library: the articles matching *query* (all when None), in the
        order *sort* names (see :data:`models.SORTS`; *reverse* turns it round), with their
        progress, number of marks and feeds filled in."""
        if sort not in models.SORTS:
            raise ValueError(f"unknown sort {sort!r} (known: {', '.join(models.SORTS)})")
        self.db.need_current_schema()
        where, args = _filters(query or Query())
        descending = models.SORTS[sort] != reverse
        key = _SORT_SQL[sort]
        order = f"{key} {'DESC' if descending else 'ASC'}, a.id {'DESC' if descending else 'ASC'}"
        needs_search = query is not None and (query.match() or query.excluded())
        sql = (f"SELECT {_LISTED} FROM articles a "
               + ("JOIN search ON search.rowid = a.id " if needs_search else "")
               + ("WHERE " + " AND ".join(where) if where else "")
               + f" ORDER BY {order} LIMIT ? OFFSET ?")
        return [_article(r) for r in self.db.query(sql, (*args, limit, offset))]

    def count(self, query: Query | None = None) -> int:
        self.db.need_current_schema()
        where, args = _filters(query or Query())
        needs_search = query is not None and (query.match() or query.excluded())
        sql = ("SELECT COUNT(*) FROM articles a "
               + ("JOIN search ON search.rowid = a.id " if needs_search else "")
               + ("WHERE " + " AND ".join(where) if where else ""))
        return int(self.db.query(sql, args)[0][0])

    def has_source(self, source: str) -> bool:
        return bool(self.db.query("SELECT 1 FROM articles WHERE source = ? LIMIT 1", (source,)))

    def get(self, article_id: int) -> Article | None:
        rows = self.db.query(f"SELECT {_LISTED} FROM articles a WHERE a.id = ?", (article_id,))
        return _article(rows[0]) if rows else None

    def set_state(self, ids: Sequence[int], state: str) -> int:
        """Move articles to inbox, later or archived; returns how many exist."""
        if state not in models.STATES:
            raise ValueError(f"unknown state {state!r} (known: {', '.join(models.STATES)})")
        return self._update_each(ids, "state = ?", (state,))

    def set_starred(self, ids: Sequence[int], starred: bool = True) -> int:
        return self._update_each(ids, "starred = ?", (int(starred),))

    def set_read(self, ids: Sequence[int], read: bool = True) -> int:
        """Mark articles read to the end (their place kept) or unread (back to the top)."""
        known = 0
        with self.db.write() as w:
            for i in ids:
                if w.execute("SELECT 1 FROM articles WHERE id = ?", (i,)).fetchone() is None:
                    continue
                known += 1
                if read:
                    w.execute("INSERT INTO positions (article_id, offset, progress, updated) "
                              "VALUES (?, 0, 1.0, ?) ON CONFLICT(article_id) DO UPDATE SET "
                              "progress = 1.0, updated = excluded.updated", (i, now()))
                else:
                    w.execute("DELETE FROM positions WHERE article_id = ?", (i,))
                w.execute("UPDATE feed_items SET read = ? WHERE id IN (SELECT item_id FROM "
                          "article_feeds WHERE article_id = ?)", (int(read), i))
        return known

    def tag(self, ids: Sequence[int], add: Sequence[str] = (),
                     remove: Sequence[str] = ()) -> int:
        """Add and remove tags (lower case, without duplicates); returns how many exist."""
        add = [t for t in (_clean_tag(t) for t in add) if t]
        gone = {_clean_tag(t) for t in remove}
        known = 0
        with self.db.write() as w:
            for i in ids:
                row = w.execute("SELECT tags FROM articles WHERE id = ?", (i,)).fetchone()
                if row is None:
                    continue
                known += 1
                tags = [t for t in _stored_tags(row["tags"]) if t not in gone]
                tags += [t for t in add if t not in tags]
                w.execute("UPDATE articles SET tags = ? WHERE id = ?", (json.dumps(tags), i))
        return known

    def remove(self, ids: Sequence[int]) -> int:
        """Put articles in the trash, their marks, notes and place with them; returns how
        many were in the library."""
        return self._update_each(ids, "removed = ?", (now(),), "removed IS NULL")

    def restore(self, ids: Sequence[int]) -> int:
        """Put articles back from the trash as they were; returns how many were in it."""
        return self._update_each(ids, "removed = NULL", (), "removed IS NOT NULL")

    def purge(self, ids: Sequence[int] | None = None, older_than: float | None = None) -> int:
        """Delete for good, with everything kept for them: the articles *ids* (in the
        trash or not), or, without ids, what has been in the trash longer than *older_than*
        seconds (all of the trash when None). Returns how many were deleted."""
        with self.db.write() as w:
            if ids is None:
                cutoff = now() - older_than if older_than is not None else None
                ids = [r[0] for r in w.execute(
                    "SELECT id FROM articles WHERE removed IS NOT NULL"
                    + (" AND removed < ?" if cutoff is not None else ""),
                    (cutoff,) if cutoff is not None else ())]
            # Marks, notes, places, feed links and waiting highlights go by ON DELETE
            # CASCADE, the search row by its trigger.
            return sum(w.execute("DELETE FROM articles WHERE id = ?", (i,)).rowcount
                       for i in ids)

    def _update_each(self, ids: Sequence[int], assignment: str, values: tuple[Any, ...],
                     condition: str = "1") -> int:
        with self.db.write() as w:
            return sum(w.execute(f"UPDATE articles SET {assignment} WHERE id = ? AND "
                                 f"{condition}", (*values, i)).rowcount for i in ids)

    def set_details(self, article: Article, words: int, published: float | None,
                    author: str) -> None:
        """What the list shows without loading the text, once the text is known."""
        if (article.words, article.published, article.author) == (words, published, author):
            return
        with self.db.write() as w:
            w.execute("UPDATE articles SET words = ?, published = coalesce(?, published), "
                      "author = ? WHERE id = ?", (words, published, author, article.id))
        article.words, article.author = words, author
        article.published = published if published is not None else article.published

    def set_deck(self, article_id: int, deck: str) -> None:
        with self.db.write() as w:
            w.execute("UPDATE articles SET deck = ? WHERE id = ?", (deck, article_id))

    def body(self, article_id: int) -> str:
        """The text stored for an article (what search indexes; "" when none)."""
        rows = self.db.query("SELECT body FROM search WHERE rowid = ?", (article_id,))
        return str(rows[0][0] or "") if rows else ""

    def stored_text(self, source: str) -> tuple[str, str, str, str] | None:
        """(title, url, content hash, text) of the first article read from *source* whose
        text is stored; None when there is none."""
        rows = self.db.query(
            "SELECT a.title, a.url, a.content_hash, s.body FROM articles a JOIN search s "
            "ON s.rowid = a.id WHERE a.source = ? AND s.body != '' ORDER BY a.id LIMIT 1",
            (source,))
        return (rows[0][0] or "", rows[0][1] or "", rows[0][2], rows[0][3]) if rows else None

    def views(self) -> list[tuple[str, str]]:
        """Saved views: (name, query), in the order they were saved."""
        return [(r["name"], r["query"]) for r in
                self.db.query("SELECT name, query FROM views ORDER BY created, name", ())]

    def save_view(self, name: str, query: str) -> None:
        with self.db.write() as w:
            w.execute("INSERT INTO views (name, query, created) VALUES (?, ?, ?) ON CONFLICT"
                      "(name) DO UPDATE SET query = excluded.query", (name, query, now()))

    def remove_view(self, name: str) -> bool:
        with self.db.write() as w:
            return w.execute("DELETE FROM views WHERE name = ?", (name,)).rowcount > 0

    def set_note(self, article: Article, note: str) -> None:
        with self.db.write() as w:
            if note.strip():
                w.execute("INSERT INTO article_notes (article_id, note, updated) VALUES (?,?,?) "
                          "ON CONFLICT(article_id) DO UPDATE SET note = excluded.note, "
                          "updated = excluded.updated", (article.id, note, now()))
            else:
                w.execute("DELETE FROM article_notes WHERE article_id = ?", (article.id,))

    def note(self, article: Article) -> str:
        row = self.db.conn.execute("SELECT note FROM article_notes WHERE article_id = ?",
                                 (article.id,)).fetchone()
        return row["note"] if row else ""

    def notes(self) -> list[tuple[Article, str]]:
        rows = self.db.conn.execute("SELECT a.*, n.note AS note FROM article_notes n "
                                  "JOIN articles a ON a.id = n.article_id ORDER BY a.id")
        return [(_article(r), r["note"]) for r in rows]

    def set_position(self, article: Article, offset: int, progress: float = 0.0) -> None:
        with self.db.write() as w:
            w.execute("INSERT INTO positions (article_id, offset, progress, updated) "
                      "VALUES (?,?,?,?) ON CONFLICT(article_id) DO UPDATE SET "
                      "offset = excluded.offset, progress = excluded.progress, "
                      "updated = excluded.updated", (article.id, offset, progress, now()))

    def position(self, article: Article) -> tuple[int, float] | None:
        row = self.db.conn.execute("SELECT offset, progress FROM positions WHERE article_id = ?",
                                 (article.id,)).fetchone()
        return (row["offset"], row["progress"]) if row else None

    def summary_for(self, content_hash: str, source: str) -> tuple[int, float] | None:
        """(number of marks, reading progress) for the library, without creating anything."""
        row, _ = self.find_row(content_hash, source)
        if row is None:
            return None
        with self.db.lock:
            n = self.db.conn.execute("SELECT COUNT(*) FROM marks WHERE article_id = ? AND "
                                   "deleted IS NULL", (row["id"],)).fetchone()[0]
            pos = self.db.conn.execute("SELECT progress FROM positions WHERE article_id = ?",
                                     (row["id"],)).fetchone()
        return n, (pos["progress"] if pos else 0.0)
