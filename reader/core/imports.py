"""Bring saved reading in from other tools: Pocket, Instapaper, Wallabag, Omnivore and a
browser's bookmarks.

Each format becomes :class:`Saved` items (URL, title, tags, state, star, date, excerpt,
highlights). :func:`import_items` merges them into the library by normalised URL (the same
page twice is one article: tags joined, a star kept, never a copy; importing the same file
again changes nothing); a new one is listed at once with its saved title and excerpt, waiting
for its page. :func:`fetch_waiting` then fetches the waiting pages — a few at a time, one
request per host at a time with a pause between them — and anchors the imported highlights
in the text by their quote. An interrupted run leaves the rest waiting: the next run goes on.
A page that cannot be had stays listed with its title, excerpt and the reason.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from reader.core.dates import parse_date

FORMATS = ("pocket", "instapaper", "wallabag", "omnivore", "bookmarks")
#: Pages fetched at once, and seconds between two requests to the same host.
CONCURRENCY = 4
HOST_PAUSE = 1.0


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


class ImportFormatError(ValueError):
    """The file is not in the format named; the message is one line for a person."""


def normalise_url(url: str) -> str:
    """One form for one page: lower-case scheme and host, no fragment, no tracking
    parameters (utm_*, fbclid, gclid), no trailing slash, no default port. A URL that cannot
    be taken apart (a hostile feed's "http://[oops") is only stripped."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url.strip()
    if port and not ((parts.scheme == "http" and port == 80)
                     or (parts.scheme == "https" and port == 443)):
        host += f":{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith("utm_") and k.lower() not in
                       ("fbclid", "gclid", "mc_cid", "mc_eid")])
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def _stamp(value: object) -> float | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if text.isdigit():
        return float(text)
    when = parse_date(text)
    if when is None:
        return None
    try:
        return (when.astimezone() if when.tzinfo else when).timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def _tags(raw: object) -> list[str]:
    if isinstance(raw, list):
        items = [t.get("label") or t.get("name") or t.get("slug") or "" if isinstance(t, dict)
                 else str(t) for t in raw]
    else:
        items = re.split(r"[|,]", str(raw or ""))
    return [t.strip() for t in items if t and t.strip()]


def _text(data: bytes) -> str:
    from reader.core.documents import decode_bytes

    return decode_bytes(data)[0]


# --------------------------------------------------------------------------- formats
def parse(fmt: str, data: bytes) -> list[Saved]:
    """The items of an export file in *fmt* (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ImportFormatError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    text = _text(data)
    try:
        items = {"pocket": _pocket, "instapaper": _instapaper, "wallabag": _wallabag,
                 "omnivore": _omnivore, "bookmarks": _bookmarks}[fmt](text)
    except (ValueError, KeyError, TypeError, csv.Error) as exc:
        raise ImportFormatError(f"not a {fmt} export ({exc})") from None
    items = [i for i in items if i.url.lower().startswith(("http://", "https://"))]
    return items


def _csv_rows(text: str, needed: set[str]) -> list[dict[str, str]]:
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
        content = re.sub(r"<[^>]*>", " ", str(e.get("content") or ""))
        excerpt = " ".join(html.unescape(content).split())[:400]
        notes = [(str(a.get("quote") or ""), str(a.get("text") or ""))
                 for a in e.get("annotations") or [] if a.get("quote")]
        out.append(Saved(str(e["url"]), str(e.get("title") or ""), _tags(e.get("tags")),
                         "archived" if e.get("is_archived") else "inbox",
                         bool(e.get("is_starred")), _stamp(e.get("created_at")), excerpt,
                         notes))
    return out


def _omnivore(text: str) -> list[Saved]:
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("expected a list of items (metadata_*.json)")
    out = []
    for e in data:
        state = str(e.get("state") or "").lower()
        notes = [(str(h.get("quote") or ""), str(h.get("annotation") or ""))
                 for h in e.get("highlights") or [] if h.get("quote")]
        out.append(Saved(str(e["url"]), str(e.get("title") or ""), _tags(e.get("labels")),
                         "archived" if state == "archived" else "inbox", False,
                         _stamp(e.get("savedAt")), str(e.get("description") or ""), notes))
    return out


def _bookmarks(text: str) -> list[Saved]:
    if "<a" not in text.lower():
        raise ValueError("no links found (a browser's bookmarks.html)")
    parser = _Links()
    parser.feed(text)
    return [Saved(a.get("href", ""), title, _tags(a.get("tags")), "inbox", False,
                  _stamp(a.get("add_date")))
            for a, title, _ in parser.links]


# --------------------------------------------------------------------------- into the store
@dataclass
class ImportReport:
    added: int = 0
    merged: int = 0  # already in the library (or twice in the file): joined, not doubled
    fetched: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, why)
    highlights: int = 0


def import_items(library, items: Iterable[Saved]) -> ImportReport:
    """Merge *items* into the library (see the module docstring)."""
    report = ImportReport()
    for item in items:
        key = normalise_url(item.url)
        if library.store.save_imported(key, item):
            report.added += 1
        else:
            report.merged += 1
    return report


def fetch_waiting(library, progress: Callable[[int, int, str, str | None], object] | None
                  = None, concurrency: int = CONCURRENCY, pause: float = HOST_PAUSE,
                  stop: threading.Event | None = None) -> ImportReport:
    """Fetch every imported page still waiting, and anchor its highlights."""
    from reader.core import web
    from reader.core.document import LoadError

    waiting = library.store.waiting_imports()
    report = ImportReport()
    host_locks: dict[str, threading.Lock] = {}
    last_request: dict[str, float] = {}
    guard = threading.Lock()
    done = 0

    def one(art_id: int, url: str) -> None:
        nonlocal done
        if stop is not None and stop.is_set():
            return
        host = urlsplit(url).hostname or ""
        with guard:
            lock = host_locks.setdefault(host, threading.Lock())
        with lock:  # one request per host at a time, a pause between them
            wait = last_request.get(host, 0.0) + pause - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                doc = web.load_url(url)
                error = None
            except LoadError as exc:
                doc, error = None, str(exc)
            except Exception as exc:  # one page never stops the others
                doc, error = None, f"{type(exc).__name__}: {exc}"
            last_request[host] = time.monotonic()
        if doc is not None:
            report.highlights += _arrive(library, art_id, doc, url)
        else:
            library.store.import_failed(art_id, error or "unknown error")
        with guard:
            done += 1
            if doc is not None:
                report.fetched += 1
            else:
                report.failed.append((url, error or ""))
            if progress is not None:
                progress(done, len(waiting), url, error)

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for future in [pool.submit(one, art_id, url) for art_id, url in waiting]:
            future.result()
    return report


def _arrive(library, art_id: int, doc, url: str) -> int:
    """The page is here: it becomes the article's text; highlights anchored by quote."""
    from reader.core.analysis import segment
    from reader.core.anchors import context_of, locate_passage

    spans, _ = segment(doc)
    art = library.register(doc, url, spans)
    placed = 0
    for pending_id, quote, note in library.store.pending_highlights(art_id):
        first, last, sure = locate_passage(doc.text, spans, quote, 0)
        if sure < 0.9 or not spans:
            continue  # stays pending (and listed) rather than marking the wrong words
        s, e = spans[first][0], spans[last][1]
        library.add_mark(art, "highlight", first, last, (s, e), doc.text[s:e], note, (),
                         context=context_of(doc.text, s, e))
        library.store.drop_pending_highlight(pending_id)
        placed += 1
    return placed
