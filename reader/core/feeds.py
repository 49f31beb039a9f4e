"""RSS and Atom feeds (feedparser): subscribe, refresh, OPML, and full articles for items.

A refresh fetches every feed with the same HTTP client as web articles; one failing feed is
recorded with its error and never stops the others; items are stored once (by id, else link,
else title). Opening an item fetches the full article from its link and falls back to the
feed's own content when the page cannot be had.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.document import FEED_ITEM_PREFIX, Document, LoadError
from reader.core.textsafe import one_line
from reader.core.urls import is_url

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.library.store import Store

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml", "text/html", "text/plain", "application/x-rss+xml")
MAX_OPML_BYTES = 2 * 1024 * 1024
MAX_OPML_FEEDS = 5000


@dataclass
class Parsed:
    title: str
    items: list[dict[str, str]]


def fetch_feed(url: str, timeout: float = 15.0) -> Parsed:
    import feedparser

    from reader.core.sources import web

    page = web.fetch(url, timeout=timeout, accept=FEED_TYPES)
    parsed = feedparser.parse(page.body)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise LoadError(f"not a feed ({type(reason).__name__ if reason else 'unreadable'})")
    items = []
    for e in parsed.entries:
        link = e.get("link", "") or ""
        title = e.get("title", "") or link or "(untitled)"
        # Items are told apart by id, else link; without either, by everything they carry
        # (never by title alone: two items may share a title).
        guid = e.get("id") or link or "sha256:" + hashlib.sha256(json.dumps(
            [title, e.get("published", ""), e.get("summary", "")]).encode()).hexdigest()
        content, ctype = "", "text/html"
        if e.get("content"):
            content = e["content"][0].get("value", "")
            ctype = e["content"][0].get("type", "text/html")
        elif e.get("summary"):
            content = e.get("summary", "")
            ctype = e.get("summary_detail", {}).get("type", "text/html")
        items.append({"guid": str(guid), "link": link, "title": title,
                      "published": _date(e),
                      "content": content, "content_type": ctype})
    return Parsed(parsed.feed.get("title", "") or url, items)


def _date(entry) -> str:
    for key in ("published", "updated"):
        if key in entry.keys():  # noqa: SIM118 - "in entry" maps updated->published, warns
            return str(entry[key] or "")
    return ""


def subscribe(store: Store, url: str) -> str:
    """Add a feed after checking that it parses; returns its title."""
    parsed = fetch_feed(url)
    store.feeds.add(url, parsed.title)
    store.feeds.add_items(url, parsed.items)
    store.feeds.refreshed(url, parsed.title, None)
    return parsed.title


def refresh(store: Store, progress: Callable[[int, int, str, str | None], None] | None = None,
            timeout: float = 15.0) -> dict[str, int | str]:
    """Refresh every feed; returns url -> number of new items, or the error text."""
    feeds = store.feeds.all()
    results: dict[str, int | str] = {}
    for k, feed in enumerate(feeds):
        url = feed.url
        try:
            parsed = fetch_feed(url, timeout=timeout)
        except LoadError as exc:
            store.feeds.refreshed(url, None, str(exc))
            results[url] = str(exc)
        except Exception as exc:  # a broken feed never stops the others
            store.feeds.refreshed(url, None, f"{type(exc).__name__}: {exc}")
            results[url] = str(exc)
        else:
            results[url] = store.feeds.add_items(url, parsed.items)
            store.feeds.refreshed(url, parsed.title, None)
        if progress is not None:
            err = results[url] if isinstance(results[url], str) else None
            progress(k + 1, len(feeds), url, err)  # type: ignore[arg-type]
    return results


def open_source(source: str, library: Library | None) -> Document:
    """Load *source*; with a *library*, a subscribed feed's item opens as that item (its
    page, else the feed's own text) and is marked read."""
    from reader.core.sources import load

    store = library.store if library is not None else None
    if store is not None and (source.startswith(FEED_ITEM_PREFIX) or (
            is_url(source) and store.feeds.item_for_link(source) is not None)):
        return item_document(store, source)
    try:
        return load(source)
    except LoadError as exc:
        # Not on this machine (a file read on another one, brought by sync), or a page
        # that cannot be fetched and has no saved copy: the library's own copy of its text.
        doc = library.stored_document(source) if library is not None else None
        if doc is None:
            raise
        doc = _as_read(doc)
        doc.meta["offline"] = f"saved copy from the library ({exc})"
        return doc


def _as_read(doc: Document) -> Document:
    """A stored text read as a text file again where that gives the same text (a Gutenberg
    book's licence and chapters are found again), else as it is."""
    from reader.core.sources.files import document_from_bytes

    try:
        again = document_from_bytes(doc.text.encode("utf-8", "surrogatepass"), doc.source,
                                    ".md" if doc.source.lower().endswith(".md") else ".txt")
    except Exception:  # the plain text is still there to read
        return doc
    if again.content_hash != doc.content_hash:
        return doc
    again.title = doc.title or again.title
    again.meta.update(doc.meta)
    return again


def item_document(store: Store, link: str) -> Document:
    """The full article behind a feed item, marked read; the feed's own content if the page
    fails. An item without a link (``feed-item:<id>``) opens with the feed's own content."""
    from reader.core.sources import feed_item

    if link.startswith(FEED_ITEM_PREFIX):
        item = store.feeds.item(int(link[len(FEED_ITEM_PREFIX):]))
        doc = feed_item.item_document(link, item)
        assert item is not None  # (no item: item_document has said so)
        store.feeds.mark_read(item.link, item_id=item.id)
        return doc
    doc = feed_item.item_document(link, store.feeds.item_for_link(link))
    store.feeds.mark_read(link)
    return doc


def export_opml(store: Store) -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "reader feeds"
    body = ET.SubElement(root, "body")
    for feed in store.feeds.all():
        url = _xml_url(feed.url)
        title = one_line(feed.title or "") or url
        ET.SubElement(body, "outline", type="rss", text=title, title=title, xmlUrl=url)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _xml_url(url: str) -> str:
    """A URL as XML allows it: control characters and spaces percent-encoded."""
    return re.sub(r"[\x00-\x20\x7f-\x9f]", lambda m: urllib.parse.quote(m.group()), url)


def _opml_text(data: bytes) -> str:
    """Decode OPML bytes as XML does (BOM, then the declaration), without the declaration."""
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            encoding = name
            break
    else:
        if data[:4] in (b"<\0?\0", b"\0<\0?"):
            encoding = "utf-16-le" if data[0] == 0x3C else "utf-16-be"
        else:
            declared = re.match(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)", data[:200])
            encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        raise LoadError("not valid OPML: the text is not in the encoding it declares") from None
    return re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", text, count=1)


def import_opml(store: Store, data: bytes) -> tuple[int, int]:
    """Subscribe to every feed in an OPML file (without fetching); (added, already there).

    Only http(s) feed addresses are taken; a file with more than :data:`MAX_OPML_FEEDS`
    is refused whole.
    """
    if len(data) > MAX_OPML_BYTES:
        raise LoadError("OPML file is too large")
    text = _opml_text(data)
    if "<!doctype" in text.lower() or "<!entity" in text.lower():
        raise LoadError("OPML with a DOCTYPE or entities is refused")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise LoadError(f"not valid OPML: {exc}") from None
    feeds: list[tuple[str, str]] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if not is_url(url):
            continue
        feeds.append((url, outline.get("title") or outline.get("text") or ""))
        if len(feeds) > MAX_OPML_FEEDS:
            raise LoadError(f"OPML lists more than {MAX_OPML_FEEDS} feeds; nothing imported")
    added = present = 0
    for url, title in feeds:
        if store.feeds.add(url, title):
            added += 1
        else:
            present += 1
    return added, present
