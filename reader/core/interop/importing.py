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

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from reader.core.interop.saved import ImportFormatError, Saved
from reader.core.urls import normalise_url

#: Pages fetched at once, and seconds between two requests to the same host.
CONCURRENCY = 4
HOST_PAUSE = 1.0


# --------------------------------------------------------------------------- into the store
@dataclass
class ImportReport:
    added: int = 0
    merged: int = 0  # already in the library (or twice in the file): joined, not doubled
    fetched: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, why)
    highlights: int = 0
    interrupted: bool = False  # ctrl+c: the rest waits for the next run


def import_items(library, items: Iterable[Saved]) -> ImportReport:
    """Merge *items* into the library (see the module docstring)."""
    report = ImportReport()
    for item in items:
        key = normalise_url(item.url)
        if library.store.imports.save(key, item):
            report.added += 1
        else:
            report.merged += 1
    return report


def place_copies(library, items: Iterable[Saved]) -> ImportReport:
    """Articles still waiting whose export carried a readable copy of the page take their
    text from it (no fetch); a copy without main text leaves the article waiting."""
    from reader.core.document import LoadError
    from reader.core.sources.html import html_to_document

    copies = {normalise_url(i.url): i for i in items if i.copy is not None}
    report = ImportReport()
    if not copies:
        return report
    for art_id, url in library.store.imports.waiting():
        item = copies.get(normalise_url(url))
        if item is None or item.copy is None or not library.store.imports.claim(art_id, LEASE):
            continue
        try:
            doc = html_to_document(item.copy(), url)
        except ImportFormatError as exc:  # too large to read: said, and fetched like the others
            report.failed.append((url, str(exc)))
            continue
        except LoadError:
            continue  # no main text in the copy: fetched like the others
        doc.meta["url"] = url
        if item.title:
            doc.title = item.title
        report.highlights += _arrive(library, art_id, doc, url)
        report.fetched += 1
    return report


def fetch_waiting(library, progress: Callable[[int, int, str, str | None], object] | None
                  = None, concurrency: int = CONCURRENCY, pause: float = HOST_PAUSE,
                  stop: threading.Event | None = None) -> ImportReport:
    """Fetch every imported page still waiting, and anchor its highlights."""
    from reader.core.document import LoadError
    from reader.core.sources import web

    report = ImportReport(highlights=place_waiting(library))
    waiting = library.store.imports.waiting()
    host_locks: dict[str, threading.Lock] = {}
    last_request: dict[str, float] = {}
    guard = threading.Lock()
    done = 0

    def one(art_id: int, url: str) -> None:
        nonlocal done
        if stop.is_set():
            return
        if not library.store.imports.claim(art_id, LEASE):
            return  # another process is fetching it (or already has)
        host = urlsplit(url).hostname or ""
        with guard:
            lock = host_locks.setdefault(host, threading.Lock())
        with lock:  # one request per host at a time, a pause between them
            wait = last_request.get(host, 0.0) + pause - time.monotonic()
            if (wait > 0 and stop.wait(wait)) or stop.is_set():
                library.store.imports.release(art_id)  # ctrl+c while waiting its turn
                return
            try:
                doc = web.load_url(url)
                error = None
            except LoadError as exc:
                doc, error = None, str(exc)
            except Exception as exc:  # one page never stops the others
                doc, error = None, f"{type(exc).__name__}: {exc}"
            last_request[host] = time.monotonic()
        if doc is None and stop.is_set():
            library.store.imports.release(art_id)  # cut off by ctrl+c: still waiting
            return
        if doc is not None:
            report.highlights += _arrive(library, art_id, doc, url)
        else:
            library.store.imports.failed(art_id, error or "unknown error")
        with guard:
            done += 1
            if doc is not None:
                report.fetched += 1
            else:
                report.failed.append((url, error or ""))
            if progress is not None:
                progress(done, len(waiting), url, error)

    stop = stop or threading.Event()
    pool = ThreadPoolExecutor(max_workers=max(1, concurrency))
    try:
        futures = [pool.submit(one, art_id, url) for art_id, url in waiting]
        for future in futures:
            future.result()
    except KeyboardInterrupt:
        # Stop queuing; what is in flight gets INTERRUPT_GRACE seconds to finish and be
        # saved, then its connections are cut. What is left waits for the next run.
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        _finish_in_flight(futures, INTERRUPT_GRACE)
        report.interrupted = True
        return report
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return report


#: Seconds pages being fetched get to finish after ctrl+c.
INTERRUPT_GRACE = 2.0


def _finish_in_flight(futures, grace: float) -> None:
    from concurrent.futures import wait

    from reader.core.sources import web

    running = [f for f in futures if not f.done()]
    _, late = wait(running, timeout=grace)
    if late:
        web.cancel_all()  # their requests fail at once; the pages stay waiting
        wait(late, timeout=grace)


#: How sure the quote must be found to become a mark (below: it waits, listed, never
#: put on other words).
PLACE_AT = 0.9
#: Seconds a process holds a page it is fetching before another may try it.
LEASE = 300.0


def _arrive(library, art_id: int, doc, url: str) -> int:
    """The page is here: it becomes the article's text; highlights anchored by quote."""
    from reader.core.analysis import segment

    spans, _ = segment(doc)
    art = library.register(doc, url, spans)
    return _place(library, art, doc.text, spans)


def _place(library, art, text: str, spans) -> int:
    """Place the article's waiting highlights in *text*, all in one transaction."""
    from reader.core.analysis.sentences import split_sentences
    from reader.core.anchors import context_of, locate_passage
    from reader.core.library.store import PendingPlace

    placed, unplaced = [], []
    for p in library.store.imports.pending(art.id):
        count = len(split_sentences(p.quote))  # a quote from another tool: its sentences
        first, last, sure = (locate_passage(text, spans, p.quote, 0, count=count) if spans
                             else (0, 0, 0.0))
        if sure < PLACE_AT:
            unplaced.append((p.id, f"not found in the page's text (best match {sure:.0%})"))
            continue
        s, e = spans[first][0], spans[last][1]
        placed.append(PendingPlace(p.id, first, last, s, e, text[s:e], context_of(text, s, e)))
    return library.store.imports.place(art, placed, unplaced)


def place_waiting(library) -> int:
    """Highlights of articles whose text is here but which were never placed (an import
    killed between a page's arrival and the placing): placed now. Returns marks made."""
    from reader.core.analysis.sentences import split_sentences

    made = 0
    for art_id in library.store.imports.articles_with_pending():
        art = library.article(art_id)
        text = library.store.articles.body(art_id)
        if art is not None and text:
            made += _place(library, art, text, split_sentences(text))
    return made
