"""The store's file: one SQLite connection, opened safely, migrated, written in
transactions.

* WAL journal, a busy timeout and ``BEGIN IMMEDIATE`` for every write, each committed at
  once: several reader processes can write together and a killed process leaves a
  consistent file (SQLite's atomic commit). Processes open (create, migrate) the file one
  at a time.
* Frozen, named migrations (:mod:`.migrations`).
* The data directory is created ``0700`` and the database files ``0600``.
* A file that is not a SQLite database (or fails its integrity check) is moved aside to
  ``reader.db.corrupt-<time>`` — never overwritten — and a new store is made;
  :attr:`Database.notice` says so. Any other failure (full, locked, no permission) leaves the
  file where it is, says why, and opens it read-only when it can.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from reader.core.library import migrations
from reader.core.library.query import QueryError
from reader.core.paths import data_dir, ensure_private_dir

SCHEMA_VERSION = migrations.schema_version()
DB_NAME = "reader.db"
# Seconds a write waits for another process's write to finish before giving up.
BUSY_TIMEOUT = 10.0


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


class Database:
    """One connection to the store's file. Cheap to open; every change is committed at once.
    Thread-safe: one connection guarded by a lock."""

    def __init__(self, path: Path | None = None, timeout: float | None = None) -> None:
        self.path = Path(path) if path is not None else data_dir() / DB_NAME
        self.timeout = BUSY_TIMEOUT if timeout is None else timeout
        self.notice: str | None = None
        #: Why the store is read-only (None when it can be written).
        self.read_only: str | None = None
        self.lock = threading.RLock()  # one connection may serve several threads
        self._schema_current = False
        self.conn = self._open()

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
        with self.lock:
            self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. A write that fails (disk full, locked by another process,
        read-only) is rolled back and raised as :class:`StoreError` saying why."""
        if self.read_only:
            raise StoreError(f"nothing can be saved: {self.read_only}")
        conn = self.conn
        with self.lock:
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

    def query(self, sql: str, args: Sequence[Any], repair: bool = True) -> list[sqlite3.Row]:
        try:
            with self.lock:
                return self.conn.execute(sql, tuple(args)).fetchall()
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
            return self.query(sql, args, repair=False)

    def check_search_index(self) -> str | None:
        """None when the search index matches the text it indexes, else what is wrong."""
        try:
            with self.lock:
                self.conn.execute("INSERT INTO search(search) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            return str(exc)
        return None

    def repair_search_index(self) -> str | None:
        """Rebuild the search index from the text it indexes; None when done, else why not."""
        if self.read_only:
            return f"the store is read-only: {self.read_only}"
        try:
            with self.write() as w:
                w.execute("INSERT INTO search(search) VALUES ('rebuild')")
        except StoreError as exc:
            return str(exc)
        return self.check_search_index()

    def integrity(self) -> str:
        """SQLite's own check of the whole file: "ok" or the problems it found."""
        with self.lock:
            rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(r[0]) for r in rows)

    def current(self) -> bool:
        """Whether the file has this reader's schema (an old one opened read-only has not).
        Once it has, it keeps it: asked of SQLite until then, not on every listing."""
        if not self._schema_current:
            with self.lock:
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            self._schema_current = version >= SCHEMA_VERSION
        return self._schema_current

    def need_current_schema(self) -> None:
        if not self.current():
            raise StoreError(f"{self.path} is from an older reader and could not be updated "
                             f"({self.read_only or 'read-only'}): the library cannot be listed")
