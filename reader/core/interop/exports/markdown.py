"""Everything as one Markdown document: bookmarks grouped by article, passages quoted,
notes under them (``reader export markdown``; also ``reader bookmarks export``)."""

from __future__ import annotations

from typing import Any, TextIO

from reader.core.interop.exports.common import ExportReport
from reader.core.library.service import Library
from reader.core.textsafe import one_line, safe_text

HELP = "everything as one Markdown document on stdout"
ARGUMENT = None


def export_markdown(data: dict[str, Any]) -> str:
    """Bookmarks grouped by article, passages quoted, notes under them."""
    lines = ["# Bookmarks and notes", ""]
    for art in data["articles"]:
        lines += [f"## {one_line(art.get('title') or art['source'])}", ""]
        where = art.get("url") or art["source"]
        lines += [f"Source: {safe_text(where)}", ""]
        if art.get("note"):
            lines += [_note_markdown(art["note"]), ""]
        for m in art["marks"]:
            label = "Bookmark" if m["kind"] == "bookmark" else "Highlight"
            tags = " ".join("#" + "-".join(safe_text(str(t)).split()) for t in m["tags"])
            chapter = m.get("chapter") or ""
            lines.append(f"**{label}**" + (f" · {one_line(chapter)}" if chapter else "")
                         + (" " + tags if tags else ""))
            lines.append("")
            for para in m["text"].split("\n"):
                lines.append("> " + safe_text(para.strip()) if para.strip() else ">")
            lines.append("")
            if m["note"]:
                lines += [_note_markdown(m["note"]), ""]
        for p in art.get("pending", []):
            lines += ["**Highlight, not placed yet** · " + one_line(p.get("why") or
                                                               "its page has not arrived"), ""]
            lines += ["> " + safe_text(q.strip()) if q.strip() else ">"
                      for q in p["quote"].split("\n")]
            lines.append("")
            if p.get("note"):
                lines += [_note_markdown(p["note"]), ""]
    return "\n".join(lines).rstrip() + "\n"


def _note_markdown(note: str) -> str:
    """A note inside the export: its own headings sit below the article's (## -> ####), so
    "# My note" never outranks the article it belongs to."""
    lines = []
    for line in safe_text(note.strip()).split("\n"):
        lines.append("##" + line if line.startswith("#") else line)
    return "\n".join(lines)


def run(library: Library, destination: str | None, out: TextIO) -> ExportReport:
    out.write(export_markdown(library.store.transfer.export_data()))
    return ExportReport()
