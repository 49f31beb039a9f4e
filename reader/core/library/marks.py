"""Bookmarks and highlights: added, listed, edited, deleted and restored, held for review
when their article changed."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Sequence
from typing import Any

from reader.core.library.db import Database
from reader.core.library.models import Article, Mark
from reader.core.library.rows import _MARK_SELECT, _mark, now
from reader.core.textsafe import matches_words


class Marks:
    """Every bookmark and highlight."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, article: Article, kind: str, sentence: int, last_sentence: int,
                 start: int, end: int, text: str, note: str = "",
                 tags: Sequence[str] = (), uid: str | None = None,
                 created: float | None = None, updated: float | None = None,
                 chapter: str = "", context: tuple[str, str] = ("", "")) -> Mark:
        if kind not in ("bookmark", "highlight"):
            raise ValueError(f"unknown kind {kind!r}")
        with self.db.write() as w:
            mark_id = self.insert(w, article, kind, sentence, last_sentence, start, end,
                                        text, note, tags, chapter, context, uid, created,
                                        updated)
        return self.get(mark_id)  # type: ignore[return-value]

    @staticmethod
    def insert(w: sqlite3.Connection, article: Article, kind: str, sentence: int,
                     last_sentence: int, start: int, end: int, text: str, note: str,
                     tags: Sequence[str], chapter: str, context: tuple[str, str],
                     uid: str | None = None, created: float | None = None,
                     updated: float | None = None) -> int:
        stamp = now()
        cur = w.execute(
            "INSERT INTO marks (uid, article_id, kind, sentence, last_sentence, start, end, "
            "text, note, tags, created, updated, chapter, before, after) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (uid or uuid.uuid4().hex, article.id, kind, sentence, last_sentence, start, end,
             text, note, json.dumps(list(tags)), created or stamp, updated or created or stamp,
             chapter, context[0], context[1]))
        return int(cur.lastrowid)

    def get(self, mark_id: int) -> Mark | None:
        row = self.db.conn.execute(_MARK_SELECT + " WHERE m.id = ? AND m.deleted IS NULL",
                                 (mark_id,)).fetchone()
        return _mark(row) if row else None

    def list(self, article: Article | None = None, query: str = "",
              needs_review: bool = False) -> list[Mark]:
        sql = _MARK_SELECT + " WHERE m.deleted IS NULL"
        if needs_review:
            sql += " AND m.review IS NOT NULL"
        args: list[Any] = []
        if article is not None:
            sql += " AND m.article_id = ?"
            args.append(article.id)
        elif self.db.current():
            sql += " AND a.removed IS NULL"  # the marks of the trash wait there with it
        sql += " ORDER BY a.id, m.start, m.id"
        out = [_mark(r) for r in self.db.conn.execute(sql, args)]
        if query:
            out = [m for m in out
                   if matches_words(query, m.text, m.note, *m.tags, m.title, m.source)]
        return out

    def resolve_review(self, mark_id: int, start: int | None = None, end: int | None = None,
                       sentences: tuple[int, int] | None = None,
                       context: tuple[str, str] = ("", "")) -> Mark | None:
        """A mark held for review: placed where the reader says (or kept where it was)."""
        with self.db.write() as w:
            if start is not None and end is not None and sentences is not None:
                w.execute("UPDATE marks SET sentence = ?, last_sentence = ?, start = ?, "
                          "end = ?, before = ?, after = ? WHERE id = ?",
                          (*sentences, start, end, *context, mark_id))
            w.execute("UPDATE marks SET review = NULL WHERE id = ?", (mark_id,))
        return self.get(mark_id)

    def update(self, mark_id: int, note: str | None = None,
                    tags: Sequence[str] | None = None) -> Mark | None:
        with self.db.write() as w:
            if note is not None:
                w.execute("UPDATE marks SET note = ?, updated = ? WHERE id = ?",
                          (note, now(), mark_id))
            if tags is not None:
                w.execute("UPDATE marks SET tags = ?, updated = ? WHERE id = ?",
                          (json.dumps(list(tags)), now(), mark_id))
        return self.get(mark_id)

    def remove(self, mark_id: int) -> bool:
        """Delete a mark (kept as deleted so it can be restored with :meth:`restore_mark`)."""
        with self.db.write() as w:
            cur = w.execute("UPDATE marks SET deleted = ? WHERE id = ? AND deleted IS NULL",
                            (now(), mark_id))
            return cur.rowcount > 0

    def restore(self, mark_id: int) -> bool:
        with self.db.write() as w:
            cur = w.execute("UPDATE marks SET deleted = NULL WHERE id = ?", (mark_id,))
            return cur.rowcount > 0

    def count(self) -> int:
        return self.db.conn.execute("SELECT COUNT(*) FROM marks WHERE deleted IS NULL"
                                  ).fetchone()[0]
