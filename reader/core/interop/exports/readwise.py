"""Readwise's CSV import: every highlight and bookmark (Highlight, Title, Author, URL,
Note, Location, Date), cells a spreadsheet will not run."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from reader.core.atomic import write_atomic
from reader.core.interop.exports.common import ExportReport, no_controls
from reader.core.library.service import Library
from reader.core.textsafe import plural

READWISE_COLUMNS = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")
HELP = "Readwise's CSV import (Highlight, Title, Author, URL, Note, Location, Date)"
ARGUMENT = ("FILE.csv", "the file to write, or - for stdout")


def readwise_csv(library: Library) -> str:
    """Every highlight and bookmark as Readwise's CSV import reads it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(READWISE_COLUMNS)
    cache: dict[int, Any] = {}
    for m in library.marks():
        art = cache.get(m.article_id) or library.article(m.article_id)
        cache[m.article_id] = art
        note = m.note.strip()
        tags = " ".join(f".{t}" for t in m.tags)  # Readwise reads ".tag" in a note as a tag
        writer.writerow([csv_cell(v) for v in (
            " ".join(m.text.split()),
            art.title if art else m.title,
            art.author if art else "",
            (art.url if art else m.url) or "",
            " ".join(x for x in (note, tags) if x),
        )] + [m.sentence + 1, _utc(m.created)])
    return out.getvalue()


def _utc(stamp: float) -> str:
    try:
        return datetime.fromtimestamp(stamp, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    except (OverflowError, OSError, ValueError):
        return ""


def csv_cell(value: str) -> str:
    """A text cell a spreadsheet will not run: one that would start with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading apostrophe (OWASP's advice
    against CSV injection), and terminal controls become visible symbols."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        value = "'" + value
    return no_controls(value)


def run(library: Library, destination: str | None, out: TextIO) -> ExportReport:
    """``reader export readwise FILE.csv`` (``-``: stdout)."""
    data = readwise_csv(library)
    if destination in (None, "-"):
        out.write(data)
        return ExportReport()
    write_atomic(Path(destination), data.encode("utf-8"))
    return ExportReport(summary=f"{plural(len(library.marks()), 'highlight')} written to "
                                f"{destination}")
