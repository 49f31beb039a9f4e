"""Analysis cache in the user cache directory (``READER_CACHE_DIR`` overrides).

Entries are JSON files keyed by the document's content hash, the settings that shaped the
result and the package version, so an edited file, other settings or a new release never
read a stale entry. Writes are atomic (temp file + rename). A damaged entry is ignored (and
removed) and the result rebuilt. The cache is bounded: past :data:`MAX_BYTES` the least
recently used entries are deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from reader import __version__
from reader.core.atomic import write_atomic
from reader.core.paths import cache_dir, ensure_private_dir

MAX_BYTES = 256 * 1024 * 1024
#: Bumped whenever an analysis (sentences, summary, marks) changes between releases.
REVISION = 47
_SUBDIR = "analysis"


def _dir() -> Path:
    return cache_dir() / _SUBDIR


def key(kind: str, content_hash: str, **settings: Any) -> str:
    raw = json.dumps([kind, content_hash, __version__, REVISION, settings], sort_keys=True)
    return f"{kind}-{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


def get(name: str) -> Any | None:
    """The cached value, or None when absent or damaged."""
    path = _dir() / f"{name}.json"
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if not isinstance(data, dict) or data.get("version") != __version__:
            raise ValueError("stale or foreign entry")
        os.utime(path)  # recently used
        return data["value"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError):
        try:
            path.unlink()
        except OSError:
            pass
        return None


def put(name: str, value: Any) -> bool:
    """Store *value* (JSON-serialisable); never raises, returns False if it could not."""
    try:
        folder = ensure_private_dir(_dir())
        write_atomic(folder / f"{name}.json", json.dumps(
            {"version": __version__, "created": time.time(), "value": value}).encode("utf-8"))
        _trim(folder)
        return True
    except (OSError, TypeError, ValueError):
        return False


def _trim(folder: Path, limit: int = MAX_BYTES) -> None:
    entries = []
    total = 0
    for p in folder.glob("*.json"):
        try:
            st = p.stat()
        except OSError:
            continue
        entries.append((st.st_mtime, st.st_size, p))
        total += st.st_size
    if total <= limit:
        return
    for _mtime, size, p in sorted(entries):
        try:
            p.unlink()
        except OSError:
            continue
        total -= size
        if total <= limit * 0.8:
            break
