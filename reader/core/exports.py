"""Notes out to the tools readers keep them in: an Obsidian vault and Readwise's CSV.

Obsidian: one Markdown file per article with marks or a note, YAML front matter (title,
author, source, tags, dates, reader's id), the article's note, then each highlight quoted with
its chapter, tags and note, and a link back to the source. Below the line
``%% reader: write below this line; reader keeps it %%`` the file is the user's: a second
export rewrites only what is above it, and only when that changed. A file whose marker was
removed is left alone (and said). File names are stable: the file that carries an
article's ``reader-id`` is found again, whatever it was renamed to.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reader.core.atomic import write_atomic
from reader.core.library.models import Article, Mark
from reader.core.library.service import Library

MARKER = "%% reader: write below this line; reader keeps it %%"
READWISE_COLUMNS = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")


@dataclass
class ExportReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, str]] = field(default_factory=list)  # (file, why it was not touched)


def _iso(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, tz=timezone.utc).astimezone().isoformat(
        timespec="seconds")


def _yaml_str(value: str) -> str:
    """A YAML scalar that is always a string (JSON's quoting is valid YAML)."""
    return json.dumps(" ".join(value.split()), ensure_ascii=False)


def _slug(title: str) -> str:
    words = re.findall(r"[\w’'-]+", title)[:12]
    name = " ".join(words).strip(" -'’") or "article"
    return name[:80]


def _source_link(art: Article) -> str:
    if art.url:
        return art.url
    if os.path.isabs(art.source):
        return Path(art.source).as_uri()
    return art.source


def _quote(text: str) -> list[str]:
    return ["> " + line.strip() if line.strip() else ">" for line in text.split("\n")]


def obsidian_note(art: Article, marks: list[Mark], note: str) -> str:
    """The part of an article's file that reader writes (front matter to the marker)."""
    tags = sorted({*art.tags, *(t for m in marks for t in m.tags)})
    front = ["---", f"title: {_yaml_str(art.title or art.source)}"]
    if art.author:
        front.append(f"author: {_yaml_str(art.author)}")
    front.append(f"source: {_yaml_str(_source_link(art))}")
    front.append("tags: [" + ", ".join(_yaml_str(t) for t in tags) + "]")
    front.append(f"added: {_iso(art.added)}" if art.added else "added:")
    if art.published:
        front.append(f"published: {_iso(art.published)}")
    if marks:
        front.append(f"highlighted: {_iso(max(m.updated for m in marks))}")
    front += [f"reader-id: {art.id}", "---", ""]
    body = [f"# {' '.join((art.title or art.source).split())}", "",
            f"[Source]({_source_link(art)})", ""]
    if note.strip():
        body += ["## Note", "", note.strip(), ""]
    if marks:
        body += ["## Highlights", ""]
    for m in marks:
        body += _quote(m.text)
        details = [f"sentence {m.sentence + 1}" + (f"–{m.last_sentence + 1}"
                                                  if m.last_sentence != m.sentence else "")]
        if m.chapter:
            details.insert(0, m.chapter)
        details += [f"#{t}" for t in m.tags]
        body += ["", "— " + " · ".join(details)]
        if m.note.strip():
            body += ["", m.note.strip()]
        body.append("")
    return "\n".join(front + body).rstrip() + "\n\n" + MARKER + "\n"


def _existing(folder: Path) -> dict[int, Path]:
    """Files of an earlier export, by the reader-id in their front matter."""
    found: dict[int, Path] = {}
    for path in folder.glob("*.md"):
        try:
            with open(path, encoding="utf-8") as fh:
                head = fh.read(4096)
        except OSError:
            continue
        m = re.search(r"^reader-id: (\d+)$", head, re.MULTILINE)
        if m and head.startswith("---"):
            found[int(m.group(1))] = path
    return found


def export_obsidian(library: Library, folder: Path) -> ExportReport:
    folder.mkdir(parents=True, exist_ok=True)
    report = ExportReport()
    by_article: dict[int, list[Mark]] = {}
    for m in library.marks():
        by_article.setdefault(m.article_id, []).append(m)
    notes = {art.id: note for art, note in library.notes()}
    existing = _existing(folder)
    taken = {p.name for p in folder.glob("*.md")}
    for art_id in sorted({*by_article, *notes}):
        art = library.article(art_id)
        if art is None:
            continue
        ours = obsidian_note(art, sorted(by_article.get(art_id, []), key=lambda m: m.start),
                             notes.get(art_id, ""))
        path = existing.get(art_id)
        theirs = "\n"
        if path is not None:
            old = path.read_text(encoding="utf-8")
            if MARKER not in old:
                report.kept.append((path, "its marker line was removed: not touched"))
                continue
            before, _, theirs = old.partition(MARKER + "\n")
            if before + MARKER + "\n" == ours:
                report.unchanged.append(path)
                continue
        else:
            name = f"{_slug(art.title or art.source)}.md"
            if name in taken:
                name = f"{_slug(art.title or art.source)} ({art_id}).md"
            taken.add(name)
            path = folder / name
        write_atomic(path, (ours + theirs).encode("utf-8"))
        report.written.append(path)
    return report


def readwise_csv(library: Library) -> str:
    """Every highlight and bookmark as Readwise's CSV import reads it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(READWISE_COLUMNS)
    cache: dict[int, Any] = {}
    for m in library.marks():
        art = cache.get(m.article_id) or library.article(m.article_id)
        cache[m.article_id] = art
        note = m.note.strip()
        tags = " ".join(f".{t}" for t in m.tags)  # Readwise reads ".tag" in a note as a tag
        writer.writerow([
            " ".join(m.text.split()),
            art.title if art else m.title,
            art.author if art else "",
            (art.url if art else m.url) or "",
            " ".join(x for x in (note, tags) if x),
            m.sentence + 1,
            datetime.fromtimestamp(m.created, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
        ])
    return out.getvalue()
