"""What the library holds, as typed objects: never row dicts (no SQL here)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Progress from which an article counts as read to the end.
READ_TO_END = 0.98
#: Progress below which an article counts as not started.
NOT_STARTED = 0.01


@dataclass
class Article:
    id: int
    content_hash: str
    source: str
    title: str
    url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "source": self.url or self.source}


@dataclass
class SearchHit:
    """An article that matched a search: higher scores are better matches."""

    article: Article
    score: float
    snippet: str  # the words around the match, the match between « and »
    offset: int  # where the match starts in the article's text; -1 if not in the text

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.article.id, "title": self.article.title,
                "source": self.article.url or self.article.source,
                "score": round(self.score, 6), "snippet": self.snippet, "offset": self.offset}


@dataclass
class Mark:
    """A bookmark (one sentence) or a highlight (a run of whole sentences)."""

    id: int
    uid: str
    article_id: int
    kind: str
    sentence: int
    last_sentence: int
    start: int
    end: int
    text: str
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created: float = 0.0
    updated: float = 0.0
    # Filled in by queries that join the article.
    source: str = ""
    title: str = ""
    url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Feed:
    """A subscription, with its item counts."""

    id: int
    url: str
    title: str
    added: float
    refreshed: float | None = None
    error: str | None = None
    items: int = 0
    unread: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FeedItem:
    """One item of a feed (its page is fetched only when it is opened)."""

    id: int
    feed_id: int
    guid: str
    link: str
    title: str
    published: str
    content: str
    content_type: str
    read: bool
    added: float
    feed_url: str = ""
    feed_title: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
