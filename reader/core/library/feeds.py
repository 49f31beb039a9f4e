"""Feeds and their items (each item an article of the library)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reader.core.dates import sort_key as date_sort_key
from reader.core.library import models
from reader.core.library.db import Database
from reader.core.library.models import Feed, FeedItem
from reader.core.library.rows import _adopt_item, _feed_item, now


class Feeds:
    """Subscribed feeds and the items they brought."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, url: str, title: str = "") -> bool:
        """Subscribe; returns False if the feed was already there."""
        with self.db.write() as w:
            cur = w.execute("INSERT OR IGNORE INTO feeds (url, title, added) VALUES (?,?,?)",
                            (url, title, now()))
            return cur.rowcount > 0

    def remove(self, url: str) -> bool:
        with self.db.write() as w:
            return w.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def all(self) -> list[Feed]:
        rows = self.db.conn.execute(
            "SELECT f.*, (SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id) AS items, "
            # An item is read when it was opened, or its article was started in the library.
            "(SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id AND i.read = 0 AND NOT "
            "EXISTS (SELECT 1 FROM article_feeds af JOIN positions p ON p.article_id = "
            f"af.article_id WHERE af.item_id = i.id AND p.progress > {models.NOT_STARTED})) "
            "AS unread "
            "FROM feeds f ORDER BY f.title COLLATE NOCASE, f.url").fetchall()
        return [Feed(**dict(r)) for r in rows]

    def refreshed(self, url: str, title: str | None, error: str | None) -> None:
        with self.db.write() as w:
            w.execute("UPDATE feeds SET refreshed = ?, error = ?, title = COALESCE(?, title) "
                      "WHERE url = ?", (now(), error, title or None, url))

    def add_items(self, url: str, items: Sequence[dict[str, str]]) -> int:
        """Insert items not seen before (by guid); returns how many were new. Each item is
        an article of the library too (found by its link: one article under every feed that
        carries it), listed with the feed's title and excerpt until its page is opened."""
        with self.db.write() as w:
            row = w.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
            if row is None:
                return 0
            new = 0
            for it in items:
                cur = w.execute(
                    "INSERT OR IGNORE INTO feed_items (feed_id, guid, link, title, published, "
                    "content, content_type, added) VALUES (?,?,?,?,?,?,?,?)",
                    (row["id"], it["guid"], it.get("link", ""), it.get("title", ""),
                     it.get("published", ""), it.get("content", ""),
                     it.get("content_type", "text/html"), now()))
                new += cur.rowcount
                if cur.rowcount:
                    _adopt_item(w, int(cur.lastrowid))
            return new

    def items(self, url: str | None = None) -> list[FeedItem]:
        sql = ("SELECT i.*, f.url AS feed_url, f.title AS feed_title FROM feed_items i "
               "JOIN feeds f ON f.id = i.feed_id")
        args: tuple[Any, ...] = ()
        if url is not None:
            sql += " WHERE f.url = ?"
            args = (url,)
        items = [_feed_item(r) for r in self.db.conn.execute(sql, args)]
        # Newest first by the real date (RSS writes "Wed, 20 Nov": text order is weekday order).
        items.sort(key=lambda i: (date_sort_key(i.published), i.id), reverse=True)
        return items

    def item_for_link(self, link: str) -> FeedItem | None:
        row = self.db.conn.execute(
            "SELECT i.*, f.url AS feed_url, f.title AS feed_title FROM feed_items i "
            "JOIN feeds f ON f.id = i.feed_id WHERE i.link = ? ORDER BY i.id DESC LIMIT 1",
            (link,)).fetchone()
        return _feed_item(row) if row else None

    def item(self, item_id: int) -> FeedItem | None:
        row = self.db.conn.execute(
            "SELECT i.*, f.url AS feed_url, f.title AS feed_title FROM feed_items i "
            "JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?", (item_id,)).fetchone()
        return _feed_item(row) if row else None

    def mark_read(self, link: str, read: bool = True, item_id: int | None = None) -> None:
        with self.db.write() as w:
            if item_id is not None:
                w.execute("UPDATE feed_items SET read = ? WHERE id = ?", (int(read), item_id))
            else:
                w.execute("UPDATE feed_items SET read = ? WHERE link = ?", (int(read), link))
