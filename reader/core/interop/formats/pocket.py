"""Pocket's CSV export, or the older ril_export.html."""

from __future__ import annotations

from reader.core.interop.formats.links import Links
from reader.core.interop.saved import Saved, csv_rows, stamp, tags

HELP = "Pocket's CSV (or the older ril_export.html)"


def parse(text: str) -> list[Saved]:
    if text.lstrip().lower().startswith(("<!doctype", "<html", "<title", "<ul", "<h1")):
        return _pocket_html(text)
    out = []
    for row in csv_rows(text, {"url", "title"}):
        status = row.get("status", "unread").lower()
        out.append(Saved(row["url"], row.get("title", ""), tags(row.get("tags")),
                         "archived" if status == "archive" else "inbox",
                         row.get("favorite", "").strip() in ("1", "true"),
                         stamp(row.get("time_added"))))
    return out


def _pocket_html(text: str) -> list[Saved]:
    parser = Links()
    parser.feed(text)
    return [Saved(a.get("href", ""), title, tags(a.get("tags")),
                  "archived" if "archive" in heading.lower() else "inbox", False,
                  stamp(a.get("time_added")))
            for a, title, heading in parser.links]
