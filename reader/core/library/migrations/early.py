"""Migrations 1-4, frozen: articles, marks, notes, positions; feeds; search; triage."""

from __future__ import annotations

import sqlite3
import time

from reader.core.library.migrations.script import run_script as _run


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


STEPS = [m001_articles_marks_notes_positions, m002_feeds, m003_search, m004_library_to_triage]
