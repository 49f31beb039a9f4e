"""``reader doctor``: check the store and repair what can be rebuilt (the search index)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from reader.cli._common import open_store, say
from reader.core.textsafe import safe_text


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    argparse.ArgumentParser(
        prog="reader doctor",
        description="Check the library's file (SQLite's integrity check) and its search "
        "index; a damaged search index is rebuilt from the text it indexes. Nothing of "
        "yours is deleted.").parse_args(list(argv))
    store = open_store(err)
    if store is None:
        return 1
    try:
        out.write(f"store: {safe_text(str(store.path))}\n")
        whole = store.db.integrity()
        out.write("file: ok\n" if whole == "ok" else
                  "file: damaged:\n" + safe_text(whole) + "\n")
        problem = store.db.check_search_index()
        if problem is None:
            out.write("search index: ok\n")
        else:
            out.write(f"search index: damaged ({safe_text(problem)}); rebuilding…\n")
            still = store.db.repair_search_index()
            if still is not None:
                say(err, f"the search index could not be rebuilt: {still}")
                return 1
            out.write("search index: rebuilt\n")
        if whole != "ok":
            say(err, "the file itself is damaged: copy it somewhere safe, then "
                     "'reader bookmarks export --format json' saves what can be read")
            return 1
        return 0
    finally:
        store.close()
