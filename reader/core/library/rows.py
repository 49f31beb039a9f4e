"""What the store's parts share: rows made into models, the SQL of a listing, tags and
URLs as stored. No connection here."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from typing import Any

from reader.core.dates import sort_key as date_sort_key
from reader.core.library import models
from reader.core.library.models import Article, FeedItem, Mark
from reader.core.library.query import Query
from reader.core.urls import is_url, normalise_url


def now() -> float:
    return time.time()


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


# What a listing reads of each article: its row, progress, marks and feeds.
_LISTED = ("a.*, coalesce((SELECT p.progress FROM positions p WHERE p.article_id = a.id), 0) "
           "AS progress, (SELECT COUNT(*) FROM marks m WHERE m.article_id = a.id AND "
           "m.deleted IS NULL) AS n_marks, (SELECT json_group_array(coalesce(nullif(f.title, "
           "''), f.url)) FROM article_feeds af JOIN feeds f ON f.id = af.feed_id WHERE "
           "af.article_id = a.id) AS feed_titles")
_SORT_SQL = {
    "added": "a.created",
    "published": "coalesce(a.published, a.created)",
    # A title's opening brackets and quotes do not sort it first: "(CNN) Harbour…" is a C.
    "title": "ltrim(a.title, '([{\"''“‘«¿¡*#-–—. ') COLLATE NOCASE",
    "time": "a.words",
    "progress": "progress",
}


def _filters(query: Query, trash: bool = True) -> tuple[list[str], list[Any]]:
    """SQL conditions (on ``articles a`` joined with ``search``) and their arguments.
    The trash is left out unless asked for (*trash*: the store has one, schema 9)."""
    where: list[str] = []
    if trash:
        where.append("a.removed IS NOT NULL" if query.removed else "a.removed IS NULL")
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
                      " VALUES (?, 0, 1.0, ?)", (article_id, now()))
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
    if "removed" in keys:
        art.removed = row["removed"]
    if "deck" in keys:
        art.deck = row["deck"]
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
