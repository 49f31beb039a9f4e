"""What every CLI command group shares: one-line errors, and running an action on the store."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

from reader.core.textsafe import dumps, safe_text


def say(err: TextIO, message: str) -> None:
    """One line on *err*, ``reader: …``, with anything from outside made inert."""
    print(safe_text(f"reader: {message}", keep_newlines=False), file=err)


def open_store(err: TextIO):
    """The store for a CLI command, or None after one line on *err* saying why not."""
    from reader.core.library import Store, StoreError

    try:
        store = Store()
    except StoreError as exc:
        say(err, str(exc))
        return None
    if store.notice:
        say(err, store.notice)
    return store


Action = Callable[[Any, argparse.Namespace, TextIO, TextIO], int]


def run_group(parser: argparse.ArgumentParser, actions: Mapping[str, Action],
              argv: Sequence[str], out: TextIO | None = None,
              err: TextIO | None = None) -> int:
    """Parse *argv*, open the store, run the chosen action, close the store.

    A :class:`StoreError` (full, locked, read-only) becomes one line and exit status 1.
    """
    from reader.core.library import StoreError

    out = out or sys.stdout
    err = err or sys.stderr
    ns = parser.parse_args(list(argv))
    store = open_store(err)
    if store is None:
        return 1
    try:
        return actions[ns.action](store, ns, out, err)
    except StoreError as exc:
        say(err, str(exc))
        return 1
    finally:
        store.close()


def write_rows(out: TextIO, fmt: str, rows: Sequence[Any]) -> bool:
    """Rows (objects with ``as_dict``) as JSON (one array) or JSON lines; False for text."""
    if fmt == "json":
        out.write(dumps([r.as_dict() for r in rows], indent=2) + "\n")
    elif fmt == "jsonl":
        for r in rows:
            out.write(dumps(r.as_dict()) + "\n")
    else:
        return False
    return True


def on_library(err: TextIO, action: Callable[[Any], int]) -> int:
    """Open the store, run *action* on the library, close it; a store that fails is one
    line and exit status 1."""
    from reader.core.library import Library, StoreError

    store = open_store(err)
    if store is None:
        return 1
    try:
        library = Library(store)
        library.trash.empty_old()
        return action(library)
    except StoreError as exc:
        say(err, str(exc))
        return 1
    finally:
        store.close()
