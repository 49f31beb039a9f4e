"""What every CLI command group shares: opening the store with one line on failure."""

from __future__ import annotations

from typing import TextIO

from reader.core.textsafe import safe_text


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
