"""Chapters of plain-text books, per-chapter summaries and word budgets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.analysis.chapters import chapter_at, find_chapters
from reader.core.sources.files import document_from_bytes, load_file

from ..conftest import EVAL

BOOKS = EVAL / "books"


def _para(n: int, word: str) -> str:
    return " ".join(f"The {word} sentence number {i} goes on here." for i in range(n))


def _book(headings: list[str], toc: bool = False) -> str:
    parts = ["THE TITLE\n\nby Someone\n"]
    if toc:
        parts.append("CONTENTS\n\n" + "\n\n".join(headings) + "\n")
    for k, h in enumerate(headings):
        parts.append(f"{h}\n\n{_para(6, f'w{k}')}\n\n{_para(4, f'v{k}')}\n")
    return "\n\n".join(parts)


@pytest.mark.parametrize("headings", [
    ["Chapter 1", "Chapter 2", "Chapter 3"],
    ["CHAPTER I.", "CHAPTER II.", "CHAPTER III.", "CHAPTER IV."],
    ["CHAPTER ONE", "CHAPTER TWO"],
    ["BOOK I. The Beginning", "BOOK II. The Middle", "BOOK III. The End"],
    ["I.", "II.", "III."],  # bare numerals are chapters when nothing else is
    ["Prologue", "Chapter 1. Arrival", "Chapter 2. Departure", "Epilogue"],
])
def test_headings_make_chapters(headings: list[str]) -> None:
    text = _book(headings)
    chapters = find_chapters(text)
    assert [c.title for c in chapters] == headings
    for c, following in zip(chapters, [*chapters[1:], None]):  # noqa: B905
        assert text[c.start:c.start + len(c.title)] == c.title
        assert c.end == (following.start if following else len(text))
    assert chapter_at(chapters, chapters[1].start + 5) == 1
    assert chapter_at(chapters, 0) is None  # the title page is no chapter


def test_the_table_of_contents_is_not_chapters_and_finds_unnumbered_ones() -> None:
    text = _book(["Chapter 1. Arrival", "Chapter 2. Departure"], toc=True)
    text = text.replace("CONTENTS\n\n", "CONTENTS\n\nA Word First.\n\n")
    text = text.replace("Chapter 1. Arrival\n\nThe w0", "A Word First.\n\nSome words.\n\n"
                        "Chapter 1. Arrival\n\nThe w0")
    chapters = find_chapters(text)
    assert [c.title for c in chapters] == ["A Word First.", "Chapter 1. Arrival",
                                           "Chapter 2. Departure"]
    assert chapters[0].start > text.index("Chapter 2. Departure")  # the body's, not the list's


def test_numbered_parts_inside_chapters_are_not_chapters() -> None:
    text = _book(["CHAPTER 1. Whales", "CHAPTER 2. Ships"])
    text = text.replace("The w1 sentence number 5", "I.\n\nThe w1 sentence number 5")
    text = text.replace("The v1 sentence number 0", "I. THE FOLIO WHALE.\n\nThe v1 sentence")
    assert [c.title for c in find_chapters(text)] == ["CHAPTER 1. Whales", "CHAPTER 2. Ships"]


def test_an_article_has_no_chapters() -> None:
    doc = document_from_bytes(b"A title\n\nOne paragraph. Two sentences.\n\n1.\n\nMore.\n",
                              "a.txt", ".txt")
    assert doc.chapters == []


def test_headings_are_not_summary_sentences(tmp_path: Path, capsys) -> None:
    path = tmp_path / "book.txt"
    path.write_text(_book([f"Chapter {i}. A title here" for i in range(1, 5)]),
                    encoding="utf-8")
    assert main(["summarize", str(path), "--per-chapter", "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert [c["title"] for c in row["chapters"]] == [f"Chapter {i}. A title here"
                                                    for i in range(1, 5)]
    for k, chapter in enumerate(row["chapters"]):
        assert 1 <= len(chapter["summary"]) <= 3
        for s in chapter["summary"]:
            assert chapter["start"] <= s["start"] < chapter["end"]
            assert "Chapter" not in s["text"] and f"w{k}" in s["text"] + "w" + str(k)
    starts = [s["start"] for c in row["chapters"] for s in c["summary"]]
    assert starts == sorted(starts)  # document order


def test_a_word_budget(tmp_path: Path, capsys) -> None:
    path = tmp_path / "a.txt"
    path.write_text("\n\n".join(_para(8, f"p{k}") for k in range(5)), encoding="utf-8")
    for budget in (5, 30, 60):
        assert main(["summarize", str(path), "--words", str(budget), "--format", "json"]) == 0
        (row,) = json.loads(capsys.readouterr().out)
        sizes = [len(s["text"].split()) for s in row["summary"]]
        assert len(sizes) >= 1  # the best sentence even when it alone is over the budget
        assert len(sizes) == 1 or sum(sizes) <= budget
        if budget >= 60:
            assert sum(sizes) > 30
    assert main(["summarize", str(path), "--words", "10", "--sentences", "2"]) == 2


@pytest.mark.skipif(not BOOKS.exists(), reason="the evaluation books are not here")
@pytest.mark.parametrize("name, count, first, last", [
    ("moby_dick_pg2701.txt", 138, "ETYMOLOGY.", "Epilogue"),
    ("pride_and_prejudice_pg1342.txt", 61, "Chapter 1", "Chapter 61"),
    ("adventures_of_sherlock_holmes_pg1661.txt", 12, "ADVENTURE I. A SCANDAL IN BOHEMIA",
     "XII. THE ADVENTURE OF THE COPPER BEECHES"),
])
def test_the_books_get_their_real_chapters(name: str, count: int, first: str,
                                           last: str) -> None:
    doc = load_file(str(BOOKS / name))
    titles = [t for _, _, t in doc.chapters]
    assert (len(titles), titles[0], titles[-1]) == (count, first, last)
    if name.startswith("moby"):
        numbers = [int(m.group(1)) for t in titles if (m := re.match(r"CHAPTER (\d+)", t))]
        assert numbers == list(range(1, 136))
        assert "EXTRACTS. (Supplied by a Sub-Sub-Librarian)." in titles
    assert doc.chapters[-1][1] <= doc.boilerplate[-1][0]  # the licence is not a chapter


async def test_reading_a_book_by_chapters(tmp_path: Path) -> None:
    from reader.ui.app import ReaderApp

    from ..conftest import SIZE, open_seed, wait_for

    headings = [f"Chapter {i}. Part {i}" for i in range(1, 7)]
    path = tmp_path / "book.txt"
    names = {0: "Queequeg sailed from London with Captain Peleg.",
             1: "Mr. Starbuck met Captain Ahab in Nantucket."}
    text = "\n\n".join(["A BOOK", *(f"{h}\n\n{names.get(k, '')}\n\n"
                                    + "\n\n".join(_para(5, f"w{k}") for _ in range(12))
                                    for k, h in enumerate(headings))])
    path.write_text(text, encoding="utf-8")
    app = ReaderApp([str(path)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        status = lambda: str(screen.query_one("#status").text)  # noqa: E731
        assert "before chapter 1 of 6" in status()
        await pilot.press("right_curly_bracket")
        await wait_for(pilot, lambda: "Chapter 1. Part 1 (1/6)" in status())
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        await wait_for(pilot, lambda: "(3/6)" in status())
        await pilot.press("left_curly_bracket")
        await wait_for(pilot, lambda: "(2/6)" in status())
        await pilot.press("c")  # this chapter's summary
        second = screen.document.chapters[1]
        await wait_for(pilot, lambda: screen.summary.indices
                       and all(second[0] <= s < e <= second[1]
                               for s, e in screen.summary.spans))
        assert "Chapter 2. Part 2" in str(screen.summary.border_title)
        await wait_for(pilot, lambda: screen.analysis_done)  # the panel: this chapter's names
        await wait_for(pilot, lambda: any("Starbuck" in k for k in screen.side.mentions))
        assert not any("London" in k for k in screen.side.mentions)
        await pilot.press("t")  # the contents, the cursor on this chapter
        contents = screen.query_one("#contents")
        await wait_for(pilot, lambda: contents.has_focus and contents.highlighted == 1)
        await pilot.press("G", "enter")
        await wait_for(pilot, lambda: "(6/6)" in status())
        await wait_for(pilot, lambda: "w5" in screen.document.text[slice(*screen.summary.spans[0])])
        await pilot.press("c")  # the whole book again
        await wait_for(pilot, lambda: str(screen.summary.border_title).startswith(
            "Summary · Auto"))
        await wait_for(pilot, lambda: any("London" in k for k in screen.side.mentions))
        assert screen.article.offset_at_top() <= screen.document.chapters[5][0] + 1
