"""What the library holds, as typed objects: never row dicts (no SQL here)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Progress from which an article counts as read to the end.
READ_TO_END = 0.98
#: Progress below which an article counts as not started.
NOT_STARTED = 0.01


#: Where an article is in the reader's workflow.
STATES = ("inbox", "later", "archived")
#: How long a removed article waits in the trash before it is deleted for good.
TRASH_DAYS = 30
#: How the library can be sorted, and whether each goes largest first by default.
SORTS = {"added": True, "published": True, "title": False, "time": False, "progress": True}


class Progress:
    """Read to the end, or started, from a ``progress`` between 0 and 1."""

    progress: float

    @property
    def finished(self) -> bool:
        return self.progress >= READ_TO_END

    @property
    def started(self) -> bool:
        return self.progress > NOT_STARTED


@dataclass
class Article(Progress):
    id: int
    content_hash: str
    source: str
    title: str
    url: str | None = None
    state: str = "inbox"
    starred: bool = False
    tags: list[str] = field(default_factory=list)
    words: int = 0
    added: float = 0.0
    published: float | None = None  # seconds since 1970, parsed from the source's date
    author: str = ""
    # Filled in by listings.
    progress: float = 0.0
    marks: int = 0
    feeds: list[str] = field(default_factory=list)  # titles of the feeds that carry it
    fetch_error: str | None = None  # an imported page that could not be fetched: why
    removed: float | None = None  # when it was put in the trash (None: in the library)
    deck: str | None = None  # the line under its title (None: not found yet)

    @property
    def placeholder(self) -> bool:
        """A feed item not opened yet, or an imported page not fetched yet: its text is an
        excerpt."""
        return self.content_hash.startswith((FEED_PLACEHOLDER, IMPORT_PLACEHOLDER))

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "source": self.url or self.source,
                "state": self.state, "starred": self.starred, "tags": list(self.tags),
                "words": self.words, "added": self.added, "published": self.published,
                "author": self.author, "progress": round(self.progress, 4),
                "marks": self.marks, "feeds": list(self.feeds),
                **({"fetch_error": self.fetch_error} if self.fetch_error else {}),
                **({"removed": self.removed} if self.removed is not None else {})}


#: The content hash of a feed item's article until its page is opened.
FEED_PLACEHOLDER = "feed-item:"
#: ... and of an imported article until its page is fetched.
IMPORT_PLACEHOLDER = "import:"


@dataclass
class SearchHit:
    """An article that matched a search: higher scores are better matches."""

    article: Article
    score: float
    snippet: str  # the words around the match, the match between « and »
    offset: int  # where the match starts in the article's text; -1 if not in the text
    length: int = 0  # how long the matched words are there (0: not known)

    def as_dict(self) -> dict[str, Any]:
        return {**self.article.as_dict(), "score": round(self.score, 6),
                "snippet": self.snippet, "offset": self.offset}


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
    chapter: str = ""  # the book's chapter the mark is in ("" for an article)
    #: Not None when the article changed and the passage could not be found again with
    #: confidence: how sure the best match was (the mark stays where it was, for review).
    review: float | None = None
    # Filled in by queries that join the article.
    source: str = ""
    title: str = ""
    url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Pending:
    """An imported highlight not (yet) placed in its article's text: its quote and note as
    the other tool exported them, and why it is waiting."""

    id: int
    article_id: int
    quote: str
    note: str
    title: str
    url: str
    why: str = ""  # "" while the page has not arrived

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
