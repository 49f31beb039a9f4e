"""W3C Web Annotation JSON, as Hypothesis exports it (https://www.w3.org/TR/annotation-model/
and Hypothesis's export: a list of annotations, ``{"rows": [...]}`` from its API, or an
AnnotationCollection's ``first.items``): each annotation's target ``source`` (a URL, or
``file://`` for a file) and its TextQuoteSelector ``exact`` quote; its ``commenting`` body is
the note, ``tagging`` bodies (or Hypothesis's ``tags``) the tags. What ``reader export
annotations`` writes reads back the same."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from reader.core.interop.highlights import Parsed

HELP = "W3C Web Annotation JSON (Hypothesis's export; reader export annotations writes it)"


def parse(text: str) -> Parsed:
    from reader.core.interop.highlights import Book, Parsed

    data = json.loads(text)
    items = _items(data)
    if items is None:
        raise ValueError("no annotations (a list, {\"rows\": …} or a collection's items)")
    out = Parsed()
    books: dict[str, Book] = {}
    for item in items:
        found = _one(item)
        if found is None:
            why = "annotations without a quoted passage"
            out.skipped[why] = out.skipped.get(why, 0) + 1
            continue
        source, title, quote, note, tags = found
        book = books.setdefault(source, Book(title, source=_local(source)))
        book.highlights.append((quote, note))
        if tags:
            book.tags[quote] = tags
    out.books = list(books.values())
    return out


def _items(data: Any) -> list | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if isinstance(data.get("rows"), list):
            return data["rows"]
        first = data.get("first")
        if isinstance(first, dict) and isinstance(first.get("items"), list):
            return first["items"]
        if data.get("type") == "Annotation":
            return [data]
    return None


def _one(item: Any) -> tuple[str, str, str, str, list[str]] | None:
    if not isinstance(item, dict):
        return None
    targets = item.get("target")
    targets = targets if isinstance(targets, list) else [targets]
    for target in targets:
        if not isinstance(target, dict):
            continue
        selectors = target.get("selector") or []
        selectors = selectors if isinstance(selectors, list) else [selectors]
        exact = next((str(s.get("exact")) for s in selectors if isinstance(s, dict)
                      and s.get("type") == "TextQuoteSelector" and s.get("exact")), "")
        source = str(target.get("source") or item.get("uri") or "")
        if exact.strip() and source:
            bodies = item.get("body") or []
            bodies = bodies if isinstance(bodies, list) else [bodies]
            notes = [str(b.get("value")) for b in bodies if isinstance(b, dict)
                     and b.get("purpose", "commenting") == "commenting" and b.get("value")]
            tags = [str(b.get("value")) for b in bodies if isinstance(b, dict)
                    and b.get("purpose") == "tagging" and b.get("value")]
            if not notes and isinstance(item.get("text"), str):  # Hypothesis's own field
                notes = [item["text"]] if item["text"].strip() else []
            tags += [str(t) for t in item.get("tags") or () if isinstance(t, str)]
            title = str(item.get("reader:title") or _title(item) or "")
            return source, title, exact.strip(), "\n\n".join(notes), list(dict.fromkeys(tags))
    return None


def _title(item: dict) -> str:
    document = item.get("document")
    if isinstance(document, dict):
        titles = document.get("title")
        if isinstance(titles, list) and titles:
            return str(titles[0])
    return ""


def _local(source: str) -> str:
    """A file:// target as its path; anything else as it is."""
    parts = urlsplit(source)
    return unquote(parts.path) if parts.scheme == "file" else source
