"""The texts that travel with the records: each article's text, so another machine can read a
local file or a saved page it does not have.

A text is kept in the folder's ``texts/`` as ``<content hash>.txt.gz`` — the SHA-256 of the
text itself, so a file is the same on every device, written once by whoever has it first,
and checked when read: a file whose text is not the one its name says (half-synced, or
hostile) is never used. The store keeps each article's text already (its search row); a
text arrives there for an article that has none (one that came by sync), and a file is
written for an article whose text is not in the folder yet.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sqlite3
import zlib
from pathlib import Path

FOLDER = "texts"
SUFFIX = ".txt.gz"
#: The largest text read back (a book is a few MB; a bomb is not read past this).
MAX_TEXT = 64 * 1024 * 1024


def exchange(conn: sqlite3.Connection, folder: Path, device: str) -> tuple[int, int, list[str]]:
    """Send the texts the folder lacks and take those this store lacks: (sent, received,
    problems)."""
    where = folder / FOLDER
    try:
        where.mkdir(exist_ok=True)
        have = {p.name for p in where.iterdir()}
    except OSError as exc:
        return 0, 0, [f"{where}: {exc.strerror or exc}"]
    problems: list[str] = []
    received = _receive(conn, where, have, problems)
    sent = _send(conn, where, have, device, problems)
    return sent, received, problems


def _hashes(conn: sqlite3.Connection, sql: str) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in conn.execute(sql) if _is_hash(r[1])]


def _body(conn: sqlite3.Connection, art_id: int) -> str:
    """The text stored for an article ("" when none)."""
    row = conn.execute("SELECT body FROM search WHERE rowid = ?", (art_id,)).fetchone()
    return str(row[0] or "") if row else ""


def _is_hash(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _send(conn: sqlite3.Connection, where: Path, have: set[str], device: str,
          problems: list[str]) -> int:
    sent = 0
    # An article read here has its word count (and its text in the store).
    for art_id, digest in _hashes(conn, "SELECT id, content_hash FROM articles WHERE words > 0"):
        name = digest + SUFFIX
        if name in have:
            continue
        text = _body(conn, art_id)
        if not text or _digest(text) != digest:
            continue  # not the article's whole text (an excerpt), or none kept
        tmp = where / f".{name}.{device}.tmp"
        try:
            tmp.write_bytes(gzip.compress(text.encode("utf-8", "surrogatepass"), mtime=0))
            os.replace(tmp, where / name)
        except OSError as exc:
            problems.append(f"{where / name}: {exc.strerror or exc}")
            tmp.unlink(missing_ok=True)
            continue
        have.add(name)
        sent += 1
    return sent


def _receive(conn: sqlite3.Connection, where: Path, have: set[str],
             problems: list[str]) -> int:
    received = 0
    # An article that came by sync has no text and no word count yet.
    for art_id, digest in _hashes(conn, "SELECT id, content_hash FROM articles WHERE words = 0"):
        name = digest + SUFFIX
        if name not in have:
            continue
        if _body(conn, art_id):
            continue
        text = read_text(where / name, digest, problems)
        if text is None:
            continue
        conn.execute("UPDATE search SET body = ? WHERE rowid = ?", (text, art_id))
        conn.execute("UPDATE articles SET words = ? WHERE id = ?", (len(text.split()), art_id))
        received += 1
    return received


def read_text(path: Path, digest: str, problems: list[str]) -> str | None:
    """The text in *path* if it is the one *digest* names (None, and a problem said, if not:
    a file still arriving is only skipped)."""
    try:
        with gzip.open(path, "rb") as f:
            data = f.read(MAX_TEXT + 1)
    except FileNotFoundError:
        return None
    except (OSError, EOFError, zlib.error) as exc:
        problems.append(f"{path}: not a text reader wrote ({exc}); skipped")
        return None
    if len(data) > MAX_TEXT:
        problems.append(f"{path}: larger than {MAX_TEXT // 1_048_576} MB; skipped")
        return None
    try:
        text = data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8; skipped")
        return None
    if _digest(text) != digest:
        problems.append(f"{path}: not the text its name says; skipped")
        return None
    return text


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
