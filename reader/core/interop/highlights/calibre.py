"""calibre's e-book viewer highlights export: ``{"type": "calibre_highlights", "version": 1,
"highlights": [{"type": "highlight", "highlighted_text": …, "notes": …, "timestamp": …,
"toc_family_titles": […], …}]}`` (the file "Export" writes in the viewer's Highlights panel;
calibre's src/calibre/gui2/viewer/highlights.py). The export does not name its book: the
book is the library's article whose text holds the quotes (see
:func:`reader.core.interop.highlights.import_books`)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.interop.highlights import Parsed

HELP = "calibre's viewer highlights export (calibre_highlights JSON; the book found by its quotes)"
#: The title of a book found by its quotes (the export names none).
UNNAMED = ""


def parse(text: str) -> Parsed:
    from reader.core.interop.highlights import Book, Parsed

    data = json.loads(text)
    if not isinstance(data, dict) or data.get("type") != "calibre_highlights":
        raise ValueError('no "type": "calibre_highlights" (a calibre viewer export?)')
    out = Parsed()
    book = Book(UNNAMED)
    for item in data.get("highlights") or ():
        if not isinstance(item, dict) or item.get("type", "highlight") != "highlight":
            why = "entries that are not highlights (bookmarks)"
            out.skipped[why] = out.skipped.get(why, 0) + 1
            continue
        quote = str(item.get("highlighted_text") or "").strip()
        if not quote:
            out.skipped["highlights without text"] = out.skipped.get("highlights without "
                                                                     "text", 0) + 1
            continue
        book.highlights.append((quote, str(item.get("notes") or "").strip()))
    if book.highlights:
        out.books.append(book)
    return out
