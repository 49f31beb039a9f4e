"""Kindle's ``My Clippings.txt``: entries separated by ``==========`` — a ``Title (Author)``
line, a line such as ``- Your Highlight on page 12 | Location 170-172 | Added on …`` (or
``at location 170-172``, ``Highlight Loc. 170-72``; ``Note``, ``Bookmark``), a blank line,
the text. The layout is the one Kindle devices write, as documented by the tools that read it
(e.g. https://github.com/robertmartin8/KindleClippings, and Amazon's own help page "Find
Your Notes, Highlights, and Bookmarks"). Extending a highlight writes a new entry: the
longest per place is kept; a note joins the highlight whose locations hold it. Entries in
another interface language, bookmarks (no passage) and the clipping-limit message are
counted, not read."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.interop.highlights import Parsed

HELP = "a Kindle's My Clippings.txt (highlights and notes, by book)"

_SEPARATOR = re.compile(r"^=+\s*$", re.MULTILINE)
_META = re.compile(r"^-\s*(?:Your\s+)?(?P<kind>Highlight|Note|Bookmark)\b(?P<rest>.*)$",
                   re.IGNORECASE)
_LOCATION = re.compile(r"\b(?:Location|Loc\.)\s*(?P<a>\d+)(?:\s*-\s*(?P<b>\d+))?",
                       re.IGNORECASE)
_AUTHOR = re.compile(r"^(?P<title>.*)\((?P<author>[^()]*)\)\s*$")
_LIMIT = "clipping limit"


def parse(text: str) -> Parsed:
    from reader.core.interop.highlights import Book, Parsed

    out = Parsed()
    books: dict[tuple[str, str], dict[str, list]] = {}
    for entry in _SEPARATOR.split(text.lstrip("\ufeff")):
        lines = [line.strip().lstrip("\ufeff") for line in entry.strip().splitlines()]
        if not lines or not any(lines):
            continue
        if len(lines) < 2:
            _skip(out, "entries without a header")
            continue
        meta = _META.match(lines[1])
        if meta is None:
            _skip(out, "entries in another language or layout")
            continue
        kind = meta.group("kind").lower()
        body = "\n".join(lines[2:]).strip()
        if kind == "bookmark":
            _skip(out, "bookmarks (no passage)")
            continue
        if not body or _LIMIT in body.lower():
            _skip(out, "entries without text (clipping limit)")
            continue
        title, author = _title(lines[0])
        place = _place(meta.group("rest"))
        book = books.setdefault((title, author), {"highlights": [], "notes": []})
        book["highlights" if kind == "highlight" else "notes"].append((place, body))
    for (title, author), found in books.items():
        kept = _longest(found["highlights"])
        notes: dict[int, list[str]] = {}
        for place, note in found["notes"]:
            at = next((k for k, (p, _) in enumerate(kept) if p and place
                       and p[0] <= place[0] <= p[1]), None)
            if at is None:
                _skip(out, "notes without their highlight")
            else:
                notes.setdefault(at, []).append(note)
        out.books.append(Book(title, author, [(quote, "\n".join(notes.get(k, [])))
                                              for k, (_, quote) in enumerate(kept)]))
    return out


def _skip(out: Parsed, why: str) -> None:
    out.skipped[why] = out.skipped.get(why, 0) + 1


def _title(line: str) -> tuple[str, str]:
    m = _AUTHOR.match(line)
    if not m or not m.group("title").strip():
        return line.strip(), ""
    author = m.group("author").strip()
    if "," in author and author.count(",") == 1:  # "Austen, Jane"
        last, first = (x.strip() for x in author.split(","))
        author = f"{first} {last}"
    return m.group("title").strip(), author


def _place(rest: str) -> tuple[int, int] | None:
    """The entry's locations (170-72 is 170 to 172)."""
    m = _LOCATION.search(rest)
    if not m:
        return None
    a = int(m.group("a"))
    b_text = m.group("b")
    if not b_text:
        return (a, a)
    b = int(b_text)
    if b < a:  # abbreviated: the end's last digits
        b = int(str(a)[:len(str(a)) - len(b_text)] + b_text)
        b = b if b >= a else a
    return (a, b)


def _longest(highlights: list[tuple[tuple[int, int] | None, str]]
             ) -> list[tuple[tuple[int, int] | None, str]]:
    """One highlight per place: of those whose locations overlap (a highlight extended,
    written again), the longest; in the book's order."""
    kept: list[tuple[tuple[int, int] | None, str]] = []
    for place, quote in highlights:
        for k, (other, text) in enumerate(kept):
            if place and other and place[0] <= other[1] and other[0] <= place[1]:
                if len(quote) > len(text):
                    kept[k] = (place, quote)
                break
        else:
            kept.append((place, quote))
    return sorted(kept, key=lambda h: h[0] or (0, 0))
