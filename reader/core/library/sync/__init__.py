"""Sync through a folder the user already syncs (Syncthing, Dropbox, a network share, git).

The live SQLite file is never copied or opened from the folder. Each device appends what
changed on it to its own journal there (:mod:`.journal`: JSON lines, each change with an
id, the device and a hybrid logical clock, :mod:`.clock`) and merges everyone else's
(:mod:`.merge`: per field the later change wins, deletions travel as ``_gone``, two versions
of a note written without seeing each other are both kept). What travels is
:mod:`.records`: articles (state, star, tags, the trash), reading places, article notes,
bookmarks and highlights with their notes and tags, saved views, feed subscriptions.

One round (:func:`sync_round`): find what changed here since the last round (the store as
records against what was merged then), append it to this device's journal, read the other
journals from where they were left, merge, and write into the store what the merge shows.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.library.sync import journal, texts
from reader.core.library.sync.clock import Clock, parse
from reader.core.library.sync.merge import Change, Field, Record, apply, shown
from reader.core.library.sync.records import GONE, articles, new_device, snapshot, write

#: Facts an article is created with, the same wherever it is (its file's path is not): sent
#: once, never compared again.
CREATED_WITH = frozenset({"source", "hash"})
#: A journal is compacted (rewritten with only this device's versions still shown, under a new
#: name) once it is this many bytes and holds over twice the lines those need.
COMPACT_BYTES = 4_000_000
#: The order records are written in: an article before what belongs to it.
_KIND_ORDER = {"a": 0, "f": 1, "v": 1, "p": 2, "n": 2, "m": 2}


class SyncError(Exception):
    """A round that cannot be made (the folder is missing); the message is one line."""


@dataclass
class Report:
    device: str
    sent: int = 0  # records this device changed, appended to its journal
    received: int = 0  # changes from others that changed something
    written: int = 0  # records written into the store
    waiting: int = 0  # records that cannot be written yet (a mark before its article)
    new_id: bool = False  # another device had this one's id (a copied data directory)
    texts_sent: int = 0  # article texts written to the folder
    texts_received: int = 0  # article texts taken from it
    problems: list[str] = field(default_factory=list)  # journals with lines not read

    def summary(self) -> str:
        parts = [f"sent {self.sent}", f"received {self.received}", f"wrote {self.written}"]
        if self.texts_sent or self.texts_received:
            parts.append(f"texts sent {self.texts_sent}, received {self.texts_received}")
        if self.waiting:
            parts.append(f"{self.waiting} waiting for their article")
        return "sync: " + ", ".join(parts)


def sync_round(store: Any, folder: Path) -> Report:
    """One round of sync between this store and the journals in *folder*."""
    if not folder.is_dir():
        raise SyncError(f"{folder}: no such folder (the folder you sync between devices)")
    with store.db.write() as w:
        return _Round(w, folder).run()


class _Round:
    """One round, in one write transaction of the store."""

    def __init__(self, conn, folder: Path) -> None:
        self.conn = conn
        self.folder = folder
        meta = {r["name"]: r["value"] for r in conn.execute("SELECT name, value FROM sync_meta")}
        self.device = meta.get("device") or new_device()
        self.epoch = meta.get("epoch", "")
        self.checked = int(meta.get("checked", "0"))  # the journal's size when last weighed
        self.clock = Clock(self.device, meta.get("clock"))
        self.waiting: set[str] = set(json.loads(meta.get("waiting") or "[]"))
        self.offsets = {r["name"]: (r["offset"], r["last_hlc"])
                        for r in conn.execute("SELECT name, offset, last_hlc FROM sync_journals")}
        self.report = Report(self.device)
        self.state: dict[str, Record] = {}  # the records read so far (read when needed)
        self.touched: set[str] = set()  # records whose versions changed this round
        self.arrived: set[str] = set()  # records another device changed

    def run(self) -> Report:
        own = journal.own_journal(self.folder, self.device, self.epoch)
        if own.exists() and own.stat().st_size != self.offsets.get(own.name, (0, None))[0]:
            # Someone else writes this journal: this data directory was copied. Take a new
            # id (the other keeps the old one).
            self.device, self.epoch = new_device(), ""
            self.clock = Clock(self.device, self.clock.last)
            self.report = Report(self.device, new_id=True)
            own = journal.own_journal(self.folder, self.device)
        ids, idents = articles(self.conn)
        snap, gone = self._changed_here(idents)
        self._load(set(snap) | gone)
        outgoing = self._local_changes(snap, gone)
        journal.append(own, outgoing)
        self.report.sent = len(outgoing)
        self._read_others(own)
        self._write_back(ids, idents)
        sent, received, problems = texts.exchange(self.conn, self.folder, self.device)
        self.report.texts_sent, self.report.texts_received = sent, received
        self.report.problems += problems
        own = self._compact(own)
        self._save(own, idents)
        return self.report

    def _compact(self, own: Path) -> Path:
        """Rewrite this device's journal with only its versions still shown (each with all
        it replaced, so nothing comes back), under a new name; returns the journal."""
        size = own.stat().st_size if own.exists() else 0
        if size < COMPACT_BYTES or size < 1.5 * self.checked:
            return own  # small, or not much grown since it was last weighed
        self.checked = size
        self._load({r["key"] for r in self.conn.execute("SELECT key FROM sync_records")})
        changes: list[Change] = []
        for key, record in sorted(self.state.items()):
            mine: dict[str, dict[str, Any]] = {}
            for name, fld in record.items():
                for hlc, value in fld.heads.items():
                    if parse(hlc)[2] == self.device:
                        mine.setdefault(hlc, {})[name] = value
            for hlc, values in sorted(mine.items()):
                changes.append(Change(f"{self.device}.{hlc}", self.device, hlc, key, values,
                                      {f: tuple(sorted(record[f].gone)) for f in values}))
        lines = sum(1 for _ in journal.lines(own))
        if lines <= 2 * len(changes):
            return own
        self.epoch = new_device()
        fresh = journal.own_journal(self.folder, self.device, self.epoch)
        journal.rewrite(fresh, changes)
        self.checked = fresh.stat().st_size
        own.unlink(missing_ok=True)
        self.offsets.pop(own.name, None)
        return fresh

    def _changed_here(self, idents: dict[int, str]) -> tuple[dict[str, dict[str, Any]],
                                                             set[str]]:
        """The records of the rows changed since the last round (all of them at the first
        round), and the records no longer here."""
        conn = self.conn
        if conn.execute("SELECT 1 FROM sync_here LIMIT 1").fetchone() is None:
            snap, _ = snapshot(conn, idents)
            return snap, set()
        dirty: dict[str, set[str]] = {}
        for r in conn.execute("SELECT kind, id FROM sync_dirty"):
            dirty.setdefault(r["kind"], set()).add(str(r["id"]))
        snap, rows = snapshot(conn, idents, dirty)
        now_at = {row: key for key, row in rows.items()}
        gone = set()
        for kind, wanted in dirty.items():
            for row_id in wanted:
                for r in conn.execute("SELECT key FROM sync_here WHERE kind = ? AND id = ?",
                                      (kind, row_id)):
                    if now_at.get((kind, row_id)) != r["key"]:
                        gone.add(r["key"])  # deleted, or now another record (edited text)
        return snap, gone - set(snap)

    def _load(self, keys: set[str]) -> None:
        wanted = sorted(k for k in keys if k not in self.state)
        for k in range(0, len(wanted), 500):
            chunk = wanted[k:k + 500]
            for r in self.conn.execute("SELECT key, state FROM sync_records WHERE key IN "
                                       f"({','.join('?' * len(chunk))})", chunk):
                fields = json.loads(r["state"])
                self.state[r["key"]] = {f: Field.from_json(v) for f, v in fields.items()}
            for key in chunk:
                self.state.setdefault(key, {})

    def _change(self, key: str, values: dict[str, Any]) -> Change:
        record = self.state.setdefault(key, {})
        hlc = self.clock.now()
        change = Change(f"{self.device}.{hlc}", self.device, hlc, key, values,
                        {f: tuple(record[f].heads) for f in values if f in record})
        apply(record, change)
        self.touched.add(key)
        return change

    def _local_changes(self, snap: dict[str, dict[str, Any]], gone: set[str]) -> list[Change]:
        out = []
        for key, rec in snap.items():
            record = self.state.get(key, {})
            seen = shown(record)
            diff = {f: v for f, v in rec.items() if (f not in record if f in CREATED_WITH
                                                     else _same(seen.get(f)) != _same(v))}
            if seen.get(GONE):
                diff[GONE] = False  # here again
            if diff:
                out.append(self._change(key, diff))
        for key in sorted(gone):
            if self.state.get(key) and not shown(self.state[key]).get(GONE):
                out.append(self._change(key, {GONE: True}))
        return out

    def _read_others(self, own: Path) -> None:
        for path in journal.journals(self.folder):
            if path == own:
                continue
            offset, last = self.offsets.get(path.name, (0, None))
            got = journal.read(path, offset)
            self._load({c.key for c in got.changes})
            for change in got.changes:
                self.clock.seen(change.hlc)
                if apply(self.state.setdefault(change.key, {}), change):
                    self.touched.add(change.key)
                    self.arrived.add(change.key)
                    self.report.received += 1
                last = max(last or "", change.hlc)
            for line in got.unknown:
                self.conn.execute("INSERT OR IGNORE INTO sync_unknown (line) VALUES (?)", (line,))
            if got.bad:
                self.report.problems.append(f"{path.name}: {got.bad} lines are not changes "
                                            "reader can read (left alone)")
            self.offsets[path.name] = (got.offset, last)

    def _local(self, keys: set[str], idents: dict[int, str]) -> dict[str, dict[str, Any]]:
        """What the store holds now for *keys* (the rows the last round saw them at)."""
        rows: dict[str, set[str]] = {}
        for key in keys:
            for r in self.conn.execute("SELECT kind, id FROM sync_here WHERE key = ?", (key,)):
                rows.setdefault(r["kind"], set()).add(str(r["id"]))
        if not rows:
            return {}
        snap, _ = snapshot(self.conn, idents, rows)
        return snap

    def _write_back(self, ids: dict[str, int], idents: dict[int, str]) -> None:
        keys = self.arrived | self.waiting
        self._load(keys)
        local = self._local(keys, idents)
        self.waiting = set()
        for key in sorted(keys, key=lambda k: (_KIND_ORDER.get(k[:1], 3), k)):
            merged = shown(self.state[key])
            here = local.get(key)
            if here is None and (not merged or merged.get(GONE)):
                continue  # gone everywhere, or nothing yet
            if here is not None and not merged.get(GONE) and all(
                    f in CREATED_WITH or _same(here.get(f)) == _same(v)
                    for f, v in merged.items() if f != GONE):
                continue  # the store already shows it
            if write(self.conn, key, {**(here or {}), **merged}, ids):
                self.report.written += 1
            else:
                self.waiting.add(key)
        self.report.waiting = len(self.waiting)

    def _save(self, own: Path, idents: dict[int, str]) -> None:
        conn = self.conn
        for key in self.touched:
            conn.execute("INSERT INTO sync_records (key, state) VALUES (?, ?) ON CONFLICT(key) "
                         "DO UPDATE SET state = excluded.state",
                         (key, json.dumps({f: v.as_json() for f, v in self.state[key].items()})))
        if own.exists():
            self.offsets[own.name] = (own.stat().st_size, self.clock.last)
        for name, (offset, last) in self.offsets.items():
            conn.execute("INSERT INTO sync_journals (name, offset, seen, last_hlc) VALUES "
                         "(?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET offset = excluded.offset,"
                         " seen = excluded.seen, last_hlc = excluded.last_hlc",
                         (name, offset, time.time(), last))
        self._remember_rows()
        for name, value in (("device", self.device), ("epoch", self.epoch),
                            ("checked", str(self.checked)),
                            ("clock", self.clock.last),
                            ("waiting", json.dumps(sorted(self.waiting)))):
            conn.execute("INSERT INTO sync_meta (name, value) VALUES (?, ?) ON CONFLICT(name) "
                         "DO UPDATE SET value = excluded.value", (name, value))

    def _remember_rows(self) -> None:
        """Which record each local row is now (for the rows changed this round, or every row
        at the first), so the next round knows what a changed or deleted row was."""
        conn = self.conn
        _, idents = articles(conn)
        first = conn.execute("SELECT 1 FROM sync_here LIMIT 1").fetchone() is None
        dirty: dict[str, set[str]] = {}
        for r in conn.execute("SELECT kind, id FROM sync_dirty"):
            dirty.setdefault(r["kind"], set()).add(str(r["id"]))
        _, rows = snapshot(conn, idents, None if first else dirty)
        for kind, wanted in dirty.items():
            conn.executemany("DELETE FROM sync_here WHERE kind = ? AND id = ?",
                             [(kind, row_id) for row_id in wanted])
        conn.executemany("INSERT INTO sync_here (key, kind, id) VALUES (?, ?, ?) ON CONFLICT"
                         "(key) DO UPDATE SET kind = excluded.kind, id = excluded.id",
                         [(key, kind, row_id) for key, (kind, row_id) in rows.items()])
        conn.execute("DELETE FROM sync_dirty")


def _same(value: Any) -> str:
    """A value as compared: the same JSON whatever Python type carried it."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


@dataclass
class Device:
    name: str  # the journal's device id
    last_seen: float | None  # when its last change was made (its clock)
    waiting: int  # changes in its journal this device has not read yet
    this: bool = False


def devices(store: Any, folder: Path) -> list[Device]:
    """The devices whose journals are in *folder*, when each last changed something, and
    how many of its changes wait to be read here."""
    rows = store.db.query("SELECT name, offset FROM sync_journals", ())
    offsets = {r["name"]: r["offset"] for r in rows}
    me = store.db.query("SELECT value FROM sync_meta WHERE name = 'device'", ())
    device = me[0]["value"] if me else None
    out: dict[str, Device] = {}
    for path in journal.journals(folder):
        lines = list(journal.lines(path))
        last = None
        for line in reversed(lines):
            change = journal.change_of(_loads(line))
            if change is not None:
                last = parse(change.hlc)[0] / 1000
                break
        name = journal.device_of(path)
        waiting = len(journal.read(path, offsets.get(path.name, 0)).changes) \
            if name != device else 0
        seen = out.get(name)
        if seen is None:
            out[name] = Device(name, last, waiting, name == device)
        else:  # a conflict copy of the same device's journal
            seen.waiting += waiting
            seen.last_seen = max(x for x in (seen.last_seen, last, 0.0) if x is not None)
    return list(out.values())


def _loads(line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        return None
