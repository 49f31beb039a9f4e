"""Highlights from the readers people use, for books: :data:`FORMATS` by name (a module
each with ``HELP`` and ``parse(text) -> Parsed``), and :func:`import_books`, which places
them in the library's copy of each book by their quote, or keeps them waiting for the book.

A book is found by its title (case, punctuation and a subtitle after ":" aside) and, where
both say, its author. A highlight is placed where its quote is found at least 90% alike (the
rule of every import); else it waits, saying how alike the best match was, for ``B`` or
``reader bookmarks place``. A book not in the library yet holds its highlights waiting ("14
highlights wait for 2 books: …"); importing again once the book is added places them. The
same file imported twice changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from reader.core.interop.highlights import calibre, kindle, koreader, readwise, w3c
from reader.core.urls import is_url


@dataclass
class Book:
    title: str
    author: str = ""
    highlights: list[tuple[str, str]] = field(default_factory=list)  # (quote, note)
    source: str = ""  # a URL or a file's path, when the export names one (annotations)
    tags: dict[str, list[str]] = field(default_factory=dict)  # quote -> its tags


@dataclass
class Parsed:
    books: list[Book] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # why -> how many entries


#: Every book-highlight format ``reader import`` reads, by name.
FORMATS = {"kindle": kindle, "koreader": koreader, "calibre": calibre, "readwise": readwise,
           "annotations": w3c}


def read(fmt: str, source: str) -> Parsed:
    """The books and highlights of the export at *source* in *fmt* (a file; for KOReader
    also a book's .sdr folder or a folder holding them); raises LoadError or ValueError with
    one line saying why not."""
    from pathlib import Path

    from reader.core.interop.saved import MAX_PART, text_of
    from reader.core.sources.files import read_source_bytes

    if fmt == "koreader" and source != "-" and Path(source).is_dir():
        found = koreader.files(Path(source))
        if not found:
            raise ValueError("no metadata.*.lua in it (a KOReader .sdr folder?)")
        return koreader.parse_files(found)
    return FORMATS[fmt].parse(text_of(read_source_bytes(source, MAX_PART)))


def title_key(title: str) -> str:
    """A title as books are matched by: no subtitle, accents, case or punctuation."""
    main = title.split(":", 1)[0]
    flat = unicodedata.normalize("NFKD", main)
    flat = "".join(c for c in flat if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", flat).split())


@dataclass
class BookReport:
    placed: int = 0
    new: int = 0  # highlights this import brought (the rest were imported before)
    waiting: dict[str, int] = field(default_factory=dict)  # book -> highlights waiting for it
    unplaced: int = 0  # in the library's book but not found alike enough: for review

    def summary(self) -> str:
        from reader.core.textsafe import plural

        parts = [f"{plural(self.placed, 'highlight')} placed"]
        if self.unplaced:
            parts.append(f"{self.unplaced} not found in their book's text (see "
                         "'reader bookmarks list --pending')")
        if self.waiting:
            books = ", ".join(sorted(self.waiting))
            parts.append(f"{plural(sum(self.waiting.values()), 'highlight')} wait for "
                         f"{plural(len(self.waiting), 'book')}: {books}")
        if not self.new:
            parts.append("nothing new in this file")
        return "; ".join(parts)


def import_books(library, books: list[Book]) -> BookReport:
    """Place each book's highlights in the library's copy of it, or keep them waiting."""
    from reader.core.analysis.sentences import split_sentences
    from reader.core.interop.importing import _place

    report = BookReport()
    titles = library.store.imports.book_titles()
    for book in books:
        key = title_key(book.title)
        art_id = library.store.imports.by_source(book.source) if book.source else None
        if art_id is None and book.source and is_url(book.source):
            _waits_for_page(library, book, report)  # fetched like every imported page
            continue
        if art_id is None:
            art_id = (_match(titles, key, book.author) if book.title
                      else _holding(library, book.highlights))
        if art_id is None and not book.title:
            report.waiting["a book whose text holds them (add it, then import again)"] = \
                len(book.highlights)
            continue
        if art_id is None:
            new = library.store.imports.save_book(key, book.title, book.author,
                                                  book.highlights)
            waiting = len(library.store.imports.pending(
                library.store.imports.book_placeholder(key)))
            report.new += new
            if waiting:
                report.waiting[book.title] = waiting
            continue
        new = library.store.imports.add_pending(art_id, book.highlights,
                                                library.store.imports.book_placeholder(key))
        report.new += new
        art = library.article(art_id)
        text = library.store.articles.body(art_id)
        if art is None or not text:
            continue
        report.placed += _place(library, art, text, split_sentences(text))
        quotes = {quote for quote, _ in book.highlights}
        report.unplaced += sum(p.quote in quotes for p in library.store.imports.pending(art_id))
        library.store.imports.tag_placed(art_id, book.tags)
    return report


def _waits_for_page(library, book: Book, report: BookReport) -> None:
    """A page not in the library yet: listed with its highlights, waiting for its fetch."""
    from reader.core.interop.saved import Saved
    from reader.core.urls import normalise_url

    imports = library.store.imports

    def waiting() -> int:  # this page's highlights waiting, not every page's
        art_id = imports.by_source(book.source)
        return len(imports.pending(art_id)) if art_id is not None else 0

    before = waiting()
    imports.save(normalise_url(book.source),
                 Saved(book.source, book.title, highlights=book.highlights))
    report.new += waiting() - before
    report.waiting[book.title or book.source] = len(book.highlights)


def _holding(library, highlights: list[tuple[str, str]]) -> int | None:
    """The article whose text holds the most of the first quotes (a book the export does
    not name)."""
    votes: dict[int, int] = {}
    for quote, _ in highlights[:5]:
        words = re.findall(r"\w+", quote)[:8]
        if len(words) < 3:
            continue
        for hit in library.search('"' + " ".join(words) + '"', limit=5):
            if not hit.article.placeholder:
                votes[hit.article.id] = votes.get(hit.article.id, 0) + 1
    return max(votes, key=lambda i: votes[i]) if votes else None


def _match(titles: list[tuple[int, str, str]], key: str, author: str) -> int | None:
    """The library's article for a book: the same title key, and the same author where
    both give one."""
    same = [(i, a) for i, t, a in titles if title_key(t) == key]
    if author:
        surname = author.split(",")[0].split()[-1].casefold() if author.split() else ""
        named = [i for i, a in same if a and surname and surname in a.casefold()]
        if named:
            return named[0]
        same = [(i, a) for i, a in same if not a]
    return same[0][0] if same else None
