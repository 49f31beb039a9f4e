"""One source -> one :class:`Document`: files, folders, stdin, web pages and feed items.

:func:`load` is the single router; the readers it calls (:mod:`reader.core.documents` for
files and bytes, :mod:`reader.core.web` for pages, :mod:`reader.core.feeds` for feed items)
do not know about each other.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.document import FEED_ITEM_PREFIX, Document, LoadError
from reader.core.documents import expand_sources, load_file
from reader.core.urls import is_url

if TYPE_CHECKING:
    from reader.core.library.store import Store

__all__ = ["Document", "LoadError", "display_source", "expand_sources", "is_url", "load"]


def load(source: str, store: Store | None = None) -> Document:
    """Load one source: a file path, ``-`` for stdin, or an http(s) URL.

    With a *store*, a URL that is a subscribed feed's item opens as that item (the full page,
    falling back to the feed's own text when the page cannot be had).
    """
    if store is not None and source.startswith(FEED_ITEM_PREFIX):
        from reader.core.feeds import item_document

        return item_document(store, source)
    if is_url(source):
        if store is not None and store.feeds.item_for_link(source) is not None:
            from reader.core.feeds import item_document

            return item_document(store, source)
        from reader.core.web import load_url

        return load_url(source)
    return load_file(source)


def display_source(source: str) -> str:
    """A short, stable way to show where an article came from."""
    if source == "-":
        return "stdin"
    if is_url(source):
        return source
    from reader.core.documents import seeds_dir

    try:
        path = Path(source).resolve()
        seeds = seeds_dir().resolve()
        if path.is_relative_to(seeds):
            return f"sample: {path.relative_to(seeds).as_posix()}"
        cwd = Path.cwd().resolve()
        if path.is_relative_to(cwd):
            return path.relative_to(cwd).as_posix()
        home = Path.home().resolve()
        if path.is_relative_to(home):
            return "~/" + path.relative_to(home).as_posix()
    except (OSError, ValueError):
        pass
    return os.path.normpath(source)
