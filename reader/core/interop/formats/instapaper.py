"""Instapaper's CSV export."""

from __future__ import annotations

import json

from reader.core.interop.saved import Saved, csv_rows, stamp
from reader.core.interop.saved import tags as tag_list

HELP = "Instapaper's CSV"


def parse(text: str) -> list[Saved]:
    out = []
    for row in csv_rows(text, {"url", "title"}):
        folder = row.get("folder", "").strip().lower()
        tags = tag_list(json.loads(row["tags"]) if row.get("tags", "").startswith("[")
                     else row.get("tags"))
        if folder and folder not in ("unread", "archive", "starred"):
            tags.append(row["folder"].strip())
        out.append(Saved(row["url"], row.get("title", ""), tags,
                         "archived" if folder == "archive" else "inbox", folder == "starred",
                         stamp(row.get("timestamp")), row.get("selection", "")))
    return out
