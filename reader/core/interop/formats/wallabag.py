"""Wallabag's JSON export (annotations become highlights)."""

from __future__ import annotations

import html
import json
import re

from reader.core.interop.saved import MAX_HIGHLIGHTS_PER_ITEM, Saved, as_list, stamp, tags

HELP = "Wallabag's JSON export (annotations become highlights)"


def parse(text: str) -> list[Saved]:
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("expected a list of entries")
    out = []
    for e in data:
        if not isinstance(e, dict):
            continue  # not an entry
        content = re.sub(r"<[^>]*>", " ", str(e.get("content") or ""))
        excerpt = " ".join(html.unescape(content).split())[:400]
        notes = [(str(a.get("quote") or ""), str(a.get("text") or ""))
                 for a in as_list(e.get("annotations"))[:MAX_HIGHLIGHTS_PER_ITEM]
                 if isinstance(a, dict) and a.get("quote")]
        out.append(Saved(str(e["url"]), str(e.get("title") or ""), tags(e.get("tags")),
                         "archived" if e.get("is_archived") else "inbox",
                         bool(e.get("is_starred")), stamp(e.get("created_at")), excerpt,
                         notes))
    return out
