"""Other tools' exports read into :class:`Saved` items: Pocket (CSV or the older HTML),
Instapaper (CSV), Wallabag (JSON), Omnivore (the zip, its folder or one metadata file) and a
browser's bookmarks.html. :data:`FORMATS` is the registry: a new format is one parser and
one entry. Reading never writes anywhere; reading is bounded (zips, highlights, fields).
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import os
import re
import threading
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from reader.core.dates import parse_date
from reader.core.urls import is_url

#: Highlights kept of one item, and of one export in all (a 60 MB file of 12 M quotes is
#: not a reading history: it is refused, not parsed into memory).
MAX_HIGHLIGHTS_PER_ITEM = 5_000
MAX_HIGHLIGHTS = 200_000


@dataclass
class Saved:
    url: str
    title: str = ""
    tags: list[str] = field(default_factory=list)
    state: str = "inbox"  # inbox, later, archived
    starred: bool = False
    added: float | None = None  # seconds since 1970
    excerpt: str = ""
    highlights: list[tuple[str, str]] = field(default_factory=list)  # (quote, note)
    #: The exporting tool's own readable copy of the page (Omnivore's content/{slug}.html),
    #: read when wanted: the article's text without fetching a page that may be gone.
    copy: Callable[[], str] | None = field(default=None, repr=False, compare=False)


class ImportFormatError(ValueError):
    """The file is not in the format named; the message is one line for a person."""


#: Seconds since 1970 of the latest date an import keeps (the end of year 9999).
LATEST_STAMP = 253402300799.0


def _stamp(value: object) -> float | None:
    """Seconds since 1970 from an export's date field (seconds, milliseconds or a date in
    words); None for what is not a date a calendar holds (99999999999999, 400 digits)."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if text.isdigit():
        if len(text) > 20:
            return None
        number = float(text)
        if number > LATEST_STAMP:  # milliseconds, as some tools write them
            number /= 1000.0
        return number if 0 < number <= LATEST_STAMP else None
    when = parse_date(text)
    if when is None:
        return None
    try:
        stamp = (when.astimezone() if when.tzinfo else when).timestamp()
    except (OverflowError, OSError, ValueError):
        return None
    return stamp if 0 < stamp <= LATEST_STAMP else None


def _tags(raw: object) -> list[str]:
    if isinstance(raw, list):
        items = [t.get("label") or t.get("name") or t.get("slug") or "" if isinstance(t, dict)
                 else str(t) for t in raw]
    else:
        items = re.split(r"[|,]", str(raw or ""))
    return [t.strip() for t in items if t and t.strip()]


def _text(data: bytes) -> str:
    from reader.core.sources.decoding import decode_bytes

    return decode_bytes(data)[0]


# --------------------------------------------------------------------------- formats
def parse(fmt: str, data: bytes) -> list[Saved]:
    """The items of an export file in *fmt* (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ImportFormatError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    text = _text(data)
    try:
        items = FORMATS[fmt].parse(text)
    except RecursionError:
        raise ImportFormatError(f"not a {fmt} export (nested too deeply to read)") from None
    except (ValueError, KeyError, TypeError, AttributeError, csv.Error) as exc:
        raise ImportFormatError(f"not a {fmt} export ({exc})") from None
    return _capped([i for i in items if is_url(i.url)])


def _capped(items: list[Saved]) -> list[Saved]:
    total = 0
    for item in items:
        del item.highlights[MAX_HIGHLIGHTS_PER_ITEM:]
        total += len(item.highlights)
        if total > MAX_HIGHLIGHTS:
            raise ImportFormatError(f"more than {MAX_HIGHLIGHTS:,} highlights in one export: "
                                    "nothing imported")
    return items


def _csv_rows(text: str, needed: set[str]) -> list[dict[str, str]]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_PART))  # a long excerpt is fine
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower() for f in (reader.fieldnames or [])}
    if not needed <= fields:
        raise ValueError(f"expected the columns {', '.join(sorted(needed))}")
    return [{(k or "").strip().lower(): (v or "") for k, v in row.items()} for row in reader]


def _pocket(text: str) -> list[Saved]:
    if text.lstrip().lower().startswith(("<!doctype", "<html", "<title", "<ul", "<h1")):
        return _pocket_html(text)
    out = []
    for row in _csv_rows(text, {"url", "title"}):
        status = row.get("status", "unread").lower()
        out.append(Saved(row["url"], row.get("title", ""), _tags(row.get("tags")),
                         "archived" if status == "archive" else "inbox",
                         row.get("favorite", "").strip() in ("1", "true"),
                         _stamp(row.get("time_added"))))
    return out


class _Links(HTMLParser):
    """Every <a href> with its attributes and text, and the heading it sits under."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[dict[str, str], str, str]] = []
        self._heading = ""
        self._in: str | None = None
        self._buf: list[str] = []
        self._attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in, self._buf = "heading", []
        elif tag == "a":
            self._in, self._buf = "a", []
            self._attrs = {k.lower(): v or "" for k, v in attrs}

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        text = " ".join("".join(self._buf).split())
        if tag in ("h1", "h2", "h3") and self._in == "heading":
            self._heading, self._in = text, None
        elif tag == "a" and self._in == "a":
            self.links.append((self._attrs, text, self._heading))
            self._in = None


def _pocket_html(text: str) -> list[Saved]:
    parser = _Links()
    parser.feed(text)
    return [Saved(a.get("href", ""), title, _tags(a.get("tags")),
                  "archived" if "archive" in heading.lower() else "inbox", False,
                  _stamp(a.get("time_added")))
            for a, title, heading in parser.links]


def _instapaper(text: str) -> list[Saved]:
    out = []
    for row in _csv_rows(text, {"url", "title"}):
        folder = row.get("folder", "").strip().lower()
        tags = _tags(json.loads(row["tags"]) if row.get("tags", "").startswith("[")
                     else row.get("tags"))
        if folder and folder not in ("unread", "archive", "starred"):
            tags.append(row["folder"].strip())
        out.append(Saved(row["url"], row.get("title", ""), tags,
                         "archived" if folder == "archive" else "inbox", folder == "starred",
                         _stamp(row.get("timestamp")), row.get("selection", "")))
    return out


def _wallabag(text: str) -> list[Saved]:
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
                 for a in _list(e.get("annotations"))[:MAX_HIGHLIGHTS_PER_ITEM]
                 if isinstance(a, dict) and a.get("quote")]
        out.append(Saved(str(e["url"]), str(e.get("title") or ""), _tags(e.get("tags")),
                         "archived" if e.get("is_archived") else "inbox",
                         bool(e.get("is_starred")), _stamp(e.get("created_at")), excerpt,
                         notes))
    return out


def _omnivore(text: str, bundle: _Bundle | None = None) -> list[Saved]:
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
                 for h in _list(e.get("highlights"))[:MAX_HIGHLIGHTS_PER_ITEM]
                 if isinstance(h, dict) and h.get("quote")]
        item = Saved(str(e["url"]), str(e.get("title") or ""), _tags(e.get("labels")),
                     "archived" if state == "archived" else "inbox", False,
                     _stamp(e.get("savedAt")), str(e.get("description") or ""), notes)
        slug = str(e.get("slug") or "")
        if bundle is not None and slug:
            md = bundle.read("highlights", f"{slug}.md")
            if md is not None:
                known = {q for q, _ in item.highlights}
                item.highlights += [h for h in omnivore_highlights(_text(md))
                                    if h[0] not in known]
            if bundle.has("content", f"{slug}.html"):
                item.copy = functools.partial(_read_copy, bundle, f"{slug}.html")
        out.append(item)
    return out


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _read_copy(bundle: _Bundle, name: str) -> str:
    return _text(bundle.read("content", name) or b"")


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


class _Bundle:
    """An export of several files (a zip, or the folder it was unpacked into): its files
    found by folder and name, wherever the export's own top folder is; none over
    :data:`MAX_PART` bytes is read."""

    def __init__(self, names: Iterable[str], read: Callable[[str], bytes]) -> None:
        self._read = read
        self.names: dict[tuple[str, str], str] = {}
        for name in names:
            parts = name.replace("\\", "/").split("/")
            folder = parts[-2] if len(parts) > 1 else ""
            self.names.setdefault((folder, parts[-1]), name)

    def has(self, folder: str, name: str) -> bool:
        return (folder, name) in self.names

    def read(self, folder: str, name: str) -> bytes | None:
        full = self.names.get((folder, name))
        return None if full is None else self._read(full)

    def metadata(self) -> list[str]:
        return sorted(full for (_, name), full in self.names.items()
                      if name.startswith("metadata_") and name.endswith(".json"))


#: The largest single file read from an export bundle, and all its files together.
MAX_PART = 64 * 1024 * 1024
MAX_BUNDLE = 512 * 1024 * 1024


def load_export(fmt: str, source: str) -> list[Saved]:
    """The items of the export at *source*: a file (``-``: standard input) or, for
    Omnivore, also its zip or the folder it was unpacked into (highlights and saved copies
    read from there; a metadata JSON's own folder is looked at too)."""
    from reader.core.sources.files import read_source_bytes

    if fmt != "omnivore" or source == "-":
        return parse(fmt, read_source_bytes(source, MAX_PART))
    path = Path(source)
    if not path.exists():
        read_source_bytes(source, MAX_PART)  # says why: no such file, permission denied…
    if path.is_dir():
        bundle = _folder_bundle(path, None)
    elif zipfile.is_zipfile(path):
        bundle = _zip_bundle(path)
    else:
        bundle = _folder_bundle(path.parent, path.name)
    metadata = [path.name] if path.is_file() and not zipfile.is_zipfile(path) \
        else bundle.metadata()
    if not metadata:
        raise ImportFormatError("not an omnivore export (no metadata_*.json in it)")
    items: list[Saved] = []
    for name in metadata:
        try:
            items += _omnivore(_text(bundle._read(name)), bundle)
        except RecursionError:
            raise ImportFormatError(f"not an omnivore export ({name}: nested too deeply "
                                    "to read)") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ImportFormatError(f"not an omnivore export ({name}: {exc})") from None
    return _capped([i for i in items if is_url(i.url)])


def _folder_bundle(root: Path, only: str | None) -> _Bundle:
    """An unpacked export: its own regular files only. A symbolic link (someone else's
    export pointing at the user's files) or a file whose real place is outside the folder
    is never read."""
    from reader.core.sources.files import read_source_bytes

    real_root = os.path.realpath(root)

    def inside(path: Path) -> bool:
        if path.is_symlink() or not path.is_file():
            return False
        return os.path.commonpath([real_root, os.path.realpath(path)]) == real_root

    names = [only] if only else [p.name for p in root.glob("metadata_*.json") if inside(p)]
    for folder, ext in (("highlights", ".md"), ("content", ".html")):
        sub = root / folder
        if sub.is_dir() and not sub.is_symlink():
            names += [f"{folder}/{p.name}" for p in sub.iterdir()
                      if p.name.endswith(ext) and inside(p)]
    total = 0

    def read(name: str) -> bytes:
        nonlocal total
        path = root / name
        if name != only and not inside(path):
            raise ImportFormatError(f"{name}: not a file of the export (a link?): not read")
        data = read_source_bytes(str(path), MAX_PART)
        total += len(data)
        if total > MAX_BUNDLE:
            raise ImportFormatError(f"the export is larger than {MAX_BUNDLE:,} bytes: not read")
        return data

    return _Bundle(names, read)


def _zip_bundle(path: Path) -> _Bundle:
    """An export's zip, read within limits (see :mod:`reader.core.ziplimits`). Two members of
    one name: the first is the one read, as the first is the one listed."""
    from reader.core.ziplimits import CappedReader, ZipTooLarge

    try:
        archive = zipfile.ZipFile(path)
        infos: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            if not info.is_dir():
                infos.setdefault(info.filename, info)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise ImportFormatError(f"cannot read the zip ({exc})") from None
    lock = threading.Lock()
    capped = CappedReader(archive, MAX_PART, MAX_BUNDLE)

    def read(name: str) -> bytes:
        try:
            with lock:
                return capped.read(infos[name])
        except ZipTooLarge as exc:
            raise ImportFormatError(str(exc)) from None
        except (OSError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
            raise ImportFormatError(f"{name} in the zip cannot be read ({exc})") from None

    return _Bundle(list(infos), read)


def _bookmarks(text: str) -> list[Saved]:
    if "<a" not in text.lower():
        raise ValueError("no links found (a browser's bookmarks.html)")
    parser = _Links()
    parser.feed(text)
    return [Saved(a.get("href", ""), title, _tags(a.get("tags")), "inbox", False,
                  _stamp(a.get("add_date")))
            for a, title, _ in parser.links]


@dataclass(frozen=True)
class Format:
    """One export format: how to read its text, and what ``reader import --help`` says."""

    parse: Callable[[str], list[Saved]]
    help: str


#: Every format ``reader import`` reads, by name.
FORMATS: dict[str, Format] = {
    "pocket": Format(_pocket, "Pocket's CSV (or the older ril_export.html)"),
    "instapaper": Format(_instapaper, "Instapaper's CSV"),
    "wallabag": Format(_wallabag, "Wallabag's JSON export (annotations become highlights)"),
    "omnivore": Format(_omnivore, "Omnivore's export as downloaded (the zip), the folder it "
                       "was unpacked into or one metadata_*.json (highlights/*.md become "
                       "highlights; content/*.html, the saved copies, are read instead of "
                       "fetching the pages)"),
    "bookmarks": Format(_bookmarks, "a browser's bookmarks.html"),
}
