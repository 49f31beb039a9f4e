"""reader's own bookmarks export (JSON) and its import: checked completely, then merged in
one transaction, never a duplicate."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

from reader.core.library.articles import Articles
from reader.core.library.db import Database
from reader.core.library.imports import Imports
from reader.core.library.marks import Marks
from reader.core.library.rows import now

EXPORT_FORMAT = "reader-bookmarks"
EXPORT_VERSION = 1


class Transfer:
    """Everything of the user's out as JSON, and such a file back in."""

    def __init__(self, db: Database, articles: Articles, marks: Marks,
                 imports: Imports) -> None:
        self.db = db
        self.articles = articles
        self.marks = marks
        self.imports = imports

    def export_data(self) -> dict[str, Any]:
        articles: dict[int, dict[str, Any]] = {}
        for art in self.articles.all():
            articles[art.id] = {"content_hash": art.content_hash, "source": art.source,
                                "title": art.title, "url": art.url, "note": "", "marks": []}
        for art, note in self.articles.notes():
            articles[art.id]["note"] = note
        for m in self.marks.list():
            articles[m.article_id]["marks"].append({
                "uid": m.uid, "kind": m.kind, "sentence": m.sentence,
                "last_sentence": m.last_sentence, "start": m.start, "end": m.end,
                "text": m.text, "note": m.note, "tags": m.tags, "created": m.created,
                "updated": m.updated, "chapter": m.chapter,
            })
        for p in self.imports.pending():
            articles[p.article_id].setdefault("pending", []).append(
                {"quote": p.quote, "note": p.note, "why": p.why})
        return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION,
                "articles": [a for a in articles.values()
                             if a["marks"] or a["note"] or a.get("pending")]}

    def import_data(self, data: Any) -> tuple[int, int]:
        """Merge an export, all or nothing; returns (marks added, marks already present).

        The whole file is checked before anything is written (a :class:`ValueError` names the
        first bad field), then written in one transaction. A mark without a ``uid`` gets one
        made from its content, so importing the same file twice adds nothing the second time.
        """
        entries = validate_export(data)
        added = present = 0
        with self.db.write() as w:
            for entry in entries:
                row, _ = self.articles.find_row(entry.content_hash, entry.source)
                if row is None:
                    cur = w.execute("INSERT INTO articles (content_hash, source, title, url, "
                                    "created) VALUES (?, ?, ?, ?, ?)",
                                    (entry.content_hash, entry.source, entry.title, entry.url,
                                     now()))
                    article_id = int(cur.lastrowid)
                else:
                    article_id = int(row["id"])
                if entry.note and not w.execute(
                        "SELECT 1 FROM article_notes WHERE article_id = ?",
                        (article_id,)).fetchone():
                    w.execute("INSERT INTO article_notes (article_id, note, updated) "
                              "VALUES (?,?,?)", (article_id, entry.note, now()))
                for quote, note in entry.pending:
                    w.execute("INSERT OR IGNORE INTO pending_highlights (article_id, quote, "
                              "note) VALUES (?, ?, ?)", (article_id, quote, note))
                for m in entry.marks:
                    # The same mark: the same uid, or (an export without uids) the same
                    # passage of the same article with the same note.
                    if w.execute("SELECT 1 FROM marks WHERE uid = ? OR (article_id = ? AND "
                                 "start = ? AND end = ? AND text = ? AND note = ? AND "
                                 "deleted IS NULL)", (m.uid, article_id, m.start, m.end,
                                                      m.text, m.note)).fetchone():
                        present += 1
                        continue
                    w.execute(
                        "INSERT INTO marks (uid, article_id, kind, sentence, last_sentence, "
                        "start, end, text, note, tags, created, updated, chapter) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (m.uid, article_id, m.kind, m.sentence, m.last_sentence, m.start,
                         m.end, m.text, m.note, json.dumps(m.tags), m.created, m.updated,
                         m.chapter))
                    added += 1
        return added, present


@dataclass(frozen=True)
class _ImportMark:
    uid: str
    kind: str
    sentence: int
    last_sentence: int
    start: int
    end: int
    text: str
    note: str
    tags: list[str]
    created: float
    updated: float
    chapter: str = ""


@dataclass(frozen=True)
class _ImportArticle:
    content_hash: str
    source: str
    title: str
    url: str | None
    note: str
    marks: list[_ImportMark]
    pending: list[tuple[str, str]] = ()  # type: ignore[assignment]


_MAX_INT = 2**63 - 1


def _need_str(value: Any, where: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value):
        raise ValueError(f"{where} must be a {'' if empty else 'non-empty '}string")
    return value


def _opt_str(value: Any, where: str) -> str:
    return "" if value is None else _need_str(value, where)


def _need_int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_INT:
        raise ValueError(f"{where} must be a whole number from 0 to {_MAX_INT}")
    return value


def _time(value: Any, where: str, default: float) -> float:
    if value is None:
        return default
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or not math.isfinite(value) or not 0 <= value < 1e11):
        raise ValueError(f"{where} must be a time in seconds since 1970")
    return float(value)


def _tags(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):  # one string: tags separated by commas, as typed in the app
        return [t.strip() for t in value.split(",") if t.strip()]
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ValueError(f"{where} must be a list of strings")
    return [t for t in value if t.strip()]


def validate_export(data: Any) -> list[_ImportArticle]:
    """Check a bookmarks export completely; a :class:`ValueError` names the first bad field."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ValueError("not a reader bookmarks export (missing \"format\": "
                         f"\"{EXPORT_FORMAT}\")")
    articles = data.get("articles", [])
    if not isinstance(articles, list):
        raise ValueError("\"articles\" must be a list")
    stamp = now()
    out: list[_ImportArticle] = []
    for i, entry in enumerate(articles):
        at = f"articles[{i}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{at} must be an object")
        marks_in = entry.get("marks", [])
        if not isinstance(marks_in, list):
            raise ValueError(f"{at}.marks must be a list")
        content_hash = _need_str(entry.get("content_hash"), f"{at}.content_hash", empty=False)
        source = _need_str(entry.get("source"), f"{at}.source", empty=False)
        url = entry.get("url")
        marks: list[_ImportMark] = []
        for j, m in enumerate(marks_in):
            mat = f"{at}.marks[{j}]"
            if not isinstance(m, dict):
                raise ValueError(f"{mat} must be an object")
            kind = m.get("kind")
            if kind not in ("bookmark", "highlight"):
                raise ValueError(f"{mat}.kind must be \"bookmark\" or \"highlight\"")
            sentence = _need_int(m.get("sentence"), f"{mat}.sentence")
            last = _need_int(m.get("last_sentence", sentence), f"{mat}.last_sentence")
            start = _need_int(m.get("start"), f"{mat}.start")
            end = _need_int(m.get("end"), f"{mat}.end")
            if last < sentence or end < start:
                raise ValueError(f"{mat}: the passage ends before it starts")
            text = _need_str(m.get("text"), f"{mat}.text")
            uid = m.get("uid")
            if uid is None or uid == "":
                digest = hashlib.sha256(json.dumps(
                    [source, kind, start, end, text]).encode("utf-8")).hexdigest()
                uid = "import-" + digest[:32]
            uid = _need_str(uid, f"{mat}.uid")
            created = _time(m.get("created"), f"{mat}.created", stamp)
            marks.append(_ImportMark(
                uid, kind, sentence, last, start, end, text, _opt_str(m.get("note"),
                f"{mat}.note"), _tags(m.get("tags"), f"{mat}.tags"), created,
                _time(m.get("updated"), f"{mat}.updated", created),
                _opt_str(m.get("chapter"), f"{mat}.chapter")))
        pending_in = entry.get("pending", [])
        if not isinstance(pending_in, list):
            raise ValueError(f"{at}.pending must be a list")
        pending = []
        for j, p in enumerate(pending_in):
            if not isinstance(p, dict):
                raise ValueError(f"{at}.pending[{j}] must be an object")
            pending.append((_need_str(p.get("quote"), f"{at}.pending[{j}].quote", empty=False),
                            _opt_str(p.get("note"), f"{at}.pending[{j}].note")))
        out.append(_ImportArticle(
            content_hash, source, _opt_str(entry.get("title"), f"{at}.title"),
            None if url is None else _need_str(url, f"{at}.url"),
            _opt_str(entry.get("note"), f"{at}.note"), marks, pending))
    return out
