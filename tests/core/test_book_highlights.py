"""Highlights from Kindle's My Clippings.txt, placed in the library's copy of each book.

The layout is the one Kindle devices write (one entry per highlight, note or bookmark,
separated by ten "=" signs; older devices write "Highlight Loc. 170-72"), as documented by
the tools that read it (github.com/robertmartin8/KindleClippings) and Amazon's help page
"Find Your Notes, Highlights, and Bookmarks"."""

from __future__ import annotations

from pathlib import Path

from reader.cli import main
from reader.core.document import Document
from reader.core.interop.highlights import import_books, kindle, title_key
from reader.core.library import Library, Store

OPENING = ("It is a truth universally acknowledged, that a single man in possession of a "
           "good fortune, must be in want of a wife.")
BOOK = (OPENING + " However little known the feelings or views of such a man may be on his "
        "first entering a neighbourhood, this truth is so well fixed in the minds of the "
        "surrounding families. " + "The rain fell on the lanes all week. " * 30)

CLIPPINGS = f"""\ufeffPride and Prejudice: A Novel (Austen, Jane)
- Your Highlight on page 1 | Location 5-6 | Added on Sunday, 3 March 2024 10:01:02

It is a truth universally acknowledged, that a single man
==========
Pride and Prejudice: A Novel (Austen, Jane)
- Your Highlight on page 1 | Location 5-7 | Added on Sunday, 3 March 2024 10:01:30

{OPENING}
==========
Pride and Prejudice: A Novel (Austen, Jane)
- Your Note on page 1 | Location 7 | Added on Sunday, 3 March 2024 10:02:00

the line everyone quotes
==========
Pride and Prejudice: A Novel (Austen, Jane)
- Your Bookmark on page 3 | Location 40 | Added on Sunday, 3 March 2024 10:03:00


==========
Pride and Prejudice: A Novel (Austen, Jane)
- Highlight Loc. 1170-72 | Added on Monday, 4 March 2024 08:00:00

You have reached the clipping limit for this item
==========
The Unwritten Book (Nobody)
- Your Highlight at location 100-102 | Added on Monday, 4 March 2024 08:00:00

A sentence from a book that is not in the library.
==========
Pride and Prejudice: A Novel (Austen, Jane)
- La tua evidenziazione a pagina 2 | posizione 20-21 | Aggiunto in data lunedì

Qualcosa in italiano.
==========
"""


def test_my_clippings_keeps_the_longest_highlight_its_note_and_counts_the_rest() -> None:
    parsed = kindle.parse(CLIPPINGS)
    books = {b.title: b for b in parsed.books}
    pp = books["Pride and Prejudice: A Novel"]
    assert pp.author == "Jane Austen"
    assert pp.highlights == [(OPENING, "the line everyone quotes")]
    assert books["The Unwritten Book"].highlights[0][0].startswith("A sentence from a book")
    assert parsed.skipped == {"bookmarks (no passage)": 1,
                              "entries without text (clipping limit)": 1,
                              "entries in another language or layout": 1}
    assert kindle._place("Highlight Loc. 1170-72") == (1170, 1172)
    assert title_key("Pride and Prejudice: A Novel") == title_key("PRIDE AND PREJUDICE")


def test_highlights_wait_for_their_book_and_are_placed_once_it_arrives(tmp_path: Path) -> None:
    lib = Library(Store(tmp_path / "reader.db"))
    try:
        books = kindle.parse(CLIPPINGS).books
        first = import_books(lib, books)
        assert first.placed == 0 and first.waiting == {"Pride and Prejudice: A Novel": 1,
                                                        "The Unwritten Book": 1}
        assert "2 highlights wait for 2 books" in first.summary()
        doc = Document(text=BOOK, title="Pride and Prejudice", source="/b/pp.txt",
                       meta={"path": "/b/pp.txt", "author": "Jane Austen"})
        lib.register(doc, doc.source)
        second = import_books(lib, books)
        assert second.placed == 1 and second.waiting == {"The Unwritten Book": 1}
        (mark,) = lib.marks()
        assert (mark.text, mark.note, mark.title) == (OPENING, "the line everyone quotes",
                                                       "Pride and Prejudice")
        third = import_books(lib, books)  # the same file again changes nothing
        assert third.placed == 0 and third.new == 0 and len(lib.marks()) == 1
        assert "nothing new in this file" in third.summary()
        assert [a.title for a in lib.articles("Unwritten")] == ["The Unwritten Book"]
    finally:
        lib.close()


def test_reader_import_kindle(tmp_path: Path, capsys) -> None:
    clippings = tmp_path / "My Clippings.txt"
    clippings.write_text(CLIPPINGS, encoding="utf-8")
    book = tmp_path / "pp.txt"
    book.write_text("Pride and Prejudice\n\n" + BOOK, encoding="utf-8")
    assert main(["add", str(book)]) == 0
    capsys.readouterr()
    assert main(["import", "kindle", str(clippings), "--dry-run"]) == 0
    assert "Pride and Prejudice: A Novel (Jane Austen): 1 highlight" in capsys.readouterr().out
    assert main(["import", "kindle", str(clippings)]) == 0
    got = capsys.readouterr()
    assert "1 highlight placed" in got.out and "wait for 1 book: The Unwritten Book" in got.out
    assert "not read: bookmarks (no passage): 1" in got.err
    (tmp_path / "empty.txt").write_text("nothing here\n", encoding="utf-8")
    assert main(["import", "kindle", str(tmp_path / "empty.txt")]) == 1
    assert "no highlights found" in capsys.readouterr().err


def _library_with_the_book(tmp_path: Path) -> Library:
    lib = Library(Store(tmp_path / "reader.db"))
    doc = Document(text=BOOK, title="Pride and Prejudice", source="/b/pp.txt",
                   meta={"path": "/b/pp.txt", "author": "Jane Austen"})
    lib.register(doc, doc.source)
    return lib


def test_readwise_csv_as_readwise_writes_it(tmp_path: Path) -> None:
    """The header of Readwise's "Export: CSV" (readwise.io/export)."""
    from reader.core.interop.highlights import readwise

    csv_text = ("Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,"
                "Location Type,Location,Highlighted at,Document tags\n"
                f'"{OPENING}",Pride and Prejudice,Jane Austen,,"a famous start",yellow,,'
                "location,5,2024-03-03 10:01:02+00:00,\n"
                ",Pride and Prejudice,Jane Austen,,,,,,,,\n")
    parsed = readwise.parse(csv_text)
    assert [(b.title, b.highlights) for b in parsed.books] == [
        ("Pride and Prejudice", [(OPENING, "a famous start")])]
    assert parsed.skipped == {"rows without a highlight or a title": 1}
    lib = _library_with_the_book(tmp_path)
    try:
        assert import_books(lib, parsed.books).placed == 1
        assert [m.note for m in lib.marks()] == ["a famous start"]
    finally:
        lib.close()


def test_reader_exports_readwise_and_reads_it_back(tmp_path: Path, capsys) -> None:
    book = tmp_path / "pp.txt"
    book.write_text("Pride and Prejudice\n\n" + BOOK, encoding="utf-8")
    assert main(["bookmarks", "add", str(book), "--sentence", "2", "--note", "kept"]) == 0
    out = tmp_path / "readwise.csv"
    assert main(["export", "readwise", str(out)]) == 0
    assert main(["bookmarks", "remove", "1"]) == 0
    capsys.readouterr()
    assert main(["import", "readwise", str(out)]) == 0
    assert "1 highlight placed" in capsys.readouterr().out


def test_calibre_highlights_find_their_book_by_its_quotes(tmp_path: Path) -> None:
    """calibre's viewer export (src/calibre/gui2/viewer/highlights.py)."""
    import json

    from reader.core.interop.highlights import calibre

    data = {"type": "calibre_highlights", "version": 1, "highlights": [
        {"type": "highlight", "highlighted_text": OPENING, "notes": "calibre note",
         "timestamp": "2024-03-03T10:01:02.000Z", "toc_family_titles": ["Chapter 1"],
         "spine_index": 2, "uuid": "abc"},
        {"type": "bookmark", "title": "page 3"}]}
    parsed = calibre.parse(json.dumps(data))
    assert parsed.skipped == {"entries that are not highlights (bookmarks)": 1}
    lib = Library(Store(tmp_path / "reader.db"))
    try:
        report = import_books(lib, parsed.books)  # no book holds the quote yet
        assert report.placed == 0 and "add it, then import again" in report.summary()
    finally:
        lib.close()
    lib = _library_with_the_book(tmp_path)
    try:
        assert import_books(lib, parsed.books).placed == 1
        assert [m.note for m in lib.marks()] == ["calibre note"]
    finally:
        lib.close()


def test_annotations_round_trip_loses_nothing(tmp_path: Path, capsys) -> None:
    import json

    book = tmp_path / "pp.txt"
    book.write_text("Pride and Prejudice\n\n" + BOOK, encoding="utf-8")
    assert main(["bookmarks", "add", str(book), "--sentence", "2", "--note", "a note\nin two "
                 "lines", "--tag", "opening", "--tag", "austen"]) == 0
    out = tmp_path / "annotations.json"
    assert main(["export", "annotations", str(out)]) == 0
    (first,) = json.loads(out.read_text(encoding="utf-8"))
    assert first["target"]["source"] == book.as_uri()
    assert [b["purpose"] for b in first["body"]] == ["commenting", "tagging", "tagging"]
    assert main(["bookmarks", "remove", "1"]) == 0
    capsys.readouterr()
    assert main(["import", "annotations", str(out)]) == 0
    assert "1 highlight placed" in capsys.readouterr().out
    again = tmp_path / "again.json"
    assert main(["export", "annotations", str(again)]) == 0
    (second,) = json.loads(again.read_text(encoding="utf-8"))
    for key in ("body", "target", "reader:title"):
        assert second[key] == first[key]


def test_hypothesis_annotations_of_a_page_wait_for_it(tmp_path: Path) -> None:
    """Hypothesis's export: "uri", "text" (the note), "tags", "document.title", and a target
    with RangeSelector, TextPositionSelector and TextQuoteSelector (h.readthedocs.io)."""
    import json

    from reader.core.interop.highlights import w3c as annotations

    data = [{"uri": "https://example.org/harbour", "text": "worth a look", "tags": ["port"],
             "document": {"title": ["Harbour news"]},
             "target": [{"source": "https://example.org/harbour", "selector": [
                 {"type": "RangeSelector", "startContainer": "/p[1]"},
                 {"type": "TextPositionSelector", "start": 4, "end": 30},
                 {"type": "TextQuoteSelector", "exact": "the council met at dawn",
                  "prefix": "quiet. ", "suffix": " and"}]}]},
            {"uri": "https://example.org/harbour", "text": "a page note, no quote",
             "target": [{"source": "https://example.org/harbour"}]}]
    parsed = annotations.parse(json.dumps({"rows": data}))
    assert parsed.skipped == {"annotations without a quoted passage": 1}
    (page,) = parsed.books
    assert (page.title, page.source, page.highlights, page.tags) == (
        "Harbour news", "https://example.org/harbour", [("the council met at dawn",
                                                         "worth a look")],
        {"the council met at dawn": ["port"]})
    lib = Library(Store(tmp_path / "reader.db"))
    try:
        report = import_books(lib, parsed.books)
        assert report.waiting == {"Harbour news": 1}
        (waiting,) = lib.pending()
        assert (waiting.quote, waiting.note) == ("the council met at dawn", "worth a look")
    finally:
        lib.close()


# KOReader's metadata file as readerannotation.lua (2024.07 on) and, before it,
# readerhighlight.lua / readerbookmark.lua write it (koreader/koreader on GitHub).
KOREADER_NEW = r'''-- we can read Lua syntax here!
return {
    ["annotations"] = {
        [1] = {
            ["chapter"] = "Chapter 1",
            ["datetime"] = "2024-08-01 10:00:00",
            ["note"] = "the \"famous\" one",
            ["pageno"] = 1,
            ["pos0"] = "/body/DocFragment[2]/body/p[1]/text().0",
            ["pos1"] = "/body/DocFragment[2]/body/p[1]/text().119",
            ["text"] = "OPENING",
        },
        [2] = {
            ["datetime"] = "2024-08-01 10:05:00",
            ["page"] = "/body/DocFragment[3]/body/p[1]/text().0",
            ["pageno"] = 3,
        },
    },
    ["doc_props"] = {
        ["authors"] = "Jane Austen",
        ["title"] = "Pride and Prejudice",
    },
    ["percent_finished"] = 0.02,
}
'''.replace("OPENING", OPENING)
KOREADER_OLD = r'''return {
    ["bookmarks"] = {
        [1] = {
            ["datetime"] = "2019-05-01 09:00:00",
            ["highlighted"] = true,
            ["notes"] = "However little known the feelings or views of such a man may be",
            ["text"] = "an older note",
            ["pos0"] = "/body/p[2]/text().0",
        },
    },
    ["highlight"] = {
        [2] = {
            [1] = {
                ["text"] = "However little known the feelings or views of such a man may be",
                ["datetime"] = "2019-05-01 09:00:00",
            },
        },
    },
    ["doc_props"] = { ["title"] = "Pride and Prejudice" },
}
'''


def test_koreader_metadata_is_read_as_data_in_both_layouts(tmp_path: Path) -> None:
    from reader.core.interop.highlights import koreader, read

    (book,) = koreader.parse(KOREADER_NEW).books
    assert (book.title, book.author) == ("Pride and Prejudice", "Jane Austen")
    assert book.highlights == [(OPENING, 'the "famous" one')]
    assert koreader.parse(KOREADER_NEW).skipped == {"bookmarks without a passage": 1}
    (old,) = koreader.parse(KOREADER_OLD).books
    assert old.highlights == [("However little known the feelings or views of such a man "
                               "may be", "an older note")]
    sdr = tmp_path / "books" / "Pride and Prejudice.sdr"
    sdr.mkdir(parents=True)
    (sdr / "metadata.epub.lua").write_text(KOREADER_NEW, encoding="utf-8")
    (tmp_path / "books" / "broken.sdr").mkdir()
    (tmp_path / "books" / "broken.sdr" / "metadata.pdf.lua").write_text(
        'return { ["a"] = os.execute("rm -rf /") }', encoding="utf-8")  # never run
    parsed = read("koreader", str(tmp_path / "books"))
    assert [b.title for b in parsed.books] == ["Pride and Prejudice"]
    assert any("metadata.pdf.lua" in why for why in parsed.skipped)
    lib = _library_with_the_book(tmp_path)
    try:
        assert import_books(lib, parsed.books).placed == 1
    finally:
        lib.close()


def test_a_highlight_is_found_across_line_breaks_and_quote_marks(tmp_path: Path) -> None:
    from reader.core.interop.highlights import Book

    lib = Library(Store(tmp_path / "reader.db"))
    try:
        text = ("“My dear Mr. Bennet,” said his lady to him one day, “have you heard\n"
                "that Netherfield Park is let at last?”\n\nMr. Bennet replied that he had "
                "not.\n\n" + "The rain fell on the lanes all week. " * 20)
        doc = Document(text=text, title="Pride and Prejudice", source="/b/pp.txt",
                       meta={"path": "/b/pp.txt"})
        lib.register(doc, doc.source)
        # A fragment, typed with straight quotes, that the text wraps across a line.
        quote = 'said his lady to him one day, "have you heard that Netherfield Park'
        report = import_books(lib, [Book("Pride and Prejudice", "", [(quote, "found")])])
        assert report.placed == 1 and report.unplaced == 0
        (mark,) = lib.marks()
        assert mark.note == "found" and "Netherfield Park is let at last" in mark.text
    finally:
        lib.close()


def test_the_same_passage_from_two_tools_keeps_both_notes(tmp_path: Path) -> None:
    """Kindle, then calibre, highlighting one passage with different notes: the mark keeps
    both (the second import once dropped the other tool's note silently)."""
    import json

    from reader.core.interop.highlights import calibre, kindle

    lib = _library_with_the_book(tmp_path)
    try:
        assert import_books(lib, kindle.parse(CLIPPINGS).books).placed == 1
        data = {"type": "calibre_highlights", "version": 1, "highlights": [
            {"type": "highlight", "highlighted_text": OPENING, "notes": "calibre note"}]}
        import_books(lib, calibre.parse(json.dumps(data)).books)
        (mark,) = lib.marks()
        assert "the line everyone quotes" in mark.note and "calibre note" in mark.note
        import_books(lib, calibre.parse(json.dumps(data)).books)  # again: nothing doubled
        assert lib.marks()[0].note.count("calibre note") == 1
    finally:
        lib.close()
