"""Omnivore's export: its metadata_*.json, and with the rest of the export (the zip, or
the folder it was unpacked into) each item's highlights/{slug}.md and content/{slug}.html."""

from __future__ import annotations

import functools
import json
import re

from reader.core.interop.bundle import Bundle
from reader.core.interop.saved import MAX_HIGHLIGHTS_PER_ITEM, Saved, as_list, stamp, tags, text_of

HELP = ("Omnivore's export as downloaded (the zip), the folder it was unpacked into or one "
        "metadata_*.json (highlights/*.md become highlights; content/*.html, the saved "
        "copies, are read instead of fetching the pages)")


def parse(text: str, bundle: Bundle | None = None) -> list[Saved]:
    """Omnivore's metadata_*.json; with the rest of its export (*bundle*), each item's
    highlights/{slug}.md and content/{slug}.html too."""
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("expected a list of items (metadata_*.json)")
    out = []
    for e in data:
        if not isinstance(e, dict):
            continue  # not an item
        state = str(e.get("state") or "").lower()
        notes = [(str(h.get("quote") or ""), str(h.get("annotation") or ""))
                 for h in as_list(e.get("highlights"))[:MAX_HIGHLIGHTS_PER_ITEM]
                 if isinstance(h, dict) and h.get("quote")]
        item = Saved(str(e["url"]), str(e.get("title") or ""), tags(e.get("labels")),
                     "archived" if state == "archived" else "inbox", False,
                     stamp(e.get("savedAt")), str(e.get("description") or ""), notes)
        slug = str(e.get("slug") or "")
        if bundle is not None and slug:
            md = bundle.read("highlights", f"{slug}.md")
            if md is not None:
                known = {q for q, _ in item.highlights}
                item.highlights += [h for h in omnivore_highlights(text_of(md))
                                    if h[0] not in known]
            if bundle.has("content", f"{slug}.html"):
                item.copy = functools.partial(_read_copy, bundle, f"{slug}.html")
        out.append(item)
    return out


def _read_copy(bundle: Bundle, name: str) -> str:
    return text_of(bundle.read("content", name) or b"")


_HIGHLIGHT_LINK = re.compile(r"\s*\[⤴️?\]\([^)]*\)\s*$")


def omnivore_highlights(md: str, limit: int = MAX_HIGHLIGHTS_PER_ITEM) -> list[tuple[str, str]]:
    """Omnivore's Markdown highlights (highlights/{slug}.md): each is a block quote (a
    paragraph break inside it written as a lone ``>``), then perhaps a line of ``#labels``
    and a note, up to the next quote. Returns (quote, note) pairs; labels are left out."""
    out: list[tuple[str, list[str], list[str]]] = []
    in_quote = False
    for line in md.splitlines():
        if line.startswith(">") and (not in_quote or not out):
            if len(out) >= limit:
                break  # the rest of a file this long is not read
            out.append((line, [line[1:].strip()], []))
            in_quote = True
        elif not out:
            continue  # an article note before any highlight
        elif in_quote:
            if not line.strip():
                in_quote = False
            else:  # "> " (a paragraph break) or a lazy continuation line
                out[-1][1].append(line[1:].strip() if line.startswith(">") else line.strip())
        else:
            out[-1][2].append(line)
    pairs = []
    for _, quote_lines, rest in out:
        quote = _HIGHLIGHT_LINK.sub("", " ".join(q for q in quote_lines if q)).strip()
        note_lines = "\n".join(rest).strip().splitlines()
        if note_lines and all(w.startswith("#") and len(w) > 1
                              for w in note_lines[0].split()):
            note_lines = note_lines[1:]  # the highlight's labels
        if quote:
            pairs.append((quote, "\n".join(note_lines).strip()))
    return pairs
