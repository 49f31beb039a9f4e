"""Bookmarks, highlights, notes and reading positions: SQLite in the user data directory.

* WAL journal, a busy timeout and ``BEGIN IMMEDIATE`` for every write, each committed at
  once: several reader processes can write together and a killed process leaves a
  consistent file (SQLite's atomic commit).
* A schema version (``PRAGMA user_version``) with ordered migrations.
* The data directory is created ``0700`` and the database files ``0600``.
* A file at the store's path that is not a SQLite database (or fails its integrity check) is
  moved aside to ``reader.db.corrupt-<time>`` — never overwritten — and a new store is made;
  :attr:`Store.notice` says so. A directory that cannot be written raises :class:`StoreError`
  with a clear message, and the reader keeps working without the store.
* Articles are identified by content hash *and* source: a moved file keeps its bookmarks
  (same hash), an edited file keeps them too (same source; each place is found again by its
  sentence text, nearest match).
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from reader.core.paths import data_dir, ensure_private_dir

SCHEMA_VERSION = 2
DB_NAME = "reader.db"
EXPORT_FORMAT = "reader-bookmarks"
EXPORT_VERSION = 1

Span = tuple[int, int]

_MIGRATIONS: list[str] = [
    # 0 -> 1
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL,
        source TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        url TEXT,
        created REAL NOT NULL,
        opened REAL
    );
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_source ON articles(source);
    CREATE TABLE marks (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('bookmark', 'highlight')),
        sentence INTEGER NOT NULL,
        last_sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        created REAL NOT NULL,
        updated REAL NOT NULL,
        deleted REAL
    );
    CREATE INDEX marks_article ON marks(article_id);
    CREATE TABLE article_notes (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        note TEXT NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE positions (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        offset INTEGER NOT NULL,
        progress REAL NOT NULL DEFAULT 0,
        updated REAL NOT NULL
    );
    """,
    # 1 -> 2: feeds and their items
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        added REAL NOT NULL,
        refreshed REAL,
        error TEXT
    );
    CREATE TABLE feed_items (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        guid TEXT NOT NULL,
        link TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL DEFAULT '',
        content_type TEXT NOT NULL DEFAULT 'text/html',
        read INTEGER NOT NULL DEFAULT 0,
        added REAL NOT NULL,
        UNIQUE (feed_id, guid)
    );
    CREATE INDEX feed_items_link ON feed_items(link);
    """,
]


class StoreError(Exception):
    """The store cannot be used; the message is meant for a person."""


@dataclass
class Article:
    id: int
    content_hash: str
    source: str
    title: str
    url: str | None = None


@dataclass
class Mark:
    """A bookmark (one sentence) or a highlight (a run of whole sentences)."""

    id: int
    uid: str
    article_id: int
    kind: str
    sentence: int
    last_sentence: int
    start: int
    end: int
    text: str
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created: float = 0.0
    updated: float = 0.0
    # Filled in by queries that join the article.
    source: str = ""
    title: str = ""
    url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _now() -> float:
    return time.time()


class Store:
    """One connection to the store. Cheap to open; every change is committed at once."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else data_dir() / DB_NAME
        self.notice: str | None = None
        self._lock = threading.RLock()  # one connection may serve several threads
        self._conn = self._open()

    # ------------------------------------------------------------------ opening
    def _open(self) -> sqlite3.Connection:
        try:
            ensure_private_dir(self.path.parent)
        except OSError as exc:
            raise StoreError(
                f"cannot create the data directory {self.path.parent}: {exc.strerror or exc}"
            ) from None
        if not os.access(self.path.parent, os.W_OK):
            raise StoreError(f"the data directory {self.path.parent} is read-only; "
                             "bookmarks and reading positions will not be saved")
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if not self.path.exists():
                raise StoreError(f"cannot open {self.path}: {exc}") from None
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            n = 1
            while aside.exists():
                aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}-{n}")
                n += 1
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
            self.notice = (f"The store {self.path} was damaged or not a reader database "
                           f"({exc}); it was kept as {aside} and a new one was started.")
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        existed = self.path.exists()
        old_umask = os.umask(0o077)
        try:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 30000")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                conn.close()
                raise sqlite3.DatabaseError(f"integrity check failed: {check}")
            self._migrate(conn)
        except sqlite3.DatabaseError:
            raise
        finally:
            os.umask(old_umask)
        if not existed:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.chmod(self.path.with_name(self.path.name + suffix), 0o600)
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer reader "
                             f"(schema {version}, this one knows {SCHEMA_VERSION})")
        if version == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version, SCHEMA_VERSION):
                for statement in _MIGRATIONS[step].split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        with self._lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")

    def lookup(self, content_hash: str, source: str) -> Article | None:
        """The article for this content (or, failing that, this source), read-only."""
        with self._lock:
            row = self._conn.execute(
                "SELECT * FROM articles WHERE content_hash = ? OR source = ? "
                "ORDER BY (content_hash = ?) DESC, (source = ?) DESC, id DESC LIMIT 1",
                (content_hash, source, content_hash, source)).fetchone()
        return _article(row) if row else None

    # ------------------------------------------------------------------ articles
    def article(self, content_hash: str, source: str, title: str = "",
                url: str | None = None, sentences: Sequence[Span] | None = None,
                text: str | None = None, create: bool = True) -> Article | None:
        """Find (or create) the article for this content and source.

        The same content under another path is the same article (the file moved). The same
        path with other content is the same article edited: its marks are re-anchored to the
        new text when ``text`` and ``sentences`` are given.
        """
        conn = self._conn
        row = conn.execute("SELECT * FROM articles WHERE content_hash = ? ORDER BY "
                           "(source = ?) DESC, id LIMIT 1", (content_hash, source)).fetchone()
        if row is not None:
            art = _article(row)
            if (art.source != source and source != "-") or (title and art.title != title):
                with self._write() as w:
                    w.execute("UPDATE articles SET source = ?, title = ? WHERE id = ?",
                              (source if source != "-" else art.source, title or art.title,
                               art.id))
                art.source = source if source != "-" else art.source
            return art
        row = None
        if source != "-":
            row = conn.execute("SELECT * FROM articles WHERE source = ? ORDER BY id DESC "
                               "LIMIT 1", (source,)).fetchone()
        if row is not None:
            art = _article(row)
            with self._write() as w:
                w.execute("UPDATE articles SET content_hash = ?, title = ? WHERE id = ?",
                          (content_hash, title or art.title, art.id))
                if text is not None and sentences is not None:
                    self._reanchor(w, art.id, text, sentences)
            art.content_hash = content_hash
            return art
        if not create:
            return None
        with self._write() as w:
            cur = w.execute("INSERT INTO articles (content_hash, source, title, url, created) "
                            "VALUES (?, ?, ?, ?, ?)", (content_hash, source, title, url, _now()))
            return Article(int(cur.lastrowid), content_hash, source, title, url)

    def _reanchor(self, w: sqlite3.Connection, article_id: int, text: str,
                  sentences: Sequence[Span]) -> None:
        rows = w.execute("SELECT * FROM marks WHERE article_id = ? AND deleted IS NULL",
                         (article_id,)).fetchall()
        for row in rows:
            first, last = find_passage(text, sentences, row["text"], row["start"])
            s, e = sentences[first][0], sentences[last][1]
            w.execute("UPDATE marks SET sentence = ?, last_sentence = ?, start = ?, end = ? "
                      "WHERE id = ?", (first, last, s, e, row["id"]))
        pos = w.execute("SELECT offset FROM positions WHERE article_id = ?",
                        (article_id,)).fetchone()
        if pos is not None and pos["offset"] > len(text):
            w.execute("UPDATE positions SET offset = ? WHERE article_id = ?",
                      (len(text), article_id))

    def articles(self) -> list[Article]:
        return [_article(r) for r in self._conn.execute("SELECT * FROM articles ORDER BY id")]

    # ------------------------------------------------------------------ marks
    def add_mark(self, article: Article, kind: str, sentence: int, last_sentence: int,
                 start: int, end: int, text: str, note: str = "",
                 tags: Sequence[str] = (), uid: str | None = None,
                 created: float | None = None, updated: float | None = None) -> Mark:
        if kind not in ("bookmark", "highlight"):
            raise ValueError(f"unknown kind {kind!r}")
        now = _now()
        uid = uid or uuid.uuid4().hex
        with self._write() as w:
            cur = w.execute(
                "INSERT INTO marks (uid, article_id, kind, sentence, last_sentence, start, end, "
                "text, note, tags, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (uid, article.id, kind, sentence, last_sentence, start, end, text, note,
                 json.dumps(list(tags)), created or now, updated or created or now))
            mark_id = int(cur.lastrowid)
        return self.mark(mark_id)  # type: ignore[return-value]

    def mark(self, mark_id: int) -> Mark | None:
        row = self._conn.execute(_MARK_SELECT + " WHERE m.id = ? AND m.deleted IS NULL",
                                 (mark_id,)).fetchone()
        return _mark(row) if row else None

    def marks(self, article: Article | None = None, query: str = "") -> list[Mark]:
        sql = _MARK_SELECT + " WHERE m.deleted IS NULL"
        args: list[Any] = []
        if article is not None:
            sql += " AND m.article_id = ?"
            args.append(article.id)
        sql += " ORDER BY a.id, m.start, m.id"
        out = [_mark(r) for r in self._conn.execute(sql, args)]
        if query:
            words = query.lower().split()
            out = [m for m in out if all(
                w in f"{m.text} {m.note} {' '.join(m.tags)} {m.title} {m.source}".lower()
                for w in words)]
        return out

    def update_mark(self, mark_id: int, note: str | None = None,
                    tags: Sequence[str] | None = None) -> Mark | None:
        with self._write() as w:
            if note is not None:
                w.execute("UPDATE marks SET note = ?, updated = ? WHERE id = ?",
                          (note, _now(), mark_id))
            if tags is not None:
                w.execute("UPDATE marks SET tags = ?, updated = ? WHERE id = ?",
                          (json.dumps(list(tags)), _now(), mark_id))
        return self.mark(mark_id)

    def remove_mark(self, mark_id: int) -> bool:
        """Delete a mark (kept as deleted so it can be restored with :meth:`restore_mark`)."""
        with self._write() as w:
            cur = w.execute("UPDATE marks SET deleted = ? WHERE id = ? AND deleted IS NULL",
                            (_now(), mark_id))
            return cur.rowcount > 0

    def restore_mark(self, mark_id: int) -> bool:
        with self._write() as w:
            cur = w.execute("UPDATE marks SET deleted = NULL WHERE id = ?", (mark_id,))
            return cur.rowcount > 0

    def count_marks(self) -> int:
        return self._conn.execute("SELECT COUNT(*) FROM marks WHERE deleted IS NULL"
                                  ).fetchone()[0]

    # ------------------------------------------------------------------ notes and positions
    def set_article_note(self, article: Article, note: str) -> None:
        with self._write() as w:
            if note.strip():
                w.execute("INSERT INTO article_notes (article_id, note, updated) VALUES (?,?,?) "
                          "ON CONFLICT(article_id) DO UPDATE SET note = excluded.note, "
                          "updated = excluded.updated", (article.id, note, _now()))
            else:
                w.execute("DELETE FROM article_notes WHERE article_id = ?", (article.id,))

    def article_note(self, article: Article) -> str:
        row = self._conn.execute("SELECT note FROM article_notes WHERE article_id = ?",
                                 (article.id,)).fetchone()
        return row["note"] if row else ""

    def article_notes(self) -> list[tuple[Article, str]]:
        rows = self._conn.execute("SELECT a.*, n.note AS note FROM article_notes n "
                                  "JOIN articles a ON a.id = n.article_id ORDER BY a.id")
        return [(_article(r), r["note"]) for r in rows]

    def set_position(self, article: Article, offset: int, progress: float = 0.0) -> None:
        with self._write() as w:
            w.execute("INSERT INTO positions (article_id, offset, progress, updated) "
                      "VALUES (?,?,?,?) ON CONFLICT(article_id) DO UPDATE SET "
                      "offset = excluded.offset, progress = excluded.progress, "
                      "updated = excluded.updated", (article.id, offset, progress, _now()))

    def position(self, article: Article) -> tuple[int, float] | None:
        row = self._conn.execute("SELECT offset, progress FROM positions WHERE article_id = ?",
                                 (article.id,)).fetchone()
        return (row["offset"], row["progress"]) if row else None

    def summary_for(self, content_hash: str, source: str) -> tuple[int, float] | None:
        """(number of marks, reading progress) for the library, without creating anything."""
        row = self._conn.execute(
            "SELECT a.id FROM articles a WHERE a.content_hash = ? OR a.source = ? "
            "ORDER BY (a.content_hash = ?) DESC LIMIT 1",
            (content_hash, source, content_hash)).fetchone()
        if row is None:
            return None
        n = self._conn.execute("SELECT COUNT(*) FROM marks WHERE article_id = ? AND "
                               "deleted IS NULL", (row["id"],)).fetchone()[0]
        pos = self._conn.execute("SELECT progress FROM positions WHERE article_id = ?",
                                 (row["id"],)).fetchone()
        return n, (pos["progress"] if pos else 0.0)

    # ------------------------------------------------------------------ feeds
    def add_feed(self, url: str, title: str = "") -> bool:
        """Subscribe; returns False if the feed was already there."""
        with self._write() as w:
            cur = w.execute("INSERT OR IGNORE INTO feeds (url, title, added) VALUES (?,?,?)",
                            (url, title, _now()))
            return cur.rowcount > 0

    def remove_feed(self, url: str) -> bool:
        with self._write() as w:
            return w.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def feeds(self) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            "SELECT f.*, (SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id) AS items, "
            "(SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id AND i.read = 0) AS unread "
            "FROM feeds f ORDER BY f.title COLLATE NOCASE, f.url").fetchall()
        return [dict(r) for r in rows]

    def feed_refreshed(self, url: str, title: str | None, error: str | None) -> None:
        with self._write() as w:
            w.execute("UPDATE feeds SET refreshed = ?, error = ?, title = COALESCE(?, title) "
                      "WHERE url = ?", (_now(), error, title or None, url))

    def add_feed_items(self, url: str, items: Sequence[dict[str, str]]) -> int:
        """Insert items not seen before (by guid); returns how many were new."""
        with self._write() as w:
            row = w.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
            if row is None:
                return 0
            new = 0
            for it in items:
                cur = w.execute(
                    "INSERT OR IGNORE INTO feed_items (feed_id, guid, link, title, published, "
                    "content, content_type, added) VALUES (?,?,?,?,?,?,?,?)",
                    (row["id"], it["guid"], it.get("link", ""), it.get("title", ""),
                     it.get("published", ""), it.get("content", ""),
                     it.get("content_type", "text/html"), _now()))
                new += cur.rowcount
            return new

    def feed_items(self, url: str | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT i.*, f.url AS feed_url, f.title AS feed_title FROM feed_items i "
               "JOIN feeds f ON f.id = i.feed_id")
        args: tuple[Any, ...] = ()
        if url is not None:
            sql += " WHERE f.url = ?"
            args = (url,)
        sql += " ORDER BY i.published DESC, i.id DESC"
        return [dict(r) for r in self._conn.execute(sql, args)]

    def feed_item_for_link(self, link: str) -> dict[str, Any] | None:
        row = self._conn.execute("SELECT * FROM feed_items WHERE link = ? ORDER BY id DESC "
                                 "LIMIT 1", (link,)).fetchone()
        return dict(row) if row else None

    def mark_item_read(self, link: str, read: bool = True) -> None:
        with self._write() as w:
            w.execute("UPDATE feed_items SET read = ? WHERE link = ?", (int(read), link))

    # ------------------------------------------------------------------ export / import
    def export_data(self) -> dict[str, Any]:
        articles: dict[int, dict[str, Any]] = {}
        for art in self.articles():
            articles[art.id] = {"content_hash": art.content_hash, "source": art.source,
                                "title": art.title, "url": art.url, "note": "", "marks": []}
        for art, note in self.article_notes():
            articles[art.id]["note"] = note
        for m in self.marks():
            articles[m.article_id]["marks"].append({
                "uid": m.uid, "kind": m.kind, "sentence": m.sentence,
                "last_sentence": m.last_sentence, "start": m.start, "end": m.end,
                "text": m.text, "note": m.note, "tags": m.tags, "created": m.created,
                "updated": m.updated,
            })
        return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION,
                "articles": [a for a in articles.values() if a["marks"] or a["note"]]}

    def import_data(self, data: dict[str, Any]) -> tuple[int, int]:
        """Merge an export; returns (marks added, marks already present)."""
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise ValueError("not a reader bookmarks export (missing \"format\": "
                             f"\"{EXPORT_FORMAT}\")")
        added = present = 0
        for entry in data.get("articles", []):
            art = self.article(str(entry["content_hash"]), str(entry["source"]),
                               str(entry.get("title", "")), entry.get("url"))
            assert art is not None
            if entry.get("note") and not self.article_note(art):
                self.set_article_note(art, str(entry["note"]))
            for m in entry.get("marks", []):
                exists = self._conn.execute("SELECT 1 FROM marks WHERE uid = ?",
                                            (m["uid"],)).fetchone()
                if exists:
                    present += 1
                    continue
                self.add_mark(art, m["kind"], int(m["sentence"]), int(m["last_sentence"]),
                              int(m["start"]), int(m["end"]), str(m["text"]),
                              str(m.get("note", "")), list(m.get("tags", [])), uid=m["uid"],
                              created=m.get("created"), updated=m.get("updated"))
                added += 1
        return added, present


_MARK_SELECT = ("SELECT m.*, a.source AS a_source, a.title AS a_title, a.url AS a_url "
                "FROM marks m JOIN articles a ON a.id = m.article_id")


def source_key(source: str, meta: dict[str, str]) -> str:
    """How an article's source is remembered: the absolute path of a file, else as given."""
    return meta.get("path") or meta.get("url") or source


def _article(row: sqlite3.Row) -> Article:
    return Article(row["id"], row["content_hash"], row["source"], row["title"], row["url"])


def _mark(row: sqlite3.Row) -> Mark:
    return Mark(
        id=row["id"], uid=row["uid"], article_id=row["article_id"], kind=row["kind"],
        sentence=row["sentence"], last_sentence=row["last_sentence"], start=row["start"],
        end=row["end"], text=row["text"], note=row["note"], tags=json.loads(row["tags"]),
        created=row["created"], updated=row["updated"], source=row["a_source"],
        title=row["a_title"], url=row["a_url"],
    )


def find_passage(text: str, sentences: Sequence[Span], passage: str,
                 near: int) -> tuple[int, int]:
    """Sentence range in (edited) *text* that best matches *passage*, nearest to *near*."""
    if not sentences:
        return 0, 0
    starts = [s for s, _ in sentences]
    import bisect

    def sentence_at(offset: int) -> int:
        return max(0, min(len(sentences) - 1, bisect.bisect_right(starts, offset) - 1))

    # Exact occurrences: take the one nearest the old place.
    hits = []
    pos = text.find(passage)
    while pos >= 0 and passage:
        hits.append(pos)
        pos = text.find(passage, pos + 1)
    if hits:
        best = min(hits, key=lambda p: abs(p - near))
        return sentence_at(best), sentence_at(best + len(passage) - 1)
    # Otherwise the most similar run of as many sentences, nearest on ties.
    n_sent = max(1, len(_split_like(passage)))
    best_score, best_i = -1.0, 0
    for i in range(len(sentences) - n_sent + 1):
        cand = text[sentences[i][0]:sentences[i + n_sent - 1][1]]
        matcher = difflib.SequenceMatcher(None, passage, cand, autojunk=False)
        if matcher.real_quick_ratio() < best_score:
            continue
        score = matcher.ratio() - abs(sentences[i][0] - near) / (10 * max(1, len(text)))
        if score > best_score:
            best_score, best_i = score, i
    return best_i, best_i + n_sent - 1


def _split_like(passage: str) -> list[Span]:
    from reader.core.sentences import split_sentences

    return split_sentences(passage)
