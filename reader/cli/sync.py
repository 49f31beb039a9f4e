"""``reader sync [--folder DIR] [--status]``: one round of sync through a folder the user
syncs between devices (see :mod:`reader.core.library.sync`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from reader.cli._common import open_store, say
from reader.core.textsafe import safe_text


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    from reader.config import load_config
    from reader.core.library import StoreError
    from reader.core.library.sync import SyncError, devices, sync_round

    out = out or sys.stdout
    err = err or sys.stderr
    p = argparse.ArgumentParser(
        prog="reader sync", description="Sync articles, places, bookmarks, highlights, notes, "
        "views and feeds with your other devices through a folder you already sync "
        "(Syncthing, Dropbox, a network share): each device writes its own journal there and "
        "reads the others'. The library file itself is never put in the folder.")
    p.add_argument("--folder", metavar="DIR",
                   help="the synced folder (default: [sync] folder in config.toml)")
    p.add_argument("--status", action="store_true",
                   help="list the devices, when each last changed something, what waits")
    ns = p.parse_args(list(argv))
    config = load_config()
    folder = Path(ns.folder).expanduser() if ns.folder else config.sync_folder
    if folder is None:
        say(err, "sync: no folder: give --folder DIR, or set [sync] folder in "
            f"{config.path}")
        return 2
    store = open_store(err)
    if store is None:
        return 1
    try:
        if ns.status:
            return _status(store, folder, out, devices)
        report = sync_round(store, folder)
    except (SyncError, StoreError, OSError) as exc:
        say(err, f"sync: {exc}")
        return 1
    finally:
        store.close()
    if report.new_id:
        say(err, f"sync: another device used this one's id (a copied data directory): this "
            f"one is now {report.device}")
    for problem in report.problems:
        say(err, f"sync: {problem}")
    out.write(safe_text(report.summary(), keep_newlines=False) + "\n")
    return 0


def _status(store, folder: Path, out: TextIO, devices) -> int:
    import time

    found = devices(store, folder)
    if not found:
        out.write(f"no device has synced through {safe_text(str(folder))} yet\n")
        return 0
    for d in found:
        when = (time.strftime("%Y-%m-%d %H:%M", time.localtime(d.last_seen))
                if d.last_seen else "never")
        line = f"{d.name}{' (this device)' if d.this else ''}  last change {when}"
        if d.waiting:
            line += f"  {d.waiting} changes to merge"
        out.write(safe_text(line, keep_newlines=False) + "\n")
    return 0
