"""Journals in the sync folder: one file of JSON lines per device, appended to by it alone.

The folder is hostile ground (a sync tool writes into it): a journal is read up to its last
complete line, the rest later; a line that is not a change is counted and named, never
fatal; a change from a newer reader (another version, a record this one does not know) is
kept aside, not dropped; temporary files of the sync tool are not journals, its conflict
copies (``x.sync-conflict-….jsonl``) are, and changes read twice change nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.library.sync.merge import Change

#: The folder's subfolder reader keeps its journals in.
SUBFOLDER = "reader-sync"
#: Record kinds this reader knows (the key's prefix).
KINDS = ("a", "p", "n", "m", "v", "f")


def journal_dir(folder: Path) -> Path:
    return folder / SUBFOLDER


def own_journal(folder: Path, device: str, epoch: str = "") -> Path:
    """This device's journal: ``<device>.jsonl``, then ``<device>.<epoch>.jsonl`` after each
    compaction (a new name, so a reader half way through the old one starts the new one from
    its beginning)."""
    return journal_dir(folder) / (f"{device}.{epoch}.jsonl" if epoch else f"{device}.jsonl")


def device_of(path: Path) -> str:
    """The device whose journal *path* is (its conflict copies and epochs alike)."""
    return path.name.split(".", 1)[0]


def journals(folder: Path) -> list[Path]:
    """Every journal in the folder (conflict copies included, temporary files not)."""
    where = journal_dir(folder)
    if not where.is_dir():
        return []
    return sorted(p for p in where.iterdir()
                  if p.suffix == ".jsonl" and not p.name.startswith((".", "~"))
                  and p.is_file())


def append(path: Path, changes: list[Change]) -> None:
    """Add changes to the device's own journal, whole lines, flushed to disk."""
    if not changes:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(json.dumps(c.as_dict(), ensure_ascii=False, sort_keys=True) + "\n"
                   for c in changes).encode("utf-8")
    with path.open("ab") as f:
        if f.tell() and not _ends_with_newline(path):
            f.write(b"\n")  # a half line left by a crash ends; it is skipped when read
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def rewrite(path: Path, changes: list[Change]) -> None:
    """Write a whole journal under a temporary name the sync tools and reader skip, then
    give it its name: a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name("." + path.name + ".tmp")
    data = "".join(json.dumps(c.as_dict(), ensure_ascii=False, sort_keys=True) + "\n"
                   for c in changes).encode("utf-8")
    with tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


@dataclass
class Read:
    """What reading a journal from an offset gave."""

    changes: list[Change] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # lines from a newer reader, kept
    bad: int = 0  # lines that are not JSON changes
    offset: int = 0  # where the next read starts (after the last complete line)


def read(path: Path, offset: int = 0) -> Read:
    """The complete lines of *path* from byte *offset* (a journal that shrank — replaced
    by its device — is read again from the start)."""
    out = Read(offset=offset)
    try:
        size = path.stat().st_size
        if size < offset:
            offset = 0
        with path.open("rb") as f:
            f.seek(offset)
            data = f.read()
    except OSError:
        return out
    end = data.rfind(b"\n") + 1  # a last line without its newline is being written
    for raw in data[:end].split(b"\n"):
        if raw.strip():
            _parse(raw, out)
    out.offset = offset + end
    return out


def _parse(raw: bytes, out: Read) -> None:
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        out.bad += 1
        return
    change = change_of(obj)
    if change is not None:
        out.changes.append(change)
    elif isinstance(obj, dict) and isinstance(obj.get("v"), int) and obj["v"] >= 1:
        out.unknown.append(raw.decode("utf-8"))  # a newer reader's: kept, passed on
    else:
        out.bad += 1


def change_of(obj: Any) -> Change | None:
    """A change this reader understands, else None."""
    if not isinstance(obj, dict) or obj.get("v") != 1:
        return None
    try:
        key, values, hlc = obj["key"], obj["values"], obj["hlc"]
        if not (isinstance(key, str) and isinstance(values, dict) and isinstance(hlc, str)):
            return None
        if key.split(":", 1)[0] not in KINDS or hlc.count(".") < 2:
            return None
        base = {str(f): tuple(str(b) for b in bs or ())
                for f, bs in (obj.get("base") or {}).items()}
        return Change(str(obj["id"]), str(obj["dev"]), hlc, key, dict(values), base)
    except (KeyError, TypeError, AttributeError):
        return None


def lines(path: Path) -> Iterator[str]:
    """The journal's complete lines (for status)."""
    try:
        data = path.read_bytes()
    except OSError:
        return
    for raw in data[:data.rfind(b"\n") + 1].split(b"\n"):
        if raw.strip():
            yield raw.decode("utf-8", "replace")
