"""What other tools' exports bring: articles waiting for their page (claimed by one
process at a time) and highlights waiting to be placed in their text."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.core.library import models
from reader.core.library.db import Database
from reader.core.library.marks import Marks
from reader.core.library.models import Article
from reader.core.library.rows import _clean_tag, _stored_tags, now


@dataclass(frozen=True)
class PendingPlace:
    """Where a waiting highlight was found: sentences *first*..*last*, text *start*..*end*."""

    pending_id: int
    first: int
    last: int
    start: int
    end: int
    text: str
    context: tuple[str, str]


def _book_hash(key: str) -> str:
    """The content hash of the article holding a book's highlights before the book."""
    return f"{models.IMPORT_PLACEHOLDER}book:" + hashlib.sha256(key.encode()).hexdigest()[:24]


class Imports:
    """Imported articles and their highlights until they are placed."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, norm_url: str, item: Any) -> bool:
        """An item of another tool's export (see :mod:`reader.core.interop.importing`): a new
        article waiting for its page (True), or merged into the article with this URL
        (False)."""
        with self.db.write() as w:
            row = w.execute("SELECT id, tags, state, starred FROM articles WHERE norm_url = ? "
                            "ORDER BY id LIMIT 1", (norm_url,)).fetchone()
            if row is not None:
                art_id = row["id"]
                tags = _stored_tags(row["tags"])
                tags += [t for t in (_clean_tag(t) for t in item.tags) if t and t not in tags]
                state = item.state if row["state"] == "inbox" else row["state"]
                w.execute("UPDATE articles SET tags = ?, state = ?, starred = ? WHERE id = ?",
                          (json.dumps(tags), state, int(bool(row["starred"]) or item.starred),
                           art_id))
            else:
                digest = hashlib.sha256(norm_url.encode("utf-8")).hexdigest()[:24]
                cur = w.execute(
                    "INSERT INTO articles (content_hash, source, title, url, created, state, "
                    "starred, tags, norm_url) VALUES (?,?,?,?,?,?,?,?,?)",
                    (f"{models.IMPORT_PLACEHOLDER}{digest}", item.url, item.title or item.url,
                     item.url, item.added or now(), item.state, int(item.starred),
                     json.dumps([t for t in (_clean_tag(t) for t in item.tags) if t]),
                     norm_url))
                art_id = int(cur.lastrowid)
                w.execute("UPDATE search SET body = ? WHERE rowid = ?", (item.excerpt, art_id))
                if item.state == "archived":  # archived elsewhere: read
                    w.execute("INSERT OR IGNORE INTO positions (article_id, offset, progress, "
                              "updated) VALUES (?, 0, 1.0, ?)", (art_id, now()))
            for quote, note in item.highlights:
                w.execute("INSERT OR IGNORE INTO pending_highlights (article_id, quote, note) "
                          "VALUES (?, ?, ?)", (art_id, quote, note))
            return row is None

    def waiting(self) -> list[tuple[int, str]]:
        """Imported articles whose page has not been fetched (nor failed): (id, url)."""
        return [(r["id"], r["url"]) for r in self.db.query(
            "SELECT id, url FROM articles WHERE content_hash LIKE ? AND fetch_error IS NULL "
            "AND url IS NOT NULL ORDER BY id", (models.IMPORT_PLACEHOLDER + "%",))]

    # ------------------------------------------------------------------ books
    def book_titles(self) -> list[tuple[int, str, str]]:
        """(id, title, author) of every article that is a text here (placeholders aside):
        what imported book highlights are matched against."""
        return [(r["id"], r["title"], r["author"] or "") for r in self.db.query(
            "SELECT id, title, author FROM articles WHERE content_hash NOT LIKE ? AND "
            "content_hash NOT LIKE ? AND removed IS NULL ORDER BY id",
            (models.IMPORT_PLACEHOLDER + "%", models.FEED_PLACEHOLDER + "%"))]

    def book_placeholder(self, key: str) -> int | None:
        """The article holding highlights for a book not in the library yet."""
        rows = self.db.query("SELECT id FROM articles WHERE content_hash = ?",
                             (_book_hash(key),))
        return int(rows[0]["id"]) if rows else None

    def save_book(self, key: str, title: str, author: str,
                  highlights: Sequence[tuple[str, str]]) -> int:
        """Keep a book's highlights waiting for the book (listed with why); returns how many
        were new."""
        with self.db.write() as w:
            row = w.execute("SELECT id FROM articles WHERE content_hash = ?",
                            (_book_hash(key),)).fetchone()
            if row is None:
                cur = w.execute(
                    "INSERT INTO articles (content_hash, source, title, created, author, "
                    "fetch_error) VALUES (?, ?, ?, ?, ?, ?)",
                    (_book_hash(key), f"book: {title}", title, now(), author,
                     "waiting for the book: add it to the library, then import again"))
                art_id = int(cur.lastrowid)
            else:
                art_id = int(row["id"])
            return self._pending(w, art_id, highlights)

    def add_pending(self, article_id: int, highlights: Sequence[tuple[str, str]],
                    placeholder: int | None = None) -> int:
        """Highlights to place in an article (a book that has arrived takes over those its
        placeholder kept, and the placeholder goes); returns how many were new."""
        with self.db.write() as w:
            if placeholder is not None and placeholder != article_id:
                w.execute("UPDATE OR IGNORE pending_highlights SET article_id = ? WHERE "
                          "article_id = ?", (article_id, placeholder))
                w.execute("DELETE FROM articles WHERE id = ?", (placeholder,))
            return self._pending(w, article_id, highlights)

    def by_source(self, source: str) -> int | None:
        """The article at *source*: a URL (normalised) or a file's path."""
        from reader.core.urls import is_url, normalise_url

        if is_url(source):
            rows = self.db.query("SELECT id FROM articles WHERE norm_url = ? AND removed IS "
                                 "NULL ORDER BY id LIMIT 1", (normalise_url(source),))
        else:
            rows = self.db.query("SELECT id FROM articles WHERE source = ? AND removed IS "
                                 "NULL ORDER BY id LIMIT 1", (source,))
        return int(rows[0]["id"]) if rows else None

    def tag_placed(self, article_id: int, tags: dict[str, list[str]]) -> None:
        """Give the marks placed from imported highlights the tags their export gave."""
        if not tags:
            return
        with self.db.write() as w:
            for quote, names in tags.items():
                w.execute("UPDATE marks SET tags = ? WHERE id = (SELECT mark_id FROM "
                          "pending_highlights WHERE article_id = ? AND quote = ?)",
                          (json.dumps([_clean_tag(t) for t in names if _clean_tag(t)]),
                           article_id, quote))

    @staticmethod
    def _pending(w, article_id: int, highlights: Sequence[tuple[str, str]]) -> int:
        """Keep each highlight (new ones count); the same passage from another tool with
        another note adds that note to the one kept — and to its mark, if placed — never
        dropping either."""
        changed = 0
        for quote, note in highlights:
            if w.execute("INSERT OR IGNORE INTO pending_highlights (article_id, quote, note) "
                         "VALUES (?, ?, ?)", (article_id, quote, note)).rowcount:
                changed += 1
                continue
            row = w.execute("SELECT id, note, mark_id FROM pending_highlights WHERE "
                            "article_id = ? AND quote = ?", (article_id, quote)).fetchone()
            if not note.strip() or row is None or note.strip() in row["note"]:
                continue
            w.execute("UPDATE pending_highlights SET note = ? WHERE id = ?",
                      (_joined(row["note"], note), row["id"]))
            if row["mark_id"] is not None:
                mark = w.execute("SELECT note FROM marks WHERE id = ?",
                                 (row["mark_id"],)).fetchone()
                if mark is not None and note.strip() not in mark["note"]:
                    w.execute("UPDATE marks SET note = ?, updated = ? WHERE id = ?",
                              (_joined(mark["note"], note), now(), row["mark_id"]))
            changed += 1
        return changed

    def claim(self, article_id: int, seconds: float) -> bool:
        """Claim a waiting page for this process for *seconds*: False when it is no longer
        waiting or another process (``reader import`` beside the app's) is fetching it."""
        stamp = now()
        with self.db.write() as w:
            return w.execute(
                "UPDATE articles SET claimed_until = ? WHERE id = ? AND content_hash LIKE ? "
                "AND fetch_error IS NULL AND (claimed_until IS NULL OR claimed_until < ?)",
                (stamp + seconds, article_id, models.IMPORT_PLACEHOLDER + "%", stamp)).rowcount == 1

    def release(self, article_id: int) -> None:
        with self.db.write() as w:
            w.execute("UPDATE articles SET claimed_until = NULL WHERE id = ?", (article_id,))

    def failed(self, article_id: int, why: str) -> None:
        with self.db.write() as w:
            w.execute("UPDATE articles SET fetch_error = ?, claimed_until = NULL WHERE id = ?",
                      (why, article_id))

    def retry(self) -> int:
        with self.db.write() as w:
            return w.execute("UPDATE articles SET fetch_error = NULL WHERE fetch_error IS NOT "
                             "NULL").rowcount

    def pending(self, article_id: int | None = None) -> list[models.Pending]:
        """Imported highlights not placed (and not dropped), oldest first."""
        if not self.db.current():
            return self._pending_before_8(article_id)
        sql = ("SELECT p.*, a.title, a.fetch_error, coalesce(a.url, a.source) AS url "
               "FROM pending_highlights p "
               "JOIN articles a ON a.id = p.article_id WHERE p.mark_id IS NULL AND "
               "p.dropped IS NULL")
        args: tuple[Any, ...] = ()
        if article_id is not None:
            sql += " AND p.article_id = ?"
            args = (article_id,)
        return [models.Pending(r["id"], r["article_id"], r["quote"], r["note"], r["title"],
                               r["url"] or "", r["why"] or r["fetch_error"] or "")
                for r in self.db.query(sql + " ORDER BY p.id", args)]

    def _pending_before_8(self, article_id: int | None) -> list[models.Pending]:
        """A store of an older schema opened read-only: schema 7 kept only waiting rows (a
        placed one was deleted); before 7 there were none."""
        if not self.db.query("SELECT 1 FROM sqlite_master WHERE name = 'pending_highlights'", ()):
            return []
        rows = self.db.query(
            "SELECT p.id, p.article_id, p.quote, p.note, a.title, a.fetch_error, "
            "coalesce(a.url, a.source) AS url FROM pending_highlights p JOIN articles a ON "
            "a.id = p.article_id WHERE ? IS NULL OR p.article_id = ? ORDER BY p.id",
            (article_id, article_id))
        return [models.Pending(r["id"], r["article_id"], r["quote"], r["note"], r["title"],
                               r["url"] or "", r["fetch_error"] or "") for r in rows]

    def articles_with_pending(self) -> list[int]:
        """Articles that have their text and highlights never tried against it (an import
        stopped between the page's arrival and the placing)."""
        return [r[0] for r in self.db.query(
            "SELECT DISTINCT p.article_id FROM pending_highlights p JOIN articles a ON "
            "a.id = p.article_id WHERE p.mark_id IS NULL AND p.dropped IS NULL AND "
            "p.why IS NULL AND a.content_hash NOT LIKE ? ORDER BY p.article_id",
            (models.IMPORT_PLACEHOLDER + "%",))]

    def place(self, article: Article, placed: Sequence[PendingPlace],
                      unplaced: Sequence[tuple[int, str]] = ()) -> int:
        """Turn waiting highlights into marks, all in one transaction: a highlight another
        process placed meanwhile is skipped, and one whose passage is already marked joins
        that mark (never a second copy). *unplaced*: (pending id, why not). Returns the
        number of marks made."""
        made = 0
        with self.db.write() as w:
            for p in placed:
                row = w.execute("SELECT note FROM pending_highlights WHERE id = ? AND "
                                "mark_id IS NULL AND dropped IS NULL", (p.pending_id,)
                                ).fetchone()
                if row is None:
                    continue
                same = w.execute("SELECT id FROM marks WHERE article_id = ? AND start = ? "
                                 "AND end = ? AND deleted IS NULL", (article.id, p.start, p.end)
                                 ).fetchone()
                if same is not None:
                    mark_id = int(same["id"])
                else:
                    mark_id = Marks.insert(w, article, "highlight", p.first, p.last,
                                                p.start, p.end, p.text, row["note"], (), "",
                                                p.context)
                    made += 1
                w.execute("UPDATE pending_highlights SET mark_id = ?, why = NULL WHERE id = ?",
                          (mark_id, p.pending_id))
            for pending_id, why in unplaced:
                w.execute("UPDATE pending_highlights SET why = ? WHERE id = ?",
                          (why, pending_id))
        return made

    def drop(self, pending_id: int) -> bool:
        """The user gives up on an imported highlight: kept as dropped, so importing the same
        file again does not bring it back."""
        with self.db.write() as w:
            return w.execute("UPDATE pending_highlights SET dropped = ? WHERE id = ? AND "
                             "dropped IS NULL AND mark_id IS NULL",
                             (now(), pending_id)).rowcount == 1

    def restore(self, pending_id: int) -> bool:
        """Undo :meth:`drop_pending_highlight`."""
        with self.db.write() as w:
            return w.execute("UPDATE pending_highlights SET dropped = NULL WHERE id = ? AND "
                             "dropped IS NOT NULL", (pending_id,)).rowcount == 1


def _joined(kept: str, more: str) -> str:
    """Two notes on one passage, both kept: the first, a blank line, the other."""
    return f"{kept.rstrip()}\n\n{more.strip()}" if kept.strip() else more.strip()
