"""The library service: what the TUI and the CLI ask of the store, in their own terms.

A caller hands over a :class:`Document` and the source it was opened from; the service works
out how that article is remembered (:func:`source_key`), finds it again (moved or edited
files included), and answers with typed objects (:mod:`.models`). It is thread-safe (one
connection guarded by a lock), so the TUI calls it from worker threads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.library.models import (
    TRASH_DAYS,
    Article,
    Feed,
    FeedItem,
    Mark,
    Pending,
    Progress,
    SearchHit,
)
from reader.core.library.store import Store, source_key

if TYPE_CHECKING:
    from reader.core.document import Document

Span = tuple[int, int]

@dataclass(frozen=True)
class ArticleStatus(Progress):
    """What the library list shows for an article."""

    marks: int
    progress: float


class Library:
    """Articles, marks, notes, reading positions and feeds for one user."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.trash = Trash(store)

    @classmethod
    def open(cls, path: Path | None = None) -> Library:
        """Open the user's library; raises :class:`StoreError` saying why it cannot. What
        has waited in the trash longer than :data:`TRASH_DAYS` days is deleted then."""
        library = cls(Store(path))
        library.trash.empty_old()
        return library

    @property
    def notice(self) -> str | None:
        """Something the user should be told about opening (a store set aside, read-only)."""
        return self.store.notice

    @property
    def read_only(self) -> str | None:
        return self.store.read_only

    def close(self) -> None:
        self.store.close()

    # ------------------------------------------------------------------ articles
    def register(self, doc: Document, source: str,
                 sentences: Sequence[Span] | None = None) -> Article:
        """The article for this document (made if new). With *sentences*, the marks of an
        edited file are found again in its new text."""
        art = self.store.articles.find(doc.content_hash, source_key(source, doc.meta), doc.title,
                                 doc.meta.get("url"), sentences, doc.text)
        assert art is not None
        if not self.store.read_only:
            from reader.core.dates import sort_key

            if art.removed is not None:  # opened again: it is wanted, out of the trash
                self.trash.restore([art.id])
                art.removed = None
            published = sort_key(doc.meta.get("date", "")) or None
            self.store.articles.set_details(art, doc.words, published, doc.meta.get("author", ""))
        return art

    def articles(self, query: str = "", sort: str = "added", reverse: bool = False,
                 limit: int = 200, offset: int = 0, as_typed: bool = False) -> list[Article]:
        """A page of the library, filtered by a query in the search language (all articles
        when it is empty; *as_typed*: bare words are prefixes, for a filter typed letter by
        letter). A bad query raises its QueryError."""
        from reader.core.library.query import parse

        q = parse(query, as_typed=as_typed, allow_empty=True)
        return self.store.articles.list(None if q.empty else q, sort, reverse, limit, offset)

    def count(self, query: str = "", as_typed: bool = False) -> int:
        from reader.core.library.query import parse

        q = parse(query, as_typed=as_typed, allow_empty=True)
        return self.store.articles.count(None if q.empty else q)

    def article(self, article_id: int) -> Article | None:
        return self.store.articles.get(article_id)

    def fill_decks(self, articles: Sequence[Article], make: Callable[[str, str], str]
                   ) -> None:
        """Find the deck of each article that has none yet: ``make(text, title)`` from its
        stored text, kept (each article's :attr:`~Article.deck` is set too)."""
        for art in articles:
            if art.deck is None and not self.read_only:
                art.deck = make(self.store.articles.body(art.id), art.title)
                self.store.articles.set_deck(art.id, art.deck)

    def known(self, source: str) -> bool:
        """Whether an article was ever added from *source* (a path, a URL)."""
        return self.store.articles.has_source(source)

    # ------------------------------------------------------------------ triage
    def set_state(self, ids: Sequence[int], state: str) -> int:
        return self.store.articles.set_state(ids, state)

    def place_of(self, article_id: int) -> tuple[int, float] | None:
        """(offset, progress) of where an article is being read (None: not started)."""
        art = self.store.articles.get(article_id)
        return self.store.articles.position(art) if art is not None else None

    def put_place(self, article_id: int, place: tuple[int, float] | None) -> None:
        """Put back a place :meth:`place_of` gave (None: not started)."""
        art = self.store.articles.get(article_id)
        if art is None:
            return
        if place is None:
            self.store.articles.set_read([article_id], False)
        else:
            self.store.articles.set_position(art, *place)

    def set_starred(self, ids: Sequence[int], starred: bool = True) -> int:
        return self.store.articles.set_starred(ids, starred)

    def set_read(self, ids: Sequence[int], read: bool = True) -> int:
        return self.store.articles.set_read(ids, read)

    def tag(self, ids: Sequence[int], add: Sequence[str] = (), remove: Sequence[str] = ()
            ) -> int:
        return self.store.articles.tag(ids, add, remove)

    def views(self) -> list[tuple[str, str]]:
        return self.store.articles.views()

    def save_view(self, name: str, query: str) -> None:
        """Save a named query; a bad query raises its QueryError and saves nothing."""
        from reader.core.library.query import parse

        parse(query, allow_empty=True)
        self.store.articles.save_view(name, query)

    def remove_view(self, name: str) -> bool:
        return self.store.articles.remove_view(name)

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Articles matching a search in the library's language (see
        :mod:`reader.core.library.query`); a bad query raises its QueryError."""
        from reader.core.library.query import parse

        return self.store.articles.search(parse(text), limit)

    def stored_document(self, source: str) -> Document | None:
        """The library's own copy of the article at *source* — its text as last read here,
        or as another device sent it (see reader.core.library.sync.texts) — for a file that
        is not on this machine or a page that cannot be fetched; None if it has none."""
        import os

        from reader.core.document import Document

        for key in dict.fromkeys((source, os.path.abspath(source))):
            row = self.store.articles.stored_text(key)
            if row is None:
                continue
            title, url, content_hash, body = row
            doc = Document(body, title, source)
            if doc.content_hash == content_hash:
                if url:
                    doc.meta["url"] = url
                return doc
        return None

    def place(self, doc: Document, source: str) -> int | None:
        """Where the reader left this text (an offset into it), if it has not changed."""
        art = self.store.articles.lookup(doc.content_hash, source_key(source, doc.meta))
        if art is None or art.content_hash != doc.content_hash:
            return None
        pos = self.store.articles.position(art)
        return pos[0] if pos is not None else None

    def remember_place(self, doc: Document, source: str, offset: int, progress: float,
                       article: Article | None = None) -> None:
        """Save the reading position. Works before the article is registered (quitting right
        after opening); an edited file whose marks are not re-anchored yet is left alone."""
        target = article or self.store.articles.lookup(doc.content_hash,
                                                       source_key(source, doc.meta))
        if target is None:
            target = self.register(doc, source)
        if target.content_hash == doc.content_hash:
            self.store.articles.set_position(target, offset, progress)

    def status(self, doc: Document, source: str) -> ArticleStatus | None:
        found = self.store.articles.summary_for(doc.content_hash, source_key(source, doc.meta))
        return ArticleStatus(*found) if found is not None else None

    # ------------------------------------------------------------------ marks and notes
    def marks(self, article: Article | None = None, query: str = "",
              needs_review: bool = False) -> list[Mark]:
        return self.store.marks.list(article, query, needs_review)

    def pending(self, query: str = "") -> list[Pending]:
        """Imported highlights waiting to be placed whose quote, note or title match every
        word of *query*."""
        from reader.core.textsafe import matches_words

        return [p for p in self.store.imports.pending()
                if matches_words(query, p.quote, p.note, p.title, p.url)]

    def drop_pending(self, pending_id: int) -> bool:
        return self.store.imports.drop(pending_id)

    def restore_pending(self, pending_id: int) -> bool:
        return self.store.imports.restore(pending_id)

    def add_mark(self, article: Article, kind: str, first: int, last: int, span: Span,
                 text: str, note: str = "", tags: Sequence[str] = (), chapter: str = "",
                 context: tuple[str, str] = ("", "")) -> Mark:
        """Bookmark (one sentence) or highlight (sentences *first*..*last*), with the
        chapter of a book it is in and the text around it (see :mod:`reader.core.anchors`)."""
        return self.store.marks.add(article, kind, first, last, span[0], span[1], text, note,
                                   tags, chapter=chapter, context=context)

    def update_mark(self, mark: Mark, note: str, tags: Sequence[str]) -> Mark | None:
        return self.store.marks.update(mark.id, note=note, tags=tags)

    def remove_mark(self, mark_id: int) -> bool:
        return self.store.marks.remove(mark_id)

    def restore_mark(self, mark_id: int) -> bool:
        return self.store.marks.restore(mark_id)

    def note(self, article: Article) -> str:
        return self.store.articles.note(article)

    def set_note(self, article: Article, note: str) -> None:
        self.store.articles.set_note(article, note)

    def notes(self, query: str = "") -> list[tuple[Article, str]]:
        """Article notes whose text, title or source match every word of *query*."""
        from reader.core.textsafe import matches_words

        return [(art, note) for art, note in self.store.articles.notes()
                if matches_words(query, note, art.title, art.source)]

    # ------------------------------------------------------------------ feeds
    def feeds(self) -> list[Feed]:
        return self.store.feeds.all()

    def feed_items(self) -> list[FeedItem]:
        return self.store.feeds.items()

    def feed_item(self, link: str) -> FeedItem | None:
        return self.store.feeds.item_for_link(link)


class Trash:
    """Articles removed from the library, with their marks, notes and places, restorable
    for :data:`TRASH_DAYS` days."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def put(self, ids: Sequence[int]) -> int:
        """Put articles in the trash; returns how many were in the library."""
        return self.store.articles.remove(ids)

    def restore(self, ids: Sequence[int]) -> int:
        """Put articles back from the trash; returns how many were in it."""
        return self.store.articles.restore(ids)

    def purge(self, ids: Sequence[int] | None = None) -> int:
        """Delete for good: the articles *ids* (in the trash or not), or all of the trash."""
        return self.store.articles.purge(ids)

    def empty_old(self) -> int:
        """Delete what has been in the trash longer than :data:`TRASH_DAYS` days."""
        db = self.store.db
        if self.store.read_only or not db.current():
            return 0
        cutoff = time.time() - TRASH_DAYS * 86400
        if not db.query("SELECT 1 FROM articles WHERE removed < ? LIMIT 1", (cutoff,)):
            return 0
        return self.store.articles.purge(older_than=TRASH_DAYS * 86400)
