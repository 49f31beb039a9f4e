"""Migrations 5-8, frozen: chapters of marks; anchors with confidence; imports; pending
highlights kept, page claims and "#!" addresses."""

from __future__ import annotations

import sqlite3
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from reader.core.library.migrations.script import run_script as _run


def m005_chapter_of_a_mark(conn: sqlite3.Connection) -> None:
    """The chapter a mark is in (a book's), kept with the mark for exports."""
    _run(conn, """
ALTER TABLE marks ADD COLUMN chapter TEXT NOT NULL DEFAULT '';
""")


def m006_anchors_with_confidence(conn: sqlite3.Connection) -> None:
    """The text around each mark, and marks held for review with how sure the match was."""
    _run(conn, """
ALTER TABLE marks ADD COLUMN before TEXT NOT NULL DEFAULT '';
ALTER TABLE marks ADD COLUMN after TEXT NOT NULL DEFAULT '';
ALTER TABLE marks ADD COLUMN review REAL;
""")


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


STEPS = [m005_chapter_of_a_mark, m006_anchors_with_confidence, m007_imports,
         m008_pending_kept_and_claims]
