"""W3C Web Annotations (https://www.w3.org/TR/annotation-model/), as Hypothesis exports
them: one Annotation per bookmark or highlight — its note a ``commenting`` TextualBody, its
tags ``tagging`` ones, its target the page's URL (``file://`` and the path for a file) with a
TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (start, end). ``reader
import annotations`` reads the same back: a round trip loses nothing."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from reader.core.atomic import write_atomic
from reader.core.interop.exports.common import ExportReport
from reader.core.library.service import Library
from reader.core.textsafe import plural

HELP = "W3C Web Annotation JSON (as Hypothesis exports it; reader import annotations reads it)"
ARGUMENT = ("FILE.json", "the file to write, or - for stdout")
#: Characters of text kept on each side of a quote (TextQuoteSelector prefix and suffix).
CONTEXT = 32


def annotations(library: Library) -> list[dict[str, Any]]:
    out = []
    texts: dict[int, str] = {}
    for m in library.marks():
        if m.article_id not in texts:
            texts[m.article_id] = library.store.articles.body(m.article_id)
        text = texts[m.article_id]
        bodies = ([{"type": "TextualBody", "value": m.note, "purpose": "commenting"}]
                  if m.note else [])
        bodies += [{"type": "TextualBody", "value": t, "purpose": "tagging"} for t in m.tags]
        selectors: list[dict[str, Any]] = [{"type": "TextQuoteSelector", "exact": m.text}]
        if text[m.start:m.end] == m.text:
            selectors[0]["prefix"] = text[max(0, m.start - CONTEXT):m.start]
            selectors[0]["suffix"] = text[m.end:m.end + CONTEXT]
            selectors.append({"type": "TextPositionSelector", "start": m.start, "end": m.end})
        out.append({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": f"urn:uuid:{m.uid}",
            "type": "Annotation",
            "motivation": "highlighting" if m.kind == "highlight" else "bookmarking",
            "created": _iso(m.created), "modified": _iso(m.updated),
            "body": bodies,
            "target": {"source": _source(m.url, m.source), "selector": selectors},
            "reader:title": m.title,
        })
    return out


def _source(url: str | None, source: str) -> str:
    """The target: the page's URL, else the file as a file:// URL."""
    if url:
        return url
    return Path(source).as_uri() if source.startswith("/") else source


def _iso(stamp: float) -> str:
    try:
        return datetime.fromtimestamp(stamp, tz=timezone.utc).isoformat()
    except (OverflowError, OSError, ValueError):
        return ""


def run(library: Library, destination: str | None, out: TextIO) -> ExportReport:
    """``reader export annotations FILE.json`` (``-``: stdout)."""
    items = annotations(library)
    data = json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    if destination in (None, "-"):
        out.write(data)
        return ExportReport()
    write_atomic(Path(destination), data.encode("utf-8"))
    return ExportReport(summary=f"{plural(len(items), 'annotation')} written to {destination}")
