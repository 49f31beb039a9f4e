"""Migrations 9-11, frozen: the trash (an article removed is kept, with its marks, until it
is put back or purged); decks; sync through a folder."""

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


def m011_sync(conn: sqlite3.Connection) -> None:
    """Sync through a folder: this device's id and clock, every synced record's versions,
    how far each journal was read, which record each local row was at the last round, the
    rows changed since (kept by triggers, written so that they never conflict — a statement's
    own ON CONFLICT rule would apply inside them — and with the row's id as text, so the
    lookup uses the index), and changes from a newer reader kept aside."""
    _run(conn, """
CREATE TABLE sync_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sync_records (key TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE sync_journals (name TEXT PRIMARY KEY, offset INTEGER NOT NULL,
                            seen REAL NOT NULL, last_hlc TEXT);
CREATE TABLE sync_here (key TEXT PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL);
CREATE INDEX sync_here_row ON sync_here(kind, id);
CREATE TABLE sync_dirty (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id));
CREATE TABLE sync_unknown (line TEXT PRIMARY KEY);
CREATE TRIGGER sync_articles_insert AFTER INSERT ON articles BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'a', CAST(NEW.id AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'a' AND id = CAST(NEW.id AS TEXT));
END;
CREATE TRIGGER sync_articles_update AFTER UPDATE ON articles BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'a', CAST(NEW.id AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'a' AND id = CAST(NEW.id AS TEXT));
END;
CREATE TRIGGER sync_articles_delete AFTER DELETE ON articles BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'a', CAST(OLD.id AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'a' AND id = CAST(OLD.id AS TEXT));
END;
CREATE TRIGGER sync_marks_insert AFTER INSERT ON marks BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'm', CAST(NEW.id AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'm' AND id = CAST(NEW.id AS TEXT));
END;
CREATE TRIGGER sync_marks_update AFTER UPDATE ON marks BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'm', CAST(NEW.id AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'm' AND id = CAST(NEW.id AS TEXT));
END;
CREATE TRIGGER sync_marks_delete AFTER DELETE ON marks BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'm', CAST(OLD.id AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'm' AND id = CAST(OLD.id AS TEXT));
END;
CREATE TRIGGER sync_positions_insert AFTER INSERT ON positions BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'p', CAST(NEW.article_id AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'p' AND id = CAST(NEW.article_id AS TEXT));
END;
CREATE TRIGGER sync_positions_update AFTER UPDATE ON positions BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'p', CAST(NEW.article_id AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'p' AND id = CAST(NEW.article_id AS TEXT));
END;
CREATE TRIGGER sync_positions_delete AFTER DELETE ON positions BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'p', CAST(OLD.article_id AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'p' AND id = CAST(OLD.article_id AS TEXT));
END;
CREATE TRIGGER sync_article_notes_insert AFTER INSERT ON article_notes BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'n', CAST(NEW.article_id AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'n' AND id = CAST(NEW.article_id AS TEXT));
END;
CREATE TRIGGER sync_article_notes_update AFTER UPDATE ON article_notes BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'n', CAST(NEW.article_id AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'n' AND id = CAST(NEW.article_id AS TEXT));
END;
CREATE TRIGGER sync_article_notes_delete AFTER DELETE ON article_notes BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'n', CAST(OLD.article_id AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'n' AND id = CAST(OLD.article_id AS TEXT));
END;
CREATE TRIGGER sync_views_insert AFTER INSERT ON views BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'v', CAST(NEW.name AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'v' AND id = CAST(NEW.name AS TEXT));
END;
CREATE TRIGGER sync_views_update AFTER UPDATE ON views BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'v', CAST(NEW.name AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'v' AND id = CAST(NEW.name AS TEXT));
END;
CREATE TRIGGER sync_views_delete AFTER DELETE ON views BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'v', CAST(OLD.name AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'v' AND id = CAST(OLD.name AS TEXT));
END;
CREATE TRIGGER sync_feeds_insert AFTER INSERT ON feeds BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'f', CAST(NEW.url AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'f' AND id = CAST(NEW.url AS TEXT));
END;
CREATE TRIGGER sync_feeds_update AFTER UPDATE ON feeds BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'f', CAST(NEW.url AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'f' AND id = CAST(NEW.url AS TEXT));
END;
CREATE TRIGGER sync_feeds_delete AFTER DELETE ON feeds BEGIN
    INSERT INTO sync_dirty (kind, id) SELECT 'f', CAST(OLD.url AS TEXT) WHERE NOT EXISTS (
        SELECT 1 FROM sync_dirty WHERE kind = 'f' AND id = CAST(OLD.url AS TEXT));
END;
""")


STEPS = [m009_trash, m010_decks, m011_sync]
