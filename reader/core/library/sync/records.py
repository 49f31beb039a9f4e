"""The store as records that travel: what each device has now (:func:`snapshot`) and how a
merged record is written back (:func:`write`).

Records are keyed by what is the same on every machine, never a local row id:

* ``a:<article>`` — an article: ``url:<normalised URL>`` for a web page, else
  ``hash:<content hash>`` (the same text is the same article wherever its file lives);
  title, source, url, hash, state, starred, tags, removed (the trash);
* ``p:<article>`` — the reading place (offset, progress); ``n:<article>`` — the article
  note; ``m:<uid>`` — a bookmark or highlight (every column that places and says it,
  ``deleted`` when deleted); ``v:<name>`` — a saved view; ``f:<url>`` — a feed subscription.

A record gone from a device (an article purged, a feed unsubscribed, a view removed)
travels as ``_gone``.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from reader.core.library import models
from reader.core.library.rows import _stored_tags, now

GONE = "_gone"
_MARK_FIELDS = ("kind", "sentence", "last_sentence", "start", "end", "text", "note", "chapter",
                "before", "after", "deleted")


def article_ident(row: sqlite3.Row) -> str | None:
    """What an article is on every machine (None: a placeholder with no address)."""
    if row["norm_url"]:
        return "url:" + row["norm_url"]
    if row["content_hash"].startswith((models.FEED_PLACEHOLDER, models.IMPORT_PLACEHOLDER)):
        return None
    return "hash:" + row["content_hash"]


#: Local rows: (kind, id as text) — what the triggers note in sync_dirty.
Row = tuple[str, str]


def articles(conn: sqlite3.Connection) -> tuple[dict[str, int], dict[int, str]]:
    """Each article's identity -> local id, and back (the first of two with one identity)."""
    ids: dict[str, int] = {}
    idents: dict[int, str] = {}
    for r in conn.execute("SELECT id, content_hash, norm_url FROM articles ORDER BY id"):
        ident = article_ident(r)
        if ident is not None and ident not in ids:
            ids[ident], idents[r["id"]] = r["id"], ident
    return ids, idents


def snapshot(conn: sqlite3.Connection, idents: dict[int, str],
             only: dict[str, set[str]] | None = None
             ) -> tuple[dict[str, dict[str, Any]], dict[str, Row]]:
    """The records of this device (all of them, or those of the rows in *only*, by kind),
    and the local row of each."""
    recs: dict[str, dict[str, Any]] = {}
    rows: dict[str, Row] = {}

    def select(kind: str, sql: str, column: str):
        if only is None:
            yield from conn.execute(sql)
            return
        wanted = sorted(only.get(kind, ()))
        for k in range(0, len(wanted), 500):
            chunk = wanted[k:k + 500]
            where = " WHERE " if " WHERE " not in sql else " AND "
            yield from conn.execute(f"{sql}{where}{column} IN ({','.join('?' * len(chunk))})",
                                    chunk)

    for r in select("a", "SELECT id, content_hash, source, title, url, state, starred, tags, "
                         "removed, norm_url FROM articles", "id"):
        ident = idents.get(r["id"])
        if ident is None:
            continue
        key = "a:" + ident
        recs[key] = {"title": r["title"], "source": r["source"], "url": r["url"],
                     "hash": r["content_hash"], "state": r["state"],
                     "starred": bool(r["starred"]), "tags": _stored_tags(r["tags"]),
                     "removed": r["removed"]}
        rows[key] = ("a", str(r["id"]))
    for r in select("p", "SELECT article_id, offset, progress FROM positions", "article_id"):
        if r["article_id"] in idents:
            key = "p:" + idents[r["article_id"]]
            recs[key] = {"offset": r["offset"], "progress": r["progress"]}
            rows[key] = ("p", str(r["article_id"]))
    for r in select("n", "SELECT article_id, note FROM article_notes", "article_id"):
        if r["article_id"] in idents:
            key = "n:" + idents[r["article_id"]]
            recs[key] = {"note": r["note"]}
            rows[key] = ("n", str(r["article_id"]))
    for r in select("m", "SELECT * FROM marks", "id"):
        if r["article_id"] in idents:
            rec = {name: r[name] for name in _MARK_FIELDS}
            rec["tags"] = _stored_tags(r["tags"])
            rec["article"] = idents[r["article_id"]]
            recs["m:" + r["uid"]] = rec
            rows["m:" + r["uid"]] = ("m", str(r["id"]))
    for r in select("v", "SELECT name, query FROM views", "name"):
        recs["v:" + r["name"]] = {"query": r["query"]}
        rows["v:" + r["name"]] = ("v", r["name"])
    for r in select("f", "SELECT url, title FROM feeds", "url"):
        recs["f:" + r["url"]] = {"title": r["title"]}
        rows["f:" + r["url"]] = ("f", r["url"])
    return recs, rows


def write(conn: sqlite3.Connection, key: str, rec: dict[str, Any], ids: dict[str, int]
          ) -> bool:
    """Make the store hold *rec* (what the merged record shows) under *key*; returns False
    when it cannot yet (a mark whose article has not arrived: tried again next round)."""
    kind, _, name = key.partition(":")
    gone = bool(rec.get(GONE))
    if kind == "a":
        return _article(conn, name, rec, ids, gone)
    if kind in ("p", "n", "m") and (rec.get("article", name) if kind == "m" else name) not in ids:
        return gone  # its article is not here (yet)
    if kind == "p":
        if gone:
            conn.execute("DELETE FROM positions WHERE article_id = ?", (ids[name],))
        else:
            conn.execute("INSERT INTO positions (article_id, offset, progress, updated) "
                         "VALUES (?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET offset = "
                         "excluded.offset, progress = excluded.progress",
                         (ids[name], int(rec.get("offset") or 0),
                          float(rec.get("progress") or 0), now()))
    elif kind == "n":
        if gone or not rec.get("note"):
            conn.execute("DELETE FROM article_notes WHERE article_id = ?", (ids[name],))
        else:
            conn.execute("INSERT INTO article_notes (article_id, note, updated) VALUES (?,?,?) "
                         "ON CONFLICT(article_id) DO UPDATE SET note = excluded.note, "
                         "updated = excluded.updated", (ids[name], str(rec["note"]), now()))
    elif kind == "m":
        _mark(conn, name, rec, ids, gone)
    elif kind == "v":
        if gone:
            conn.execute("DELETE FROM views WHERE name = ?", (name,))
        else:
            conn.execute("INSERT INTO views (name, query, created) VALUES (?, ?, ?) ON CONFLICT"
                         "(name) DO UPDATE SET query = excluded.query",
                         (name, str(rec.get("query")), now()))
    elif kind == "f":
        if gone:
            conn.execute("DELETE FROM feeds WHERE url = ?", (name,))
        else:
            conn.execute("INSERT INTO feeds (url, title, added) VALUES (?, ?, ?) ON CONFLICT"
                         "(url) DO UPDATE SET title = excluded.title",
                         (name, rec.get("title") or "", now()))
    return True


def _article(conn: sqlite3.Connection, ident: str, rec: dict[str, Any], ids: dict[str, int],
             gone: bool) -> bool:
    if gone:
        if ident in ids:
            conn.execute("DELETE FROM articles WHERE id = ?", (ids.pop(ident),))
        return True
    values = (rec.get("title") or "", rec.get("url"), rec.get("state") or "inbox",
              int(bool(rec.get("starred"))), json.dumps(list(rec.get("tags") or [])),
              rec.get("removed"))
    if ident in ids:
        conn.execute("UPDATE articles SET title = ?, url = ?, state = ?, starred = ?, "
                     "tags = ?, removed = ? WHERE id = ?", (*values, ids[ident]))
        return True
    if not rec.get("hash") or not rec.get("source"):
        return False  # not all of it has arrived
    cur = conn.execute(
        "INSERT INTO articles (content_hash, source, title, url, created, state, starred, "
        "tags, removed, norm_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (rec["hash"], rec["source"], values[0], values[1], now(), *values[2:],
         ident[4:] if ident.startswith("url:") else None))
    ids[ident] = int(cur.lastrowid)
    return True


def _mark(conn: sqlite3.Connection, uid: str, rec: dict[str, Any], ids: dict[str, int],
          gone: bool) -> None:
    row = conn.execute("SELECT id FROM marks WHERE uid = ?", (uid,)).fetchone()
    if gone:
        if row is not None:
            conn.execute("DELETE FROM marks WHERE id = ?", (row["id"],))
        return
    cols = {name: rec.get(name) for name in _MARK_FIELDS}
    cols["tags"] = json.dumps(list(rec.get("tags") or []))
    for name in ("note", "chapter", "before", "after", "text"):
        cols[name] = cols[name] or ""
    cols["article_id"] = ids[rec["article"]]
    if row is None:
        if cols["kind"] not in ("bookmark", "highlight"):
            return
        stamp = now()
        names = ", ".join(cols)
        conn.execute(f"INSERT INTO marks (uid, {names}, created, updated) VALUES "
                     f"(?, {', '.join('?' * len(cols))}, ?, ?)",
                     (uid, *cols.values(), stamp, stamp))
    else:
        sets = ", ".join(f"{name} = ?" for name in cols)
        conn.execute(f"UPDATE marks SET {sets}, updated = ? WHERE id = ?",
                     (*cols.values(), now(), row["id"]))


def new_device() -> str:
    return uuid.uuid4().hex[:12]
