"""The store's schema, as frozen, named migrations (llm's ``migrations.py`` is the model).

Each migration is a plain function, applied once, in order, and recorded by name in the
``applied_migrations`` table (``PRAGMA user_version`` holds their number too, so an older
reader refuses a newer store). A migration never calls live code: its SQL is written out
in full, and what it needs of reader's code (adopting feed items, normalising URLs) is a
frozen copy beside it. To change the schema, add a function (in a new module when
this one is long) and put it last in :data:`MIGRATIONS`; never edit one.

A store from before the table (schema 1-8 counted in ``user_version``) has its first
``user_version`` migrations recorded as applied, then goes on.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from reader.core.library.migrations import early, later, recent

#: Every migration, in the order applied.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [*early.STEPS, *later.STEPS, *recent.STEPS]


class NewerStore(Exception):
    """The store was written by a newer reader (more migrations than this one knows)."""


def schema_version() -> int:
    return len(MIGRATIONS)


def pending(conn: sqlite3.Connection) -> bool:
    """Whether the store lacks a migration this reader has (raises :class:`NewerStore`)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise NewerStore(f"schema {version}, this one knows {len(MIGRATIONS)}")
    return version < len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply what is missing, all in one transaction (``BEGIN IMMEDIATE``: one process at
    a time); returns the names applied now."""
    if not pending(conn):
        return []
    conn.execute("BEGIN IMMEDIATE")
    try:
        done = _applied(conn)
        now: list[str] = []
        for fn in MIGRATIONS:
            if fn.__name__ in done:
                continue
            fn(conn)
            conn.execute("INSERT INTO applied_migrations (name, applied) VALUES (?, ?)",
                         (fn.__name__, time.time()))
            now.append(fn.__name__)
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return now


def _applied(conn: sqlite3.Connection) -> set[str]:
    """The names applied, recording those an older reader applied by number."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]  # read again, in the lock
    conn.execute("CREATE TABLE IF NOT EXISTS applied_migrations (name TEXT PRIMARY KEY, "
                 "applied REAL NOT NULL)")
    names = {r[0] for r in conn.execute("SELECT name FROM applied_migrations")}
    unknown = names - {fn.__name__ for fn in MIGRATIONS}
    if unknown:
        raise NewerStore(f"migrations this reader does not know: {', '.join(sorted(unknown))}")
    if not names and version:
        for fn in MIGRATIONS[:version]:
            conn.execute("INSERT INTO applied_migrations (name, applied) VALUES (?, 0)",
                         (fn.__name__,))
            names.add(fn.__name__)
    return names
