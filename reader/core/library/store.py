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
import hashlib
import json
import math
import os
import re
import sqlite3
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.anchors import REVIEW_BELOW, context_of, locate_passage
from reader.core.dates import sort_key as date_sort_key
from reader.core.library import migrations, models
from reader.core.library.models import Article, Feed, FeedItem, Mark, SearchHit
from reader.core.library.query import Query, QueryError
from reader.core.paths import data_dir, ensure_private_dir
from reader.core.textsafe import matches_words
from reader.core.urls import is_url, normalise_url

SCHEMA_VERSION = migrations.schema_version()
DB_NAME = "reader.db"
EXPORT_FORMAT = "reader-bookmarks"
EXPORT_VERSION = 1
# Seconds a write waits for another process's write to finish before giving up.
BUSY_TIMEOUT = 10.0

Span = tuple[int, int]


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

def _reading_filters(states: set[str]) -> list[str]:
    """SQL conditions for is:read / is:unread / is:started (the thresholds are numbers of
    our own, written in; nothing from the query is)."""
    progress = "SELECT p.progress FROM positions p WHERE p.article_id = a.id"
    out = []
    if "read" in states:
        out.append(f"coalesce(({progress}), 0) >= {models.READ_TO_END}")
    if "unread" in states:
        out.append(f"coalesce(({progress}), 0) <= {models.NOT_STARTED}")
    if "started" in states:
        out.append(f"coalesce(({progress}), 0) > {models.NOT_STARTED} "
                   f"AND coalesce(({progress}), 0) < {models.READ_TO_END}")
    return out


class StoreError(Exception):
    """The store cannot be used; the message is meant for a person."""


class IntegrityError(sqlite3.DatabaseError):
    """``PRAGMA quick_check`` found damage."""


# Why a store could not be opened or written. Only DAMAGED may move a file aside.
DAMAGED, FULL, LOCKED, DENIED, IO, OTHER = "damaged", "full", "locked", "denied", "io", "other"

# SQLite's primary result codes (the low byte of an extended code).
_CODE_KINDS = {11: DAMAGED, 26: DAMAGED, 13: FULL, 5: LOCKED, 6: LOCKED, 3: DENIED,
               8: DENIED, 14: DENIED, 23: DENIED, 10: IO}
# Python 3.10 has no error codes on the exception: SQLite's own messages for the same codes.
_MESSAGE_KINDS = (("file is not a database", DAMAGED), ("malformed", DAMAGED),
                  ("disk is full", FULL), ("locked", LOCKED), ("unable to open", DENIED),
                  ("readonly", DENIED), ("read-only", DENIED), ("authoriz", DENIED),
                  ("disk i/o error", IO))


def error_kind(exc: sqlite3.DatabaseError) -> str:
    """Classify an SQLite error: proven damage, or a condition that leaves the file alone."""
    if isinstance(exc, IntegrityError):
        return DAMAGED
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _CODE_KINDS:
        return _CODE_KINDS[code & 0xFF]
    text = str(exc).lower()
    for needle, kind in _MESSAGE_KINDS:
        if needle in text:
            return kind
    return OTHER


def explain(kind: str, exc: BaseException, path: Path) -> str:
    """One sentence for a person saying why the store at *path* could not be used."""
    if kind == FULL:
        return f"the disk holding {path} is full"
    if kind == LOCKED:
        return f"{path} is locked by another process (another reader busy writing?)"
    if kind == DENIED:
        return f"no permission to write {path} or its folder"
    if kind == IO:
        return f"the disk reported an error reading or writing {path}"
    if kind == DAMAGED:
        return f"{path} is damaged or not a reader database ({exc})"
    return f"cannot use {path}: {exc}"


@contextlib.contextmanager
def _creation_lock(path: Path) -> Iterator[None]:
    """Processes open (create, migrate) the store one at a time: an advisory lock on
    ``reader.db.lock`` beside it. Where locks are not available the store opens without it
    (SQLite's own locking still keeps the file consistent)."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    try:
        fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:  # never wait for ever: after the busy timeout, go on without it
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.01)
            except OSError:
                break
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None,
                           check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _now() -> float:
    return time.time()


class Store:
    """One connection to the store. Cheap to open; every change is committed at once."""

    def __init__(self, path: Path | None = None, timeout: float | None = None) -> None:
        self.path = Path(path) if path is not None else data_dir() / DB_NAME
        self.timeout = BUSY_TIMEOUT if timeout is None else timeout
        self.notice: str | None = None
        #: Why the store is read-only (None when it can be written).
        self.read_only: str | None = None
        self._lock = threading.RLock()  # one connection may serve several threads
        self._schema_current = False
        self._conn = self._open()

    # ------------------------------------------------------------------ opening
    def _open(self) -> sqlite3.Connection:
        try:
            ensure_private_dir(self.path.parent)
        except OSError as exc:
            if not self.path.exists():
                raise StoreError(f"cannot create the data directory {self.path.parent}: "
                                 f"{exc.strerror or exc}") from None
        try:
            with _creation_lock(self.path):
                return self._connect()
        except sqlite3.DatabaseError as exc:
            kind = error_kind(exc)
            if kind != DAMAGED or not self.path.exists():
                return self._open_read_only(kind, exc)
            self._set_aside(exc)
            return self._connect()

    def _set_aside(self, exc: sqlite3.DatabaseError) -> None:
        """Move a proven-damaged store (and its WAL files) aside; never delete it."""
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

    def _open_read_only(self, kind: str, exc: sqlite3.DatabaseError) -> sqlite3.Connection:
        """After a failure that is not damage: leave the file alone; read it if we can."""
        reason = explain(kind, exc, self.path)
        if not self.path.exists() or kind == DAMAGED:
            raise StoreError(reason) from None
        try:
            conn = _connect_read_only(self.path, self.timeout)
        except sqlite3.DatabaseError:
            raise StoreError(reason) from None
        self.read_only = reason
        self.notice = (f"{reason}. The store was left as it is and opened read-only: "
                       "bookmarks can be listed and exported, nothing new is saved.")
        return conn

    def _connect(self) -> sqlite3.Connection:
        existed = self.path.exists()
        old_umask = os.umask(0o077)
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise IntegrityError(f"integrity check failed: {check}")
            self._migrate(conn)
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        finally:
            os.umask(old_umask)
        if not existed:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.chmod(self.path.with_name(self.path.name + suffix), 0o600)
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            migrations.migrate(conn)
        except migrations.NewerStore as exc:
            raise StoreError(f"{self.path} was written by a newer reader ({exc})") from None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. A write that fails (disk full, locked by another process,
        read-only) is rolled back and raised as :class:`StoreError` saying why."""
        if self.read_only:
            raise StoreError(f"nothing can be saved: {self.read_only}")
        conn = self._conn
        with self._lock:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as exc:
                raise StoreError(explain(error_kind(exc), exc, self.path)) from None
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.DatabaseError):
                    raise StoreError(explain(error_kind(exc), exc, self.path)) from None
                raise

    def _find(self, content_hash: str, source: str) -> tuple[sqlite3.Row | None, str]:
        """The stored article for this content at this source, and how it was found.

        ``"same"``: this source with this content; ``"edited"``: this source, other content;
        ``"moved"``: this content under a file path that no longer exists. The same content
        under another path that still exists is *another* article: marks never move between
        files that both exist (text from stdin, ``-``, matches by content alone).
        """
        conn = self._conn
        with self._lock:
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
        row, _ = self._find(content_hash, source)
        return _article(row) if row else None

    # ------------------------------------------------------------------ articles
    def article(self, content_hash: str, source: str, title: str = "",
                url: str | None = None, sentences: Sequence[Span] | None = None,
                text: str | None = None, create: bool = True) -> Article | None:
        """Find (or create) the article for this content and source.

        The same content under a path that no longer exists is the same article (the file
        moved). The same path with other content is the same article edited: its marks are
        re-anchored to the new text when ``text`` and ``sentences`` are given. The same
        content under two paths that both exist is two articles.
        """
        row, how = self._find(content_hash, source)
        if row is None:
            if not create:
                return None
            with self._write() as w:
                # Looked for again inside the write: another process may have added it since.
                row, how = self._find(content_hash, source)
                if row is not None:
                    return self.article(content_hash, source, title, url, sentences, text)
                cur = w.execute("INSERT INTO articles (content_hash, source, title, url, "
                                "created, norm_url) VALUES (?, ?, ?, ?, ?, ?)",
                                (content_hash, source, title, url, _now(),
                                 _norm_url(url or source)))
                if text is not None:
                    w.execute("UPDATE search SET body = ? WHERE rowid = ?",
                              (text, cur.lastrowid))
                return Article(int(cur.lastrowid), content_hash, source, title, url)
        art = _article(row)
        if how == "edited":
            with self._write() as w:
                w.execute("UPDATE articles SET content_hash = ?, title = ? WHERE id = ?",
                          (content_hash, title or art.title, art.id))
                if text is not None:
                    w.execute("UPDATE search SET body = ? WHERE rowid = ?", (text, art.id))
                if text is not None and sentences is not None:
                    self._reanchor(w, art.id, text, sentences)
            art.content_hash = content_hash
            art.title = title or art.title
            return art
        if text and not self._conn.execute(
                "SELECT 1 FROM search WHERE rowid = ? AND body != ''", (art.id,)).fetchone():
            with self._write() as w:  # known before search existed: its text is indexed now
                w.execute("UPDATE search SET body = ? WHERE rowid = ?", (text, art.id))
        new_source = source if (how == "moved" and source != "-") else art.source
        if new_source != art.source or (title and art.title != title):
            with self._write() as w:
                w.execute("UPDATE articles SET source = ?, title = ? WHERE id = ?",
                          (new_source, title or art.title, art.id))
            art.source, art.title = new_source, title or art.title
        return art

    def _reanchor(self, w: sqlite3.Connection, article_id: int, text: str,
                  sentences: Sequence[Span]) -> None:
        rows = w.execute("SELECT * FROM marks WHERE article_id = ? AND deleted IS NULL",
                         (article_id,)).fetchall()
        for row in rows:
            first, last, sure = locate_passage(text, sentences, row["text"], row["start"],
                                               row["before"], row["after"])
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

    def articles(self) -> list[Article]:
        return [_article(r) for r in self._conn.execute("SELECT * FROM articles ORDER BY id")]

    # ------------------------------------------------------------------ search
    def search(self, query: Query, limit: int = 20) -> list[SearchHit]:
        """Articles matching *query* (see :mod:`reader.core.library.query`), best first
        (bm25; a title match counts ten times a body match), each with a snippet around the
        match and the match's offset in the article text (-1: not in the text)."""
        where, args = _filters(query)
        match = query.match()
        rank = ("bm25(search, 10.0, 1.0, 3.0, 3.0)" if match else "0.0")
        columns = (f"{rank} AS score, "
                   + ("snippet(search, -1, '«', '»', '…', 16) AS snip, "
                      "instr(highlight(search, 1, char(2), char(3)), char(2)) - 1 AS at"
                      if match else "'' AS snip, -1 AS at"))
        listed = _LISTED if self._current() else "a.*"
        sql = (f"SELECT {listed}, {columns} FROM search JOIN articles a ON a.id = search.rowid "
               + ("WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY score, a.id LIMIT ?")
        rows = self._query(sql, (*args, limit))
        return [SearchHit(_article(r), -float(r["score"]), r["snip"] or "", int(r["at"]))
                for r in rows]

    def _query(self, sql: str, args: Sequence[Any], repair: bool = True) -> list[sqlite3.Row]:
        try:
            with self._lock:
                return self._conn.execute(sql, tuple(args)).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc).lower() or "syntax" in str(exc).lower():
                raise QueryError(f"the search could not be run: {exc}") from None
            raise
        except sqlite3.DatabaseError as exc:
            # A damaged search index is rebuilt from the text it indexes (nothing of the
            # user's is in the index alone), then the question is asked again.
            if not (repair and error_kind(exc) == DAMAGED and "search" in sql):
                raise
            problem = self.repair_search_index()
            if problem is not None:
                raise StoreError(f"the search index of {self.path} is damaged ({exc}) and could "
                                 f"not be rebuilt ({problem}); 'reader doctor' says more"
                                 ) from None
            return self._query(sql, args, repair=False)

    def check_search_index(self) -> str | None:
        """None when the search index matches the text it indexes, else what is wrong."""
        try:
            with self._lock:
                self._conn.execute("INSERT INTO search(search) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            return str(exc)
        return None

    def repair_search_index(self) -> str | None:
        """Rebuild the search index from the text it indexes; None when done, else why not."""
        if self.read_only:
            return f"the store is read-only: {self.read_only}"
        try:
            with self._write() as w:
                w.execute("INSERT INTO search(search) VALUES ('rebuild')")
        except StoreError as exc:
            return str(exc)
        return self.check_search_index()

    def integrity(self) -> str:
        """SQLite's own check of the whole file: "ok" or the problems it found."""
        with self._lock:
            rows = self._conn.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(r[0]) for r in rows)

    def list_articles(self, query: Query | None = None, sort: str = "added",
                      reverse: bool = False, limit: int = 200, offset: int = 0
                      ) -> list[Article]:
        """A page of the library: the articles matching *query* (all when None), in the
        order *sort* names (see :data:`models.SORTS`; *reverse* turns it round), with their
        progress, number of marks and feeds filled in."""
        if sort not in models.SORTS:
            raise ValueError(f"unknown sort {sort!r} (known: {', '.join(models.SORTS)})")
        self._need_current_schema()
        where, args = _filters(query) if query is not None else ([], [])
        descending = models.SORTS[sort] != reverse
        key = _SORT_SQL[sort]
        order = f"{key} {'DESC' if descending else 'ASC'}, a.id {'DESC' if descending else 'ASC'}"
        needs_search = query is not None and (query.match() or query.excluded())
        sql = (f"SELECT {_LISTED} FROM articles a "
               + ("JOIN search ON search.rowid = a.id " if needs_search else "")
               + ("WHERE " + " AND ".join(where) if where else "")
               + f" ORDER BY {order} LIMIT ? OFFSET ?")
        return [_article(r) for r in self._query(sql, (*args, limit, offset))]

    def _current(self) -> bool:
        """Whether the file has this reader's schema (an old one opened read-only has not).
        Once it has, it keeps it: asked of SQLite until then, not on every listing."""
        if not self._schema_current:
            with self._lock:
                version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            self._schema_current = version >= SCHEMA_VERSION
        return self._schema_current

    def _need_current_schema(self) -> None:
        if not self._current():
            raise StoreError(f"{self.path} is from an older reader and could not be updated "
                             f"({self.read_only or 'read-only'}): the library cannot be listed")

    def count_articles(self, query: Query | None = None) -> int:
        self._need_current_schema()
        where, args = _filters(query) if query is not None else ([], [])
        needs_search = query is not None and (query.match() or query.excluded())
        sql = ("SELECT COUNT(*) FROM articles a "
               + ("JOIN search ON search.rowid = a.id " if needs_search else "")
               + ("WHERE " + " AND ".join(where) if where else ""))
        return int(self._query(sql, args)[0][0])

    def has_source(self, source: str) -> bool:
        return bool(self._query("SELECT 1 FROM articles WHERE source = ? LIMIT 1", (source,)))

    def get_article(self, article_id: int) -> Article | None:
        rows = self._query(f"SELECT {_LISTED} FROM articles a WHERE a.id = ?", (article_id,))
        return _article(rows[0]) if rows else None

    # ------------------------------------------------------------------ triage
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
        with self._write() as w:
            for i in ids:
                if w.execute("SELECT 1 FROM articles WHERE id = ?", (i,)).fetchone() is None:
                    continue
                known += 1
                if read:
                    w.execute("INSERT INTO positions (article_id, offset, progress, updated) "
                              "VALUES (?, 0, 1.0, ?) ON CONFLICT(article_id) DO UPDATE SET "
                              "progress = 1.0, updated = excluded.updated", (i, _now()))
                else:
                    w.execute("DELETE FROM positions WHERE article_id = ?", (i,))
                w.execute("UPDATE feed_items SET read = ? WHERE id IN (SELECT item_id FROM "
                          "article_feeds WHERE article_id = ?)", (int(read), i))
        return known

    def tag_articles(self, ids: Sequence[int], add: Sequence[str] = (),
                     remove: Sequence[str] = ()) -> int:
        """Add and remove tags (lower case, without duplicates); returns how many exist."""
        add = [t for t in (_clean_tag(t) for t in add) if t]
        gone = {_clean_tag(t) for t in remove}
        known = 0
        with self._write() as w:
            for i in ids:
                row = w.execute("SELECT tags FROM articles WHERE id = ?", (i,)).fetchone()
                if row is None:
                    continue
                known += 1
                tags = [t for t in _stored_tags(row["tags"]) if t not in gone]
                tags += [t for t in add if t not in tags]
                w.execute("UPDATE articles SET tags = ? WHERE id = ?", (json.dumps(tags), i))
        return known

    def _update_each(self, ids: Sequence[int], assignment: str, values: tuple[Any, ...]) -> int:
        with self._write() as w:
            return sum(w.execute(f"UPDATE articles SET {assignment} WHERE id = ?",
                                 (*values, i)).rowcount for i in ids)

    def set_details(self, article: Article, words: int, published: float | None,
                    author: str) -> None:
        """What the list shows without loading the text, once the text is known."""
        if (article.words, article.published, article.author) == (words, published, author):
            return
        with self._write() as w:
            w.execute("UPDATE articles SET words = ?, published = coalesce(?, published), "
                      "author = ? WHERE id = ?", (words, published, author, article.id))
        article.words, article.author = words, author
        article.published = published if published is not None else article.published

    # ------------------------------------------------------------------ imports
    def save_imported(self, norm_url: str, item: Any) -> bool:
        """An item of another tool's export (see :mod:`reader.core.imports`): a new article
        waiting for its page (True), or merged into the article with this URL (False)."""
        with self._write() as w:
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
                     item.url, item.added or _now(), item.state, int(item.starred),
                     json.dumps([t for t in (_clean_tag(t) for t in item.tags) if t]),
                     norm_url))
                art_id = int(cur.lastrowid)
                w.execute("UPDATE search SET body = ? WHERE rowid = ?", (item.excerpt, art_id))
                if item.state == "archived":  # archived elsewhere: read
                    w.execute("INSERT OR IGNORE INTO positions (article_id, offset, progress, "
                              "updated) VALUES (?, 0, 1.0, ?)", (art_id, _now()))
            for quote, note in item.highlights:
                w.execute("INSERT OR IGNORE INTO pending_highlights (article_id, quote, note) "
                          "VALUES (?, ?, ?)", (art_id, quote, note))
            return row is None

    def waiting_imports(self) -> list[tuple[int, str]]:
        """Imported articles whose page has not been fetched (nor failed): (id, url)."""
        return [(r["id"], r["url"]) for r in self._query(
            "SELECT id, url FROM articles WHERE content_hash LIKE ? AND fetch_error IS NULL "
            "ORDER BY id", (models.IMPORT_PLACEHOLDER + "%",))]

    def claim_import(self, article_id: int, seconds: float) -> bool:
        """Claim a waiting page for this process for *seconds*: False when it is no longer
        waiting or another process (``reader import`` beside the app's) is fetching it."""
        now = _now()
        with self._write() as w:
            return w.execute(
                "UPDATE articles SET claimed_until = ? WHERE id = ? AND content_hash LIKE ? "
                "AND fetch_error IS NULL AND (claimed_until IS NULL OR claimed_until < ?)",
                (now + seconds, article_id, models.IMPORT_PLACEHOLDER + "%", now)).rowcount == 1

    def release_claim(self, article_id: int) -> None:
        with self._write() as w:
            w.execute("UPDATE articles SET claimed_until = NULL WHERE id = ?", (article_id,))

    def import_failed(self, article_id: int, why: str) -> None:
        with self._write() as w:
            w.execute("UPDATE articles SET fetch_error = ?, claimed_until = NULL WHERE id = ?",
                      (why, article_id))

    def retry_imports(self) -> int:
        with self._write() as w:
            return w.execute("UPDATE articles SET fetch_error = NULL WHERE fetch_error IS NOT "
                             "NULL").rowcount

    def pending_highlights(self, article_id: int | None = None) -> list[models.Pending]:
        """Imported highlights not placed (and not dropped), oldest first."""
        if not self._current():
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
                for r in self._query(sql + " ORDER BY p.id", args)]

    def _pending_before_8(self, article_id: int | None) -> list[models.Pending]:
        """A store of an older schema opened read-only: schema 7 kept only waiting rows (a
        placed one was deleted); before 7 there were none."""
        if not self._query("SELECT 1 FROM sqlite_master WHERE name = 'pending_highlights'", ()):
            return []
        rows = self._query(
            "SELECT p.id, p.article_id, p.quote, p.note, a.title, a.fetch_error, "
            "coalesce(a.url, a.source) AS url FROM pending_highlights p JOIN articles a ON "
            "a.id = p.article_id WHERE ? IS NULL OR p.article_id = ? ORDER BY p.id",
            (article_id, article_id))
        return [models.Pending(r["id"], r["article_id"], r["quote"], r["note"], r["title"],
                               r["url"] or "", r["fetch_error"] or "") for r in rows]

    def articles_with_pending(self) -> list[int]:
        """Articles that have their text and highlights never tried against it (an import
        stopped between the page's arrival and the placing)."""
        return [r[0] for r in self._query(
            "SELECT DISTINCT p.article_id FROM pending_highlights p JOIN articles a ON "
            "a.id = p.article_id WHERE p.mark_id IS NULL AND p.dropped IS NULL AND "
            "p.why IS NULL AND a.content_hash NOT LIKE ? ORDER BY p.article_id",
            (models.IMPORT_PLACEHOLDER + "%",))]

    def article_body(self, article_id: int) -> str:
        """The text stored for an article (what search indexes; "" when none)."""
        rows = self._query("SELECT body FROM search WHERE rowid = ?", (article_id,))
        return str(rows[0][0] or "") if rows else ""

    def place_pending(self, article: Article, placed: Sequence[PendingPlace],
                      unplaced: Sequence[tuple[int, str]] = ()) -> int:
        """Turn waiting highlights into marks, all in one transaction: a highlight another
        process placed meanwhile is skipped, and one whose passage is already marked joins
        that mark (never a second copy). *unplaced*: (pending id, why not). Returns the
        number of marks made."""
        made = 0
        with self._write() as w:
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
                    mark_id = self._insert_mark(w, article, "highlight", p.first, p.last,
                                                p.start, p.end, p.text, row["note"], (), "",
                                                p.context)
                    made += 1
                w.execute("UPDATE pending_highlights SET mark_id = ?, why = NULL WHERE id = ?",
                          (mark_id, p.pending_id))
            for pending_id, why in unplaced:
                w.execute("UPDATE pending_highlights SET why = ? WHERE id = ?",
                          (why, pending_id))
        return made

    def drop_pending_highlight(self, pending_id: int) -> bool:
        """The user gives up on an imported highlight: kept as dropped, so importing the same
        file again does not bring it back."""
        with self._write() as w:
            return w.execute("UPDATE pending_highlights SET dropped = ? WHERE id = ? AND "
                             "dropped IS NULL AND mark_id IS NULL",
                             (_now(), pending_id)).rowcount == 1

    def restore_pending_highlight(self, pending_id: int) -> bool:
        """Undo :meth:`drop_pending_highlight`."""
        with self._write() as w:
            return w.execute("UPDATE pending_highlights SET dropped = NULL WHERE id = ? AND "
                             "dropped IS NOT NULL", (pending_id,)).rowcount == 1

    # ------------------------------------------------------------------ saved views
    def views(self) -> list[tuple[str, str]]:
        """Saved views: (name, query), in the order they were saved."""
        return [(r["name"], r["query"]) for r in
                self._query("SELECT name, query FROM views ORDER BY created, name", ())]

    def save_view(self, name: str, query: str) -> None:
        with self._write() as w:
            w.execute("INSERT INTO views (name, query, created) VALUES (?, ?, ?) ON CONFLICT"
                      "(name) DO UPDATE SET query = excluded.query", (name, query, _now()))

    def remove_view(self, name: str) -> bool:
        with self._write() as w:
            return w.execute("DELETE FROM views WHERE name = ?", (name,)).rowcount > 0

    # ------------------------------------------------------------------ marks
    def add_mark(self, article: Article, kind: str, sentence: int, last_sentence: int,
                 start: int, end: int, text: str, note: str = "",
                 tags: Sequence[str] = (), uid: str | None = None,
                 created: float | None = None, updated: float | None = None,
                 chapter: str = "", context: tuple[str, str] = ("", "")) -> Mark:
        if kind not in ("bookmark", "highlight"):
            raise ValueError(f"unknown kind {kind!r}")
        with self._write() as w:
            mark_id = self._insert_mark(w, article, kind, sentence, last_sentence, start, end,
                                        text, note, tags, chapter, context, uid, created,
                                        updated)
        return self.mark(mark_id)  # type: ignore[return-value]

    @staticmethod
    def _insert_mark(w: sqlite3.Connection, article: Article, kind: str, sentence: int,
                     last_sentence: int, start: int, end: int, text: str, note: str,
                     tags: Sequence[str], chapter: str, context: tuple[str, str],
                     uid: str | None = None, created: float | None = None,
                     updated: float | None = None) -> int:
        now = _now()
        cur = w.execute(
            "INSERT INTO marks (uid, article_id, kind, sentence, last_sentence, start, end, "
            "text, note, tags, created, updated, chapter, before, after) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (uid or uuid.uuid4().hex, article.id, kind, sentence, last_sentence, start, end,
             text, note, json.dumps(list(tags)), created or now, updated or created or now,
             chapter, context[0], context[1]))
        return int(cur.lastrowid)

    def mark(self, mark_id: int) -> Mark | None:
        row = self._conn.execute(_MARK_SELECT + " WHERE m.id = ? AND m.deleted IS NULL",
                                 (mark_id,)).fetchone()
        return _mark(row) if row else None

    def marks(self, article: Article | None = None, query: str = "",
              needs_review: bool = False) -> list[Mark]:
        sql = _MARK_SELECT + " WHERE m.deleted IS NULL"
        if needs_review:
            sql += " AND m.review IS NOT NULL"
        args: list[Any] = []
        if article is not None:
            sql += " AND m.article_id = ?"
            args.append(article.id)
        sql += " ORDER BY a.id, m.start, m.id"
        out = [_mark(r) for r in self._conn.execute(sql, args)]
        if query:
            out = [m for m in out
                   if matches_words(query, m.text, m.note, *m.tags, m.title, m.source)]
        return out

    def resolve_review(self, mark_id: int, start: int | None = None, end: int | None = None,
                       sentences: tuple[int, int] | None = None,
                       context: tuple[str, str] = ("", "")) -> Mark | None:
        """A mark held for review: placed where the reader says (or kept where it was)."""
        with self._write() as w:
            if start is not None and end is not None and sentences is not None:
                w.execute("UPDATE marks SET sentence = ?, last_sentence = ?, start = ?, "
                          "end = ?, before = ?, after = ? WHERE id = ?",
                          (*sentences, start, end, *context, mark_id))
            w.execute("UPDATE marks SET review = NULL WHERE id = ?", (mark_id,))
        return self.mark(mark_id)

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
        row, _ = self._find(content_hash, source)
        if row is None:
            return None
        with self._lock:
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

    def feeds(self) -> list[Feed]:
        rows = self._conn.execute(
            "SELECT f.*, (SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id) AS items, "
            "(SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id AND i.read = 0) AS unread "
            "FROM feeds f ORDER BY f.title COLLATE NOCASE, f.url").fetchall()
        return [Feed(**dict(r)) for r in rows]

    def feed_refreshed(self, url: str, title: str | None, error: str | None) -> None:
        with self._write() as w:
            w.execute("UPDATE feeds SET refreshed = ?, error = ?, title = COALESCE(?, title) "
                      "WHERE url = ?", (_now(), error, title or None, url))

    def add_feed_items(self, url: str, items: Sequence[dict[str, str]]) -> int:
        """Insert items not seen before (by guid); returns how many were new. Each item is
        an article of the library too (found by its link: one article under every feed that
        carries it), listed with the feed's title and excerpt until its page is opened."""
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
                if cur.rowcount:
                    _adopt_item(w, int(cur.lastrowid))
            return new

    def feed_items(self, url: str | None = None) -> list[FeedItem]:
        sql = ("SELECT i.*, f.url AS feed_url, f.title AS feed_title FROM feed_items i "
               "JOIN feeds f ON f.id = i.feed_id")
        args: tuple[Any, ...] = ()
        if url is not None:
            sql += " WHERE f.url = ?"
            args = (url,)
        items = [_feed_item(r) for r in self._conn.execute(sql, args)]
        # Newest first by the real date (RSS writes "Wed, 20 Nov": text order is weekday order).
        items.sort(key=lambda i: (date_sort_key(i.published), i.id), reverse=True)
        return items

    def feed_item_for_link(self, link: str) -> FeedItem | None:
        row = self._conn.execute(
            "SELECT i.*, f.url AS feed_url, f.title AS feed_title FROM feed_items i "
            "JOIN feeds f ON f.id = i.feed_id WHERE i.link = ? ORDER BY i.id DESC LIMIT 1",
            (link,)).fetchone()
        return _feed_item(row) if row else None

    def feed_item(self, item_id: int) -> FeedItem | None:
        row = self._conn.execute(
            "SELECT i.*, f.url AS feed_url, f.title AS feed_title FROM feed_items i "
            "JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?", (item_id,)).fetchone()
        return _feed_item(row) if row else None

    def mark_item_read(self, link: str, read: bool = True, item_id: int | None = None) -> None:
        with self._write() as w:
            if item_id is not None:
                w.execute("UPDATE feed_items SET read = ? WHERE id = ?", (int(read), item_id))
            else:
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
                "updated": m.updated, "chapter": m.chapter,
            })
        for p in self.pending_highlights():
            articles[p.article_id].setdefault("pending", []).append(
                {"quote": p.quote, "note": p.note, "why": p.why})
        return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION,
                "articles": [a for a in articles.values()
                             if a["marks"] or a["note"] or a.get("pending")]}

    def import_data(self, data: Any) -> tuple[int, int]:
        """Merge an export, all or nothing; returns (marks added, marks already present).

        The whole file is checked before anything is written (a :class:`ValueError` names the
        first bad field), then written in one transaction. A mark without a ``uid`` gets one
        made from its content, so importing the same file twice adds nothing the second time.
        """
        entries = validate_export(data)
        added = present = 0
        with self._write() as w:
            for entry in entries:
                row, _ = self._find(entry.content_hash, entry.source)
                if row is None:
                    cur = w.execute("INSERT INTO articles (content_hash, source, title, url, "
                                    "created) VALUES (?, ?, ?, ?, ?)",
                                    (entry.content_hash, entry.source, entry.title, entry.url,
                                     _now()))
                    article_id = int(cur.lastrowid)
                else:
                    article_id = int(row["id"])
                if entry.note and not w.execute(
                        "SELECT 1 FROM article_notes WHERE article_id = ?",
                        (article_id,)).fetchone():
                    w.execute("INSERT INTO article_notes (article_id, note, updated) "
                              "VALUES (?,?,?)", (article_id, entry.note, _now()))
                for quote, note in entry.pending:
                    w.execute("INSERT OR IGNORE INTO pending_highlights (article_id, quote, "
                              "note) VALUES (?, ?, ?)", (article_id, quote, note))
                for m in entry.marks:
                    # The same mark: the same uid, or (an export without uids) the same
                    # passage of the same article with the same note.
                    if w.execute("SELECT 1 FROM marks WHERE uid = ? OR (article_id = ? AND "
                                 "start = ? AND end = ? AND text = ? AND note = ? AND "
                                 "deleted IS NULL)", (m.uid, article_id, m.start, m.end,
                                                      m.text, m.note)).fetchone():
                        present += 1
                        continue
                    w.execute(
                        "INSERT INTO marks (uid, article_id, kind, sentence, last_sentence, "
                        "start, end, text, note, tags, created, updated, chapter) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (m.uid, article_id, m.kind, m.sentence, m.last_sentence, m.start,
                         m.end, m.text, m.note, json.dumps(m.tags), m.created, m.updated,
                         m.chapter))
                    added += 1
        return added, present


@dataclass(frozen=True)
class _ImportMark:
    uid: str
    kind: str
    sentence: int
    last_sentence: int
    start: int
    end: int
    text: str
    note: str
    tags: list[str]
    created: float
    updated: float
    chapter: str = ""


@dataclass(frozen=True)
class _ImportArticle:
    content_hash: str
    source: str
    title: str
    url: str | None
    note: str
    marks: list[_ImportMark]
    pending: list[tuple[str, str]] = ()  # type: ignore[assignment]


_MAX_INT = 2**63 - 1


def _need_str(value: Any, where: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value):
        raise ValueError(f"{where} must be a {'' if empty else 'non-empty '}string")
    return value


def _opt_str(value: Any, where: str) -> str:
    return "" if value is None else _need_str(value, where)


def _need_int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_INT:
        raise ValueError(f"{where} must be a whole number from 0 to {_MAX_INT}")
    return value


def _time(value: Any, where: str, default: float) -> float:
    if value is None:
        return default
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or not math.isfinite(value) or not 0 <= value < 1e11):
        raise ValueError(f"{where} must be a time in seconds since 1970")
    return float(value)


def _tags(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):  # one string: tags separated by commas, as typed in the app
        return [t.strip() for t in value.split(",") if t.strip()]
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ValueError(f"{where} must be a list of strings")
    return [t for t in value if t.strip()]


def validate_export(data: Any) -> list[_ImportArticle]:
    """Check a bookmarks export completely; a :class:`ValueError` names the first bad field."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ValueError("not a reader bookmarks export (missing \"format\": "
                         f"\"{EXPORT_FORMAT}\")")
    articles = data.get("articles", [])
    if not isinstance(articles, list):
        raise ValueError("\"articles\" must be a list")
    now = _now()
    out: list[_ImportArticle] = []
    for i, entry in enumerate(articles):
        at = f"articles[{i}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{at} must be an object")
        marks_in = entry.get("marks", [])
        if not isinstance(marks_in, list):
            raise ValueError(f"{at}.marks must be a list")
        content_hash = _need_str(entry.get("content_hash"), f"{at}.content_hash", empty=False)
        source = _need_str(entry.get("source"), f"{at}.source", empty=False)
        url = entry.get("url")
        marks: list[_ImportMark] = []
        for j, m in enumerate(marks_in):
            mat = f"{at}.marks[{j}]"
            if not isinstance(m, dict):
                raise ValueError(f"{mat} must be an object")
            kind = m.get("kind")
            if kind not in ("bookmark", "highlight"):
                raise ValueError(f"{mat}.kind must be \"bookmark\" or \"highlight\"")
            sentence = _need_int(m.get("sentence"), f"{mat}.sentence")
            last = _need_int(m.get("last_sentence", sentence), f"{mat}.last_sentence")
            start = _need_int(m.get("start"), f"{mat}.start")
            end = _need_int(m.get("end"), f"{mat}.end")
            if last < sentence or end < start:
                raise ValueError(f"{mat}: the passage ends before it starts")
            text = _need_str(m.get("text"), f"{mat}.text")
            uid = m.get("uid")
            if uid is None or uid == "":
                digest = hashlib.sha256(json.dumps(
                    [source, kind, start, end, text]).encode("utf-8")).hexdigest()
                uid = "import-" + digest[:32]
            uid = _need_str(uid, f"{mat}.uid")
            created = _time(m.get("created"), f"{mat}.created", now)
            marks.append(_ImportMark(
                uid, kind, sentence, last, start, end, text, _opt_str(m.get("note"),
                f"{mat}.note"), _tags(m.get("tags"), f"{mat}.tags"), created,
                _time(m.get("updated"), f"{mat}.updated", created),
                _opt_str(m.get("chapter"), f"{mat}.chapter")))
        pending_in = entry.get("pending", [])
        if not isinstance(pending_in, list):
            raise ValueError(f"{at}.pending must be a list")
        pending = []
        for j, p in enumerate(pending_in):
            if not isinstance(p, dict):
                raise ValueError(f"{at}.pending[{j}] must be an object")
            pending.append((_need_str(p.get("quote"), f"{at}.pending[{j}].quote", empty=False),
                            _opt_str(p.get("note"), f"{at}.pending[{j}].note")))
        out.append(_ImportArticle(
            content_hash, source, _opt_str(entry.get("title"), f"{at}.title"),
            None if url is None else _need_str(url, f"{at}.url"),
            _opt_str(entry.get("note"), f"{at}.note"), marks, pending))
    return out


# What a listing reads of each article: its row, progress, marks and feeds.
_LISTED = ("a.*, coalesce((SELECT p.progress FROM positions p WHERE p.article_id = a.id), 0) "
           "AS progress, (SELECT COUNT(*) FROM marks m WHERE m.article_id = a.id AND "
           "m.deleted IS NULL) AS n_marks, (SELECT json_group_array(coalesce(nullif(f.title, "
           "''), f.url)) FROM article_feeds af JOIN feeds f ON f.id = af.feed_id WHERE "
           "af.article_id = a.id) AS feed_titles")
_SORT_SQL = {
    "added": "a.created",
    "published": "coalesce(a.published, a.created)",
    "title": "a.title COLLATE NOCASE",
    "time": "a.words",
    "progress": "progress",
}


def _filters(query: Query) -> tuple[list[str], list[Any]]:
    """SQL conditions (on ``articles a`` joined with ``search``) and their arguments."""
    where: list[str] = []
    args: list[Any] = []
    match = query.match()
    if match:
        where.append("search MATCH ?")
        args.append(match)
    excluded = query.excluded()
    if excluded:
        where.append("a.id NOT IN (SELECT rowid FROM search WHERE search MATCH ?)")
        args.append(excluded)
    if "note" in query.has:
        where.append("(EXISTS (SELECT 1 FROM marks m WHERE m.article_id = a.id "
                     "AND m.deleted IS NULL AND m.note != '') OR EXISTS (SELECT 1 FROM "
                     "article_notes n WHERE n.article_id = a.id))")
    if "highlight" in query.has:
        where.append("EXISTS (SELECT 1 FROM marks m WHERE m.article_id = a.id "
                     "AND m.deleted IS NULL AND m.kind = 'highlight')")
    where += _reading_filters(query.reading)
    for state in sorted(query.states):
        where.append("a.state = ?")
        args.append(state)
    if query.starred:
        where.append("a.starred = 1")
    for name in query.feeds:
        where.append("EXISTS (SELECT 1 FROM article_feeds af JOIN feeds f ON f.id = "
                     "af.feed_id WHERE af.article_id = a.id AND (instr(lower(f.title), ?) "
                     "OR instr(lower(f.url), ?)))")
        args += [name, name]
    if query.before is not None:
        where.append("a.created < ?")
        args.append(query.before)
    if query.after is not None:
        where.append("a.created >= ?")
        args.append(query.after)
    return where, args


def _norm_url(url: str) -> str | None:
    """The normalised URL of a web article (None for a file)."""
    return normalise_url(url) if is_url(url) else None


def _adopt_item(w: sqlite3.Connection, item_id: int) -> None:
    """Make a feed item an article of the library (or join the article that has its link)."""
    from reader.core.document import FEED_ITEM_PREFIX

    item = w.execute("SELECT * FROM feed_items WHERE id = ?", (item_id,)).fetchone()
    source = item["link"] or f"{FEED_ITEM_PREFIX}{item_id}"
    found = w.execute("SELECT id FROM articles WHERE source = ? ORDER BY id DESC LIMIT 1",
                      (source,)).fetchone()
    if found is not None:
        article_id = found["id"]
    else:
        published = date_sort_key(item["published"]) or None
        cur = w.execute("INSERT INTO articles (content_hash, source, title, url, created, "
                        "published) VALUES (?, ?, ?, ?, ?, ?)",
                        (f"{models.FEED_PLACEHOLDER}{item_id}", source, item["title"],
                         item["link"] or None, item["added"], published))
        article_id = int(cur.lastrowid)
        w.execute("UPDATE search SET body = ? WHERE rowid = ?",
                  (_plain(item["content"], item["content_type"]), article_id))
        if item["read"]:
            w.execute("INSERT OR IGNORE INTO positions (article_id, offset, progress, updated)"
                      " VALUES (?, 0, 1.0, ?)", (article_id, _now()))
    w.execute("INSERT OR IGNORE INTO article_feeds (article_id, feed_id, item_id) "
              "VALUES (?, ?, ?)", (article_id, item["feed_id"], item_id))
    if item["link"]:
        w.execute("UPDATE articles SET norm_url = ? WHERE id = ? AND norm_url IS NULL",
                  (_norm_url(item["link"]), article_id))


def _plain(content: str, content_type: str) -> str:
    """A feed excerpt's words for the index (markup dropped; never shown as markup)."""
    if "html" not in content_type:
        return content
    import html

    return html.unescape(re.sub(r"<[^>]*>", " ", content))


def _clean_tag(tag: str) -> str:
    """A tag as stored: one lower-case word run, no leading '#'."""
    return "-".join(tag.strip().lstrip("#").lower().split())


_MARK_SELECT = ("SELECT m.*, a.source AS a_source, a.title AS a_title, a.url AS a_url "
                "FROM marks m JOIN articles a ON a.id = m.article_id")


def source_key(source: str, meta: dict[str, str]) -> str:
    """How an article's source is remembered: the absolute path of a file, else as given."""
    return meta.get("path") or meta.get("url") or source


def _stored_tags(raw: str) -> list[str]:
    """Tags as stored: always a list of strings, whatever an older import wrote."""
    try:
        tags = json.loads(raw)
    except (TypeError, ValueError):
        return []
    if isinstance(tags, str):
        return [tags]
    return [t if isinstance(t, str) else json.dumps(t) for t in tags] if isinstance(
        tags, list) else []


def _vanished(source: str) -> bool:
    """True for a file path that no longer exists (so its content may have moved)."""
    return os.path.isabs(source) and not os.path.lexists(source)


def _feed_item(row: sqlite3.Row) -> FeedItem:
    item = dict(row)
    item["read"] = bool(item["read"])
    return FeedItem(**item)


def _article(row: sqlite3.Row) -> Article:
    keys = row.keys()
    art = Article(row["id"], row["content_hash"], row["source"], row["title"], row["url"])
    if "fetch_error" in keys:
        art.fetch_error = row["fetch_error"]
    if "state" in keys:  # schema 4 (an older store opened read-only has none of these)
        art.state, art.starred = row["state"], bool(row["starred"])
        art.tags, art.words = _stored_tags(row["tags"]), int(row["words"] or 0)
        art.published, art.author = row["published"], row["author"] or ""
    art.added = float(row["created"] or 0.0)
    if "progress" in keys:
        art.progress = float(row["progress"] or 0.0)
        art.marks = int(row["n_marks"] or 0)
        art.feeds = [t for t in json.loads(row["feed_titles"] or "[]") if isinstance(t, str)]
    return art


def _mark(row: sqlite3.Row) -> Mark:
    return Mark(
        id=row["id"], uid=row["uid"], article_id=row["article_id"], kind=row["kind"],
        sentence=row["sentence"], last_sentence=row["last_sentence"], start=row["start"],
        end=row["end"], text=row["text"], note=row["note"], tags=_stored_tags(row["tags"]),
        created=row["created"], updated=row["updated"], source=row["a_source"],
        title=row["a_title"], url=row["a_url"],
        # sqlite3.Row: `in` looks at the values, keys() at the names.
        chapter=row["chapter"] if "chapter" in row.keys() else "",  # noqa: SIM118
        review=row["review"] if "review" in row.keys() else None,  # noqa: SIM118
    )
