"""The store's schema, as frozen, named migrations (llm's ``migrations.py`` is the model).

Each migration is a plain function, applied once, in order, and recorded by name in the
``applied_migrations`` table (``PRAGMA user_version`` holds their number too, so an older
reader refuses a newer store). A migration never calls live code: its SQL is written out
in full, and what it needs of reader's code (adopting feed items, normalising URLs) is a
frozen copy here. To change the schema, add a function at the end; never edit one.

A store from before the table (schema 1-8 counted in ``user_version``) has its first
``user_version`` migrations recorded as applied, then goes on.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []


class NewerStore(Exception):
    """The store was written by a newer reader (more migrations than this one knows)."""


def migration(fn: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
    MIGRATIONS.append(fn)
    return fn


def _run(conn: sqlite3.Connection, script: str) -> None:
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


# --------------------------------------------------------------------------- the migrations
@migration
def m001_articles_marks_notes_positions(conn: sqlite3.Connection) -> None:
    """Articles, bookmarks and highlights, article notes and reading positions."""
    _run(conn, """
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
""")


@migration
def m002_feeds(conn: sqlite3.Connection) -> None:
    """Feeds and their items."""
    _run(conn, """
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
""")


@migration
def m003_search(conn: sqlite3.Connection) -> None:
    """Full-text search (FTS5) over titles, bodies, marked passages, notes and tags, kept
    current by triggers inside the same transactions as the tables."""
    _run(conn, """
CREATE VIRTUAL TABLE search USING fts5(
    title, body, notes, tags, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search (rowid, title, body, notes, tags)
    SELECT id, title, '', '', '' FROM articles;
CREATE TRIGGER search_article_insert AFTER INSERT ON articles BEGIN
    INSERT INTO search (rowid, title, body, notes, tags)
        VALUES (NEW.id, NEW.title, '', '', '');
END;
CREATE TRIGGER search_article_title AFTER UPDATE OF title ON articles BEGIN
    UPDATE search SET title = NEW.title WHERE rowid = NEW.id;
END;
CREATE TRIGGER search_article_delete AFTER DELETE ON articles BEGIN
    DELETE FROM search WHERE rowid = OLD.id;
END;

CREATE TRIGGER search_mark_insert AFTER INSERT ON marks BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM marks, json_each(marks.tags) AS j
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_mark_update AFTER UPDATE ON marks BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM marks, json_each(marks.tags) AS j
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_mark_delete AFTER DELETE ON marks BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = OLD.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = OLD.article_id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM marks, json_each(marks.tags) AS j
            WHERE marks.article_id = OLD.article_id AND marks.deleted IS NULL)
    WHERE rowid = OLD.article_id;
END;
CREATE TRIGGER search_note_insert AFTER INSERT ON article_notes BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM marks, json_each(marks.tags) AS j
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_note_update AFTER UPDATE ON article_notes BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM marks, json_each(marks.tags) AS j
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_note_delete AFTER DELETE ON article_notes BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = OLD.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = OLD.article_id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM marks, json_each(marks.tags) AS j
            WHERE marks.article_id = OLD.article_id AND marks.deleted IS NULL)
    WHERE rowid = OLD.article_id;
END;
    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = search.rowid AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = search.rowid)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM marks, json_each(marks.tags) AS j
            WHERE marks.article_id = search.rowid AND marks.deleted IS NULL)
    ;
""")


@migration
def m004_library_to_triage(conn: sqlite3.Connection) -> None:
    """A library to triage: state, star, the article's own tags, words, published date and
    author; feed items become articles; saved views; the article's tags join the search."""
    _run(conn, """
ALTER TABLE articles ADD COLUMN state TEXT NOT NULL DEFAULT 'inbox';
ALTER TABLE articles ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE articles ADD COLUMN words INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN published REAL;
ALTER TABLE articles ADD COLUMN author TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_created ON articles(created);
CREATE TABLE article_feeds (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    item_id INTEGER REFERENCES feed_items(id) ON DELETE SET NULL,
    PRIMARY KEY (article_id, feed_id)
);
CREATE INDEX article_feeds_feed ON article_feeds(feed_id);
CREATE TABLE views (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    created REAL NOT NULL
);

DROP TRIGGER search_mark_insert;
DROP TRIGGER search_mark_update;
DROP TRIGGER search_mark_delete;
DROP TRIGGER search_note_insert;
DROP TRIGGER search_note_update;
DROP TRIGGER search_note_delete;
CREATE TRIGGER search_mark_insert AFTER INSERT ON marks BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = NEW.article_id) AS j)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_mark_update AFTER UPDATE ON marks BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = NEW.article_id) AS j)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_mark_delete AFTER DELETE ON marks BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = OLD.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = OLD.article_id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = OLD.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = OLD.article_id) AS j)
    WHERE rowid = OLD.article_id;
END;
CREATE TRIGGER search_note_insert AFTER INSERT ON article_notes BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = NEW.article_id) AS j)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_note_update AFTER UPDATE ON article_notes BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = NEW.article_id) AS j)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_note_delete AFTER DELETE ON article_notes BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = OLD.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = OLD.article_id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = OLD.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = OLD.article_id) AS j)
    WHERE rowid = OLD.article_id;
END;
CREATE TRIGGER search_article_tags AFTER UPDATE OF tags ON articles BEGIN

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.id)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = NEW.id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = NEW.id) AS j)
    WHERE rowid = NEW.id;
END;

    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = search.rowid AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = search.rowid)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = search.rowid AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = search.rowid) AS j)
    ;
""")
    for (item_id,) in conn.execute("SELECT id FROM feed_items ORDER BY id").fetchall():
        _adopt_feed_item_v4(conn, item_id)


@migration
def m005_chapter_of_a_mark(conn: sqlite3.Connection) -> None:
    """The chapter a mark is in (a book's), kept with the mark for exports."""
    _run(conn, """
ALTER TABLE marks ADD COLUMN chapter TEXT NOT NULL DEFAULT '';
""")


@migration
def m006_anchors_with_confidence(conn: sqlite3.Connection) -> None:
    """The text around each mark, and marks held for review with how sure the match was."""
    _run(conn, """
ALTER TABLE marks ADD COLUMN before TEXT NOT NULL DEFAULT '';
ALTER TABLE marks ADD COLUMN after TEXT NOT NULL DEFAULT '';
ALTER TABLE marks ADD COLUMN review REAL;
""")


@migration
def m007_imports(conn: sqlite3.Connection) -> None:
    """Imports: one article per normalised URL, why a page could not be fetched, and
    highlights waiting for their page."""
    _run(conn, """
ALTER TABLE articles ADD COLUMN norm_url TEXT;
ALTER TABLE articles ADD COLUMN fetch_error TEXT;
CREATE INDEX articles_norm_url ON articles(norm_url);
CREATE TABLE pending_highlights (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    quote TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (article_id, quote)
);
""")
    _fill_norm_urls_v7(conn)


@migration
def m008_pending_kept_and_claims(conn: sqlite3.Connection) -> None:
    """An imported highlight stays once placed (its mark) or dropped, so importing again never
    brings it back; why it could not be placed; which process fetches a page; "#!"
    fragments are the page; waiting highlights are found by search."""
    _run(conn, """
ALTER TABLE pending_highlights ADD COLUMN mark_id INTEGER;
ALTER TABLE pending_highlights ADD COLUMN dropped REAL;
ALTER TABLE pending_highlights ADD COLUMN why TEXT;
ALTER TABLE articles ADD COLUMN claimed_until REAL;
UPDATE articles SET norm_url = norm_url || substr(url, instr(url, '#!'))
    WHERE url LIKE '%#!%' AND norm_url IS NOT NULL AND instr(norm_url, '#!') = 0;
DROP TRIGGER search_mark_insert;
DROP TRIGGER search_mark_update;
DROP TRIGGER search_mark_delete;
DROP TRIGGER search_note_insert;
DROP TRIGGER search_note_update;
DROP TRIGGER search_note_delete;
DROP TRIGGER search_article_tags;
CREATE TRIGGER search_mark_insert AFTER INSERT ON marks BEGIN
    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id
            UNION ALL SELECT quote || ' ' || note FROM pending_highlights
                WHERE article_id = NEW.article_id AND mark_id IS NULL AND dropped IS NULL)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = NEW.article_id) AS j)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_mark_update AFTER UPDATE ON marks BEGIN
    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id
            UNION ALL SELECT quote || ' ' || note FROM pending_highlights
                WHERE article_id = NEW.article_id AND mark_id IS NULL AND dropped IS NULL)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = NEW.article_id) AS j)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_mark_delete AFTER DELETE ON marks BEGIN
    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = OLD.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = OLD.article_id
            UNION ALL SELECT quote || ' ' || note FROM pending_highlights
                WHERE article_id = OLD.article_id AND mark_id IS NULL AND dropped IS NULL)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = OLD.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = OLD.article_id) AS j)
    WHERE rowid = OLD.article_id;
END;
CREATE TRIGGER search_note_insert AFTER INSERT ON article_notes BEGIN
    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id
            UNION ALL SELECT quote || ' ' || note FROM pending_highlights
                WHERE article_id = NEW.article_id AND mark_id IS NULL AND dropped IS NULL)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = NEW.article_id) AS j)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_note_update AFTER UPDATE ON article_notes BEGIN
    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id
            UNION ALL SELECT quote || ' ' || note FROM pending_highlights
                WHERE article_id = NEW.article_id AND mark_id IS NULL AND dropped IS NULL)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = NEW.article_id) AS j)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_note_delete AFTER DELETE ON article_notes BEGIN
    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = OLD.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = OLD.article_id
            UNION ALL SELECT quote || ' ' || note FROM pending_highlights
                WHERE article_id = OLD.article_id AND mark_id IS NULL AND dropped IS NULL)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = OLD.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = OLD.article_id) AS j)
    WHERE rowid = OLD.article_id;
END;
CREATE TRIGGER search_pending_insert AFTER INSERT ON pending_highlights BEGIN
    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id
            UNION ALL SELECT quote || ' ' || note FROM pending_highlights
                WHERE article_id = NEW.article_id AND mark_id IS NULL AND dropped IS NULL)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = NEW.article_id) AS j)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_pending_update AFTER UPDATE ON pending_highlights BEGIN
    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.article_id
            UNION ALL SELECT quote || ' ' || note FROM pending_highlights
                WHERE article_id = NEW.article_id AND mark_id IS NULL AND dropped IS NULL)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = NEW.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = NEW.article_id) AS j)
    WHERE rowid = NEW.article_id;
END;
CREATE TRIGGER search_pending_delete AFTER DELETE ON pending_highlights BEGIN
    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = OLD.article_id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = OLD.article_id
            UNION ALL SELECT quote || ' ' || note FROM pending_highlights
                WHERE article_id = OLD.article_id AND mark_id IS NULL AND dropped IS NULL)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = OLD.article_id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = OLD.article_id) AS j)
    WHERE rowid = OLD.article_id;
END;
CREATE TRIGGER search_article_tags AFTER UPDATE OF tags ON articles BEGIN
    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = NEW.id AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = NEW.id
            UNION ALL SELECT quote || ' ' || note FROM pending_highlights
                WHERE article_id = NEW.id AND mark_id IS NULL AND dropped IS NULL)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = NEW.id AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = NEW.id) AS j)
    WHERE rowid = NEW.id;
END;
    UPDATE search SET
        notes = (SELECT coalesce(group_concat(t, ' '), '') FROM (
            SELECT text || ' ' || note AS t FROM marks
                WHERE article_id = search.rowid AND deleted IS NULL
            UNION ALL SELECT note FROM article_notes WHERE article_id = search.rowid
            UNION ALL SELECT quote || ' ' || note FROM pending_highlights
                WHERE article_id = search.rowid AND mark_id IS NULL AND dropped IS NULL)),
        tags = (SELECT coalesce(group_concat(j.value, ' '), '')
            FROM (SELECT value FROM marks, json_each(marks.tags)
            WHERE marks.article_id = search.rowid AND marks.deleted IS NULL
            UNION ALL SELECT value FROM articles, json_each(articles.tags)
            WHERE articles.id = search.rowid) AS j);
""")


# --------------------------------------------------------------------------- frozen helpers
def _adopt_feed_item_v4(conn: sqlite3.Connection, item_id: int) -> None:
    """A feed item known before schema 4 becomes an article (or joins the article with its
    link), as reader did it then."""
    item = conn.execute("SELECT * FROM feed_items WHERE id = ?", (item_id,)).fetchone()
    feed_id, link, title, published, content, content_type, read, added = (
        item["feed_id"], item["link"], item["title"], item["published"], item["content"],
        item["content_type"], item["read"], item["added"])
    source = link or f"feed-item:{item_id}"
    found = conn.execute("SELECT id FROM articles WHERE source = ? ORDER BY id DESC LIMIT 1",
                         (source,)).fetchone()
    if found is not None:
        article_id = found[0]
    else:
        cur = conn.execute("INSERT INTO articles (content_hash, source, title, url, created, "
                           "published) VALUES (?, ?, ?, ?, ?, ?)",
                           (f"feed-item:{item_id}", source, title, link or None, added,
                            _date_stamp_v4(published)))
        article_id = int(cur.lastrowid)
        conn.execute("UPDATE search SET body = ? WHERE rowid = ?",
                     (_plain_v4(content, content_type), article_id))
        if read:
            conn.execute("INSERT OR IGNORE INTO positions (article_id, offset, progress, "
                         "updated) VALUES (?, 0, 1.0, ?)", (article_id, time.time()))
    conn.execute("INSERT OR IGNORE INTO article_feeds (article_id, feed_id, item_id) "
                 "VALUES (?, ?, ?)", (article_id, feed_id, item_id))


def _date_stamp_v4(text: str) -> float | None:
    if not text or not text.strip():
        return None
    from datetime import timezone

    from dateutil import parser

    try:
        when = parser.parse(text.strip())
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when.timestamp() or None
    except (ValueError, OverflowError, TypeError, OSError):
        return None


def _plain_v4(content: str, content_type: str) -> str:
    if "html" not in content_type:
        return content
    import html
    import re

    return html.unescape(re.sub(r"<[^>]*>", " ", content))


def _fill_norm_urls_v7(conn: sqlite3.Connection) -> None:
    for row in conn.execute("SELECT id, url, source FROM articles WHERE norm_url IS NULL"
                            ).fetchall():
        url = row["url"] or row["source"]
        if url.strip().lower().startswith(("http://", "https://")):
            conn.execute("UPDATE articles SET norm_url = ? WHERE id = ?",
                         (_normalise_url_v7(url), row["id"]))


def _normalise_url_v7(url: str) -> str:
    """URL normalisation as reader did it at schema 7 (fragment always dropped; schema 8
    puts "#!" fragments back)."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url.strip()
    if port and not ((parts.scheme == "http" and port == 80)
                     or (parts.scheme == "https" and port == 443)):
        host += f":{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith("utm_") and k.lower() not in
                       ("fbclid", "gclid", "mc_cid", "mc_eid")])
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))
