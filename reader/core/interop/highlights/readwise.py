"""Readwise's CSV export (Highlight, Book Title, Book Author, Amazon Book ID, Note, Color,
Tags, Location Type, Location, Highlighted at, Document tags — the header Readwise writes
under "Export: CSV", and the one ``reader export readwise`` writes, read back). Rows are
grouped by book; a row without a highlight or a title is counted, not read."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.interop.highlights import Parsed

HELP = "Readwise's CSV export (Highlight, Book Title, Book Author, Note, …)"


def parse(text: str) -> Parsed:
    from reader.core.interop.highlights import Book, Parsed

    out = Parsed()
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower(): f for f in reader.fieldnames or ()}
    if "highlight" not in fields or not ({"book title", "title"} & fields.keys()):
        raise ValueError("no Highlight and Book Title columns (a Readwise CSV export?)")
    title_col = fields.get("book title") or fields["title"]
    author_col = fields.get("book author") or fields.get("author")
    books: dict[tuple[str, str], Book] = {}
    for row in reader:
        quote = (row.get(fields["highlight"]) or "").strip()
        title = (row.get(title_col) or "").strip()
        if not quote or not title:
            why = "rows without a highlight or a title"
            out.skipped[why] = out.skipped.get(why, 0) + 1
            continue
        author = (row.get(author_col) or "").strip() if author_col else ""
        note = (row.get(fields.get("note", "")) or "").strip() if "note" in fields else ""
        book = books.setdefault((title, author), Book(title, author))
        book.highlights.append((quote, note))
    out.books = list(books.values())
    return out
