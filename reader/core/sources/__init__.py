"""One source -> one :class:`Document`: files, folders, stdin, web pages and feed items.

:func:`load` is the one router, by the kind of source; files are sniffed and read by the
format's own module through one table (:data:`~reader.core.sources.files.FORMATS`):

===============  ====================================================================
module           what it reads
===============  ====================================================================
``files``        paths and stdin within limits; sniffing; the ``FORMATS`` table
``text``         plain text (Project Gutenberg's header and licence marked)
``markdown``     Markdown (headings, code and links kept as spans)
``html``         HTML pages and files (trafilatura)
``epub``         EPUB 2 and 3 (ebooklib)
``pdf``          PDF with a text layer (PDFium in a limited child: ``pdf_worker``)
``web``          http(s) pages: fetched with limits, saved copies for offline reading
``feed_item``    a feed's item: its page, else the feed's own text
===============  ====================================================================

A new format is one module with a ``load(raw)`` and one entry in ``FORMATS``. Loading never
writes to the store (a feed item is marked read by :func:`reader.core.feeds.open_source`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.document import Document, LoadError
from reader.core.urls import is_url

if TYPE_CHECKING:
    from reader.core.sources.files import (
        MAX_BYTES,
        document_from_bytes,
        expand_sources,
        load_file,
        read_source_bytes,
        seeds_dir,
    )

__all__ = ["MAX_BYTES", "Document", "LoadError", "display_source", "document_from_bytes",
           "expand_sources", "is_url", "load", "load_file", "read_source_bytes", "seeds_dir"]

#: Names kept in :mod:`.files`, given here on first use (the router stays light to import).
_FROM_FILES = {"MAX_BYTES", "document_from_bytes", "expand_sources", "load_file",
               "read_source_bytes", "seeds_dir"}


def __getattr__(name: str) -> Any:
    if name in _FROM_FILES:
        from reader.core.sources import files

        return getattr(files, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load(source: str) -> Document:
    """Load one source: a file path, ``-`` for stdin, or an http(s) URL. (A feed's item:
    :func:`reader.core.feeds.open_source`, which knows the feeds.)"""
    if is_url(source):
        from reader.core.sources.web import load_url

        return load_url(source)
    from reader.core.sources.files import load_file

    return load_file(source)


def display_source(source: str) -> str:
    """A short, stable way to show where an article came from."""
    if source == "-":
        return "stdin"
    if is_url(source):
        return source
    from reader.core.sources.files import seeds_dir

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
