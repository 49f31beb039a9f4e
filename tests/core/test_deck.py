"""Decks: the lead sentence under an article's title in the library."""

from __future__ import annotations

from pathlib import Path

from reader.core.deck import deck, deck_of_text
from reader.core.document import Document
from reader.core.library import Library, Store
from reader.core.sources import load

BOOK = """The Project Gutenberg eBook of A Small Book

Title: A Small Book

*** START OF THE PROJECT GUTENBERG EBOOK A SMALL BOOK ***

Produced by a kind volunteer and the Online Distributed Proofreading Team

A SMALL BOOK

By Someone Careful

CONTENTS

 CHAPTER I. The Harbour
 CHAPTER II. The Vote


CHAPTER I. The Harbour

The harbour was quiet on the morning the council met to decide its fate.
Nobody in the town expected what came next.


CHAPTER II. The Vote

The vote was close, and the mayor said so twice before anyone listened.

*** END OF THE PROJECT GUTENBERG EBOOK A SMALL BOOK ***
"""


def test_a_book_opens_its_deck_at_the_first_chapter(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_text(BOOK, encoding="utf-8")
    expected = "The harbour was quiet on the morning the council met to decide its fate."
    assert deck(load(str(path))) == expected
    assert deck_of_text(BOOK, "A Small Book") == expected  # from the stored text alone


def test_headings_bylines_lists_and_the_title_again_are_no_deck() -> None:
    text = ("Harbour Plan Approved After Long Night\n\nBy Ann Lee | Updated 9:01 AM\n\n"
            "- Council votes seven to two for the new harbour plan.\n\n"
            "Harbour plan approved after long night.\n\n"
            "The council approved the harbour plan at two in the morning, after a debate "
            "that ran for nine hours.\n")
    doc = Document(text=text, title="Harbour Plan Approved After Long Night", source="x")
    assert deck(doc).startswith("The council approved the harbour plan at two")
    assert deck(Document(text="Too short. Also short.", title="t", source="x")) == ""


def test_a_deck_is_kept_and_found_again_when_the_text_changes(tmp_path: Path) -> None:
    lib = Library(Store(tmp_path / "reader.db"))
    try:
        doc = Document(text="First words of a first version of the article.", title="A",
                       source="/n/a.txt", meta={"path": "/n/a.txt"})
        art = lib.register(doc, doc.source)
        assert lib.article(art.id).deck is None  # not found yet
        calls: list[str] = []

        def make(text: str, title: str) -> str:
            calls.append(text)
            return deck_of_text(text, title)

        lib.fill_decks([lib.article(art.id)], make)
        assert lib.article(art.id).deck == "First words of a first version of the article."
        lib.fill_decks([lib.article(art.id)], make)
        assert len(calls) == 1  # kept: not found twice
        doc.text = "Second words of a second version of the article."
        lib.register(doc, doc.source)
        assert lib.article(art.id).deck is None  # the text changed: found again
    finally:
        lib.close()
