"""Migration 9, frozen: the trash (an article removed is kept, with its marks, until it is
put back or purged)."""

from __future__ import annotations

import sqlite3

from reader.core.library.migrations.script import run_script as _run


def m009_trash(conn: sqlite3.Connection) -> None:
    """When an article was removed to the trash (NULL: it is in the library)."""
    _run(conn, """
ALTER TABLE articles ADD COLUMN removed REAL;
CREATE INDEX articles_removed ON articles(removed);
""")


STEPS = [m009_trash]
