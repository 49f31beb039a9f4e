"""Running a migration's SQL: each statement in turn, inside the caller's transaction."""

from __future__ import annotations

import sqlite3


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Each statement of *script* in turn (a trigger's body holds semicolons), inside the
    caller's transaction (``executescript`` would commit it)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                conn.execute(buf)
            buf = ""
    if buf.strip():
        conn.execute(buf)
