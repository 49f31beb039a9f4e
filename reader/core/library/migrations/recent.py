"""Migrations 9-10, frozen: the trash (an article removed is kept, with its marks, until it
is put back or purged); decks."""

from __future__ import annotations

import sqlite3

from reader.core.library.migrations.script import run_script as _run


def m009_trash(conn: sqlite3.Connection) -> None:
    """When an article was removed to the trash (NULL: it is in the library)."""
    _run(conn, """
ALTER TABLE articles ADD COLUMN removed REAL;
CREATE INDEX articles_removed ON articles(removed);
""")


def m010_decks(conn: sqlite3.Connection) -> None:
    """An article's deck, the line under its title (NULL: not found yet); found again when
    its text changes."""
    _run(conn, """
ALTER TABLE articles ADD COLUMN deck TEXT;
CREATE TRIGGER article_deck_reset AFTER UPDATE OF content_hash ON articles
    WHEN NEW.content_hash IS NOT OLD.content_hash BEGIN
    UPDATE articles SET deck = NULL WHERE id = NEW.id;
END;
""")


STEPS = [m009_trash, m010_decks]
