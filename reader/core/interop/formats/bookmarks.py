"""A browser's bookmarks.html."""

from __future__ import annotations

from reader.core.interop.formats.links import Links
from reader.core.interop.saved import Saved, stamp, tags

HELP = "a browser's bookmarks.html"


def parse(text: str) -> list[Saved]:
    if "<a" not in text.lower():
        raise ValueError("no links found (a browser's bookmarks.html)")
    parser = Links()
    parser.feed(text)
    return [Saved(a.get("href", ""), title, tags(a.get("tags")), "inbox", False,
                  stamp(a.get("add_date")))
            for a, title, _ in parser.links]
