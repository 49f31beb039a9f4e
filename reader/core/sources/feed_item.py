"""A feed's item as a document: the full page behind its link, else the feed's own text
(marked as such). Given the item; what the store knows of it is asked by
:mod:`reader.core.feeds`, which also marks it read — loading never writes anything."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from reader.core.document import FEED_ITEM_PREFIX, Document, LoadError

if TYPE_CHECKING:
    from reader.core.library.models import FeedItem


def item_document(link: str, item: FeedItem | None) -> Document:
    """The article behind *link* (an item's link, or ``feed-item:<id>`` for an item without
    one); *item*'s own content if the page fails."""
    if link.startswith(FEED_ITEM_PREFIX):
        if item is None or not item.content.strip():
            raise LoadError("this feed item has no text of its own and no link")
        return feed_text_document(item, link)
    from reader.core.sources.web import load_url

    try:
        return load_url(link)
    except LoadError as exc:
        if item is None or not item.content.strip():
            raise
        doc = feed_text_document(item, link)
        doc.meta["url"] = link
        doc.meta["offline"] = f"the feed's own text (the page failed: {exc})"
        return doc


def feed_text_document(item: FeedItem, source: str) -> Document:
    """The item's own text (HTML or plain), titled as the feed titles it."""
    from reader.core.sources.files import document_from_bytes
    from reader.core.sources.html import html_to_document

    if "html" in item.content_type:
        try:
            doc = html_to_document(f"<html><body><article><h1>{html.escape(item.title)}"
                                   f"</h1>{item.content}</article></body></html>", source)
        except LoadError:
            doc = document_from_bytes(item.content.encode("utf-8"), source, ".txt")
    else:
        doc = document_from_bytes(item.content.encode("utf-8"), source, ".txt")
    doc.title = item.title or doc.title
    doc.meta.pop("path", None)
    return doc
