"""The library's rows: what one article shows, from the store or from a loaded file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.ui.widgets.common import ColumnSpec

if TYPE_CHECKING:
    from reader.core.document import Document
    from reader.core.library import Article, ArticleStatus

COLUMNS = (
    ColumnSpec("mark", " ", 3, 3),
    ColumnSpec("title", "Title", 16, 110, 3),
    ColumnSpec("source", "Source", 10, 60, 2),
    ColumnSpec("words", "Words", 7, 7),
    ColumnSpec("time", "Read time", 11, 11),
)


@dataclass
class Entry:
    source: str
    document: Document | None = None
    error: str | None = None
    label: str | None = None  # title known without loading (feed items)
    feed: str | None = None  # the feed's title, for feed items
    date: str = ""  # the item's date as the feed gives it
    mark: str = ""  # ★ ◐ ✓ •, from the library (see mark_text)
    article: Article | None = None  # the store's row (a library listed from the store)

    @property
    def title(self) -> str:
        if self.document is not None:
            return self.document.title
        return self.label or self.source

    @property
    def words(self) -> int:
        if self.article is not None:
            return self.article.words
        return self.document.words if self.document is not None else 0


def article_entry(art: Article) -> Entry:
    """A row of a library listed from the store."""
    from reader.core.dates import display_stamp

    when = display_stamp(art.published) if art.feeds and art.published else ""
    return Entry(art.url or art.source, label=art.title, article=art,
                 feed=", ".join(art.feeds) or None, date=when, mark=article_mark(art))


def article_mark(art: Article) -> str:
    """★ starred, then ✓ read / ◐ started / • a feed item not opened yet, then ✎ it has
    bookmarks or highlights."""
    read = "✓" if art.finished else "◐" if art.started else "•" if art.placeholder else " "
    return (("★" if art.starred else " ") + read + ("✎" if art.marks else "")).rstrip()


def mark_text(status: ArticleStatus | None) -> str:
    """★ has bookmarks, ◐ partly read, ✓ read to the end (• marks unread feed items)."""
    if status is None:
        return ""
    if status.marks:
        return "★"
    if status.finished:
        return "✓"
    return "◐" if status.started else ""
