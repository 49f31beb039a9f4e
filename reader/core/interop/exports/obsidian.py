"""Obsidian: one Markdown file per article with marks or a note, YAML front matter (title,
author, source, tags, dates, reader's id), the article's note, then each highlight quoted with
its chapter, tags and note, and a link back to the source. Below the line
``%% reader: write below this line; reader keeps it %%`` the file is the user's: a second
export rewrites only what is above it, and only when that changed. A file whose marker was
removed is left alone (and said). File names are stable: the file that carries an
article's ``reader-id`` is found again, whatever it was renamed to.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from reader.core.atomic import write_atomic
from reader.core.interop.exports.common import ExportReport, iso, no_controls
from reader.core.library.models import Article, Mark
from reader.core.library.service import Library
from reader.core.textsafe import one_line, plural

MARKER = "%% reader: write below this line; reader keeps it %%"
HELP = ("one Markdown file per article into a vault folder; run again to update (your "
        "writing below the marker line is kept)")
ARGUMENT = ("DIR", "the vault's folder")


def _yaml_str(value: str) -> str:
    """A YAML scalar that is always a string (JSON's quoting is valid YAML)."""
    return json.dumps(" ".join(value.split()), ensure_ascii=False)


#: Longest file name written, in UTF-8 bytes ("(N).md" added after), well under the 255 that
#: Linux, macOS and Windows file systems allow.
NAME_BYTES = 150
#: Names Windows keeps for devices, whatever the extension (a vault synced to Windows).
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}


def _slug(title: str) -> str:
    """A file name stem from a title: words only, at most :data:`NAME_BYTES` bytes of UTF-8
    (cut at a character), no trailing dot or space, never a name Windows reserves."""
    words = re.findall(r"[\w’'-]+", title)[:12]
    name = " ".join(words).strip(" -'’.") or "article"
    raw = name.encode("utf-8")[:NAME_BYTES]
    name = raw.decode("utf-8", "ignore").rstrip(" .-") or "article"
    if name.split(".")[0].lower() in _RESERVED:
        name += " note"
    return name


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
    front.append(f"added: {iso(art.added)}" if art.added else "added:")
    if art.published:
        front.append(f"published: {iso(art.published)}")
    if marks:
        front.append(f"highlighted: {iso(max(m.updated for m in marks))}")
    front += [f"reader-id: {art.id}", "---", ""]
    body = [f"# {' '.join((art.title or art.source).split())}", "",
            f"[Source]({_source_link(art)})", ""]
    if note.strip():
        body += ["## Note", "", _own_text(note), ""]
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
            body += ["", _own_text(m.note)]
        body.append("")
    text = "\n".join(front + body).rstrip() + "\n\n" + MARKER + "\n"
    return no_controls(text)


_HEADING = re.compile(r"^(#{1,6})(?=[ \t])")


def _own_text(note: str) -> str:
    """A note as written, except that a line that would read as reader's marker line is
    escaped (reader's part never holds a second marker, else every export would add a copy)
    and its headings sit below the note's own ("# Mine" under "## Note" is "### Mine", as in
    the Markdown export; an Obsidian ``#tag`` is not a heading and stays)."""
    return "\n".join("\\" + line if line.startswith("%%")
                     else _HEADING.sub(lambda m: "##" + m.group(1), line)
                     for line in note.strip().split("\n"))


#: A file in the vault larger than this is not a note of ours and is not read.
MAX_NOTE_BYTES = 16 * 1024 * 1024
_MARKER_LINE = re.compile("^" + re.escape(MARKER), re.MULTILINE)
_READER_ID = re.compile(r"^reader-id:[ \t]*(\d+)[ \t]*$", re.MULTILINE)


@dataclass
class _VaultNote:
    path: Path
    text: str
    stamp: tuple[int, int]  # (size, mtime_ns) when read: a change since then is not ours to undo


def _read_note(path: Path) -> _VaultNote | None:
    """A regular UTF-8 file's text; None for anything else (a FIFO, a device, a symlink, a
    huge or undecodable file): such files are never read, let alone written."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_NOTE_BYTES:
            return None
        data = fh.read(MAX_NOTE_BYTES + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return _VaultNote(path, text, (st.st_size, st.st_mtime_ns))


def front_matter_id(text: str) -> int | None:
    """The ``reader-id`` in a note's YAML front matter (however long it is), or None."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return None
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        return None
    found = _READER_ID.search(text[4:4 + end.start()])
    return int(found.group(1)) if found else None


def _existing(folder: Path) -> dict[int, _VaultNote]:
    """reader's notes in the vault, found by the reader-id in their front matter whatever
    their name; a second file with the same id (a copy the user made) is left alone."""
    found: dict[int, _VaultNote] = {}
    for path in sorted(folder.glob("*.md")):
        note = _read_note(path)
        if note is None:
            continue
        art_id = front_matter_id(note.text)
        if art_id is None:
            continue
        first = found.get(art_id)
        if first is None or (not _MARKER_LINE.search(first.text)
                             and _MARKER_LINE.search(note.text)):
            found[art_id] = note
    return found


def _merge(ours: str, old: str) -> str | None:
    """*ours* (reader's part, ending with the marker line) followed by everything the user
    has after the marker in *old* — text typed on the marker line itself included. None when
    *old* has no marker line at the start of a line (the user removed it: not ours)."""
    mark = _MARKER_LINE.search(old)
    if mark is None:
        return None
    theirs = old[mark.end():]
    head = ours[: -len(MARKER) - 1]
    return head + MARKER + (theirs if theirs else "\n")


def _file_name(stem: str, n: int) -> str:
    return f"{stem}.md" if n == 0 else f"{stem} ({n}).md"


def _write_new(folder: Path, stem: str, taken: set[str], data: bytes) -> Path:
    """Write *data* to a new file: ``Stem.md`` or the first ``Stem (N).md`` free in any
    letter case, never over a file that exists (created by a hard link from a finished
    temporary file, so it appears whole or not at all)."""
    fd, tmp = tempfile.mkstemp(prefix=".reader-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        for n in range(10_000):
            name = _file_name(stem, n)
            if name.casefold() in taken:
                continue
            path = folder / name
            try:
                os.link(tmp, path)
            except FileExistsError:
                taken.add(name.casefold())
                continue
            except OSError:  # no hard links here: exclusive create instead
                try:
                    with open(path, "xb") as out:
                        out.write(data)
                except FileExistsError:
                    taken.add(name.casefold())
                    continue
            taken.add(name.casefold())
            return path
        raise OSError(f"no free file name for {stem!r}")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _unchanged_since(note: _VaultNote) -> bool:
    try:
        st = os.lstat(note.path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and (st.st_size, st.st_mtime_ns) == note.stamp


def export_obsidian(library: Library, folder: Path) -> ExportReport:
    """Write or update one note per article with marks or a note (see the module's doc).

    reader's notes are found by their front matter wherever they are and whatever their
    name; only the part above the marker line is rewritten. A file reader did not write is
    never written over: new notes take a free name. A note that cannot be written is
    reported and the others are still exported.
    """
    folder.mkdir(parents=True, exist_ok=True)
    report = ExportReport()
    by_article: dict[int, list[Mark]] = {}
    for m in library.marks():
        by_article.setdefault(m.article_id, []).append(m)
    notes = {art.id: note for art, note in library.notes()}
    existing = _existing(folder)
    taken = {p.name.casefold() for p in folder.iterdir()}
    for art_id in sorted({*by_article, *notes}):
        art = library.article(art_id)
        if art is None:
            continue
        ours = obsidian_note(art, sorted(by_article.get(art_id, []), key=lambda m: m.start),
                             notes.get(art_id, ""))
        try:
            _export_one(folder, art, ours, existing.get(art_id), taken, report)
        except OSError as exc:
            report.failed.append((folder / f"{_slug(art.title or art.source)}.md",
                                  exc.strerror or str(exc)))
    return report


def _export_one(folder: Path, art: Article, ours: str, old: _VaultNote | None,
                taken: set[str], report: ExportReport) -> None:
    if old is None:
        # A blank line below the marker for the user to write on.
        report.written.append(_write_new(folder, _slug(art.title or art.source), taken,
                                         (ours + "\n").encode("utf-8")))
        return
    merged = _merge(ours, old.text)
    if merged is None:
        report.kept.append((old.path, "its marker line was removed: not touched"))
    elif merged == old.text:
        report.unchanged.append(old.path)
    elif not _unchanged_since(old):
        report.kept.append((old.path, "it changed while reader was exporting: not touched"))
    else:
        write_atomic(old.path, merged.encode("utf-8"))
        report.written.append(old.path)


def run(library: Library, destination: str | None, out: TextIO) -> ExportReport:
    """``reader export obsidian DIR``."""
    folder = Path(destination or ".")
    report = export_obsidian(library, folder)
    report.summary = (f"{plural(len(report.written), 'note')} written, "
                      f"{len(report.unchanged)} unchanged"
                      + (f", {len(report.kept)} left alone" if report.kept else "")
                      + (f", {len(report.failed)} not written" if report.failed else "")
                      + f" in {one_line(str(folder))}")
    return report
