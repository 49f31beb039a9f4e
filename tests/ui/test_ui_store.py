"""Pilot tests for bookmarks, highlights, notes and reading positions in the TUI."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import TextArea

from reader.core.library import Store
from reader.core.library import db as store_db
from reader.ui.app import ReaderApp
from reader.ui.dialogs.notes import NoteEditor
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.marks import MarksScreen
from reader.ui.screens.reading import ReadingScreen

from ..conftest import SEED, SIZE, notices, open_seed, wait_for


async def test_bookmark_survives_into_the_next_run_at_the_same_sentence() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        screen.mark_sentence(12)
        await pilot.pause()
        assert screen.place.sentence() == 12
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*"Blinken warns", "tab", *"china, warning", "f2")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: len(screen.article.marks.bookmarks) == 1)  # async
    with Store() as store:
        (mark,) = store.marks.list()
        assert (mark.kind, mark.sentence, mark.note, mark.tags) == (
            "bookmark", 12, "Blinken warns", ["china", "warning"])
    app2 = ReaderApp([str(SEED)])
    async with app2.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        s, e = screen.analysis.sentences[12]
        await wait_for(pilot, lambda: screen.article.marks.bookmarks == [(s, e)])
        assert screen.article.text[s:e].startswith("US Secretary of State Antony Blinken")


async def test_select_sentences_and_highlight_with_note() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        screen.mark_sentence(3)
        await pilot.press("v")
        assert screen.annotations.selection == (3, 3)
        await pilot.press("j", "j", "down", "k")
        assert screen.annotations.selection == (3, 5)
        sel = screen.article.marks.selection
        assert sel == (screen.analysis.sentences[3][0], screen.analysis.sentences[5][1])
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*"three sentences")
        await pilot.click("#save")
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.annotations.selection is None
        await wait_for(pilot, lambda: screen.article.marks.highlights == [sel])
    with Store() as store:
        (mark,) = store.marks.list()
        assert (mark.kind, mark.sentence, mark.last_sentence) == ("highlight", 3, 5)
        assert mark.text.startswith("The Chinese diplomat") and mark.note == "three sentences"


async def test_escape_cancels_selection_and_editor() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("v", "j", "escape")
        assert screen.annotations.selection is None and screen.article.marks.selection is None
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
    with Store() as store:
        assert store.marks.list() == []


async def test_article_note_and_marks_screen_edit_delete_undo_open() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*"# My take", "f2")
        await wait_for(pilot, lambda: app.screen is screen)
        screen.mark_sentence(15)
        await pilot.press("m", "f2")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("B")
        await wait_for(pilot, lambda: isinstance(app.screen, MarksScreen))
        marks = app.screen
        await wait_for(pilot, lambda: [k for k, _ in marks.rows] == ["note", "mark"])
        await pilot.press("j", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*"edited", "f2")
        await wait_for(pilot, lambda: app.screen is marks)
        with Store() as store:
            assert store.marks.list()[0].note == "edited"
        await pilot.press("d")
        await wait_for(pilot, lambda: [k for k, _ in marks.rows] == ["note"])
        await pilot.press("u")
        await wait_for(pilot, lambda: [k for k, _ in marks.rows] == ["note", "mark"])
        await pilot.press("slash", *"edited", "enter")
        await wait_for(pilot, lambda: [k for k, _ in marks.rows] == ["mark"])
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen)
                       and app.screen is not screen and app.screen.analysis_done)
        reopened = app.screen
        s = reopened.analysis.sentences[15][0]
        top = int(reopened.article.scroll_offset.y)
        assert top <= reopened.article.line_of(s) < top + reopened.article.size.height
    with Store() as store:
        art = store.articles.all()[0]
        assert store.articles.note(art) == "# My take"


async def test_reading_position_is_restored_as_a_place_in_the_text(monkeypatch) -> None:
    book = "\n\n".join(f"Paragraph {i} says something rather long about item number {i}, "
                       "which needs a few words to wrap over lines." for i in range(300))
    path = Path(os.environ["READER_DATA_DIR"]).parent / "long.txt"
    path.write_text(book, encoding="utf-8")
    app = ReaderApp([str(path)])
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_seed(pilot)
        screen.article.scroll_to(y=200, animate=False)
        await wait_for(pilot, lambda: int(screen.article.scroll_offset.y) == 200)
        await pilot.pause(0.1)
        place = screen.article.offset_at_top()
        assert place > 0
    # The place comes from a slow store: the top of the text is never drawn meanwhile.
    import time

    from reader.core.library import Library

    real_place = Library.place
    monkeypatch.setattr(Library, "place",
                        lambda self, *a: (time.sleep(0.15), real_place(self, *a))[1])
    first_draw: list[tuple[bool, str]] = []
    real_show = ReadingScreen._show_document

    def show(self, doc) -> None:
        real_show(self, doc)
        line = self.article.render_line(0)
        first_draw.append((self.article.held, "".join(seg.text for seg in line).strip()))

    monkeypatch.setattr(ReadingScreen, "_show_document", show)
    app2 = ReaderApp([str(path)])
    async with app2.run_test(size=(70, 30)) as pilot:  # another width: other line numbers
        screen = await open_seed(pilot)
        view = screen.article
        await wait_for(pilot, lambda: int(view.scroll_offset.y) > 0)  # restored in a worker
        assert view.line_of(place) == int(view.scroll_offset.y)
        assert first_draw == [(True, "")]  # held, blank: not "Paragraph 0 …"
        await wait_for(pilot, lambda: not view.held)
        shown = " ".join("".join(seg.text for seg in view.render_line(y)) for y in range(3))
        assert "Paragraph" in shown  # then the text, at the place


async def test_library_shows_marks_and_progress(tmp_path: Path) -> None:
    with Store() as store:
        from reader.core.analysis import segment
        from reader.core.sources import load

        doc = load(str(SEED))
        spans, _ = segment(doc)
        art = store.articles.find(doc.content_hash, doc.meta["path"], doc.title, None, spans,
                                  doc.text)
        store.marks.add(art, "bookmark", 1, 1, spans[1][0], spans[1][1], "x")
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen)
                       and not app.screen.is_loading)
        lib = app.screen
        marks = {lib.entries[i].source.rsplit("/", 1)[-1]: str(lib.table.get_row_at(r)[0])
                 for r, i in enumerate(lib.shown_rows)}
        assert marks["000_933dac8c70da918c.txt"] == "  ✎"  # not starred, not read, marked
        assert marks["001_welcome.md"] == ""


async def test_corrupt_store_app_still_opens_and_says_so() -> None:
    data = Path(os.environ["READER_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    (data / "reader.db").write_bytes(b"garbage" * 50)
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        # The store opens on its own thread: the article may be read before it answers.
        await wait_for(pilot, lambda: any("kept as" in n.message for n in notices(app)))
        assert app.library is not None
    assert list(data.glob("reader.db.corrupt-*"))


async def test_unusable_store_reading_still_works(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    monkeypatch.setenv("READER_DATA_DIR", str(blocker / "data"))
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await wait_for(pilot, lambda: any("Store unavailable" in (n.title or "")
                                          for n in notices(app)))
        assert app.library is None
        await pilot.press("m")
        assert app.screen is screen  # no editor: a notice instead
        assert len(screen.summary.indices) == 5


def hold_write_lock() -> sqlite3.Connection:
    """Another process in the middle of a write transaction."""
    holder = sqlite3.connect(Path(os.environ["READER_DATA_DIR"]) / "reader.db",
                             isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


async def test_failed_save_keeps_the_editor_and_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT", 0.3)
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await wait_for(pilot, lambda: screen.place.article is not None)
        holder = hold_write_lock()
        try:
            await pilot.press("m")
            await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor))
            editor = app.screen
            await pilot.press(*"keep me", "f2")
            error = editor.query_one("#note-error")
            await wait_for(pilot, lambda: error.has_class("-shown"))
            assert app.screen is editor and editor.query_one(TextArea).text == "keep me"
            assert "locked by another process" in str(error.render())
            await pilot.press("escape")  # the failed save is over: Escape discards
            assert app.screen is screen
            await pilot.press("m")
            await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor))
            editor = app.screen
            await pilot.press(*"second try", "f2")
            await wait_for(pilot, lambda: editor.query_one("#note-error").has_class("-shown"))
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        await pilot.press("f2")  # the lock is gone: the same editor saves
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: len(screen.article.marks.bookmarks) == 1)
    with Store() as store:
        assert [m.note for m in store.marks.list()] == ["second try"]


async def test_store_locked_while_opening_then_free_bookmarks_work(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT", 0.3)
    Store().close()  # the store exists; the article is not in it yet
    holder = hold_write_lock()
    app = ReaderApp([str(SEED)])
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_seed(pilot)
            await wait_for(pilot, lambda: any("unavailable for now" in str(n.message)
                                              for n in notices(app)))
            assert screen.place.article is None
            holder.execute("ROLLBACK")
            await pilot.press("m")  # tries the store again
            await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor))
            await pilot.press(*"later", "f2")
            await wait_for(pilot, lambda: app.screen is screen)
    finally:
        holder.close()
    with Store() as store:
        assert [m.note for m in store.marks.list()] == ["later"]


async def test_library_marks_update_when_coming_back_from_an_article() -> None:
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen)
                       and not app.screen.is_loading)
        lib = app.screen
        row = next(r for r, i in enumerate(lib.shown_rows)
                   if lib.entries[i].source.endswith("000_933dac8c70da918c.txt"))
        assert str(lib.table.get_row_at(row)[0]) == ""
        lib.table.move_cursor(row=row)
        await pilot.press("enter")
        await open_seed(pilot)
        await pilot.press("G")  # read to the end
        await pilot.pause(0.2)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is lib)
        await wait_for(pilot, lambda: str(lib.table.get_row_at(row)[0]) == " ✓")


async def test_imported_highlights_waiting_to_be_placed_are_in_b() -> None:
    from reader.core.interop.saved import Saved
    from reader.core.urls import normalise_url

    with Store() as store:
        item = Saved("https://gone.invalid/page", "A page that is gone",
                     highlights=[("a quote about lighthouses", "my keeper note")])
        store.imports.save(normalise_url(item.url), item)
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        await pilot.press("B")
        await wait_for(pilot, lambda: isinstance(app.screen, MarksScreen))
        marks = app.screen
        await wait_for(pilot, lambda: [k for k, _ in marks.rows] == ["pending"])
        status = str(marks.query_one("#marks-status").text)
        assert "1 imported highlight waiting to be placed" in status
        assert "lighthouses" in str(marks.table.get_row_at(0)[2])
        await pilot.press("slash", *"keeper", "enter")  # its note is found by the filter
        await wait_for(pilot, lambda: [k for k, _ in marks.rows] == ["pending"])
        await pilot.press("d")
        await wait_for(pilot, lambda: marks.rows == [])
        with Store() as store:
            assert store.imports.pending() == []
        await pilot.press("u")
        await wait_for(pilot, lambda: [k for k, _ in marks.rows] == ["pending"])


async def test_a_note_asked_for_while_the_store_is_still_opening_opens_once_it_is(
        monkeypatch) -> None:
    import threading

    from reader.core.library import Library

    real_open = Library.open.__func__
    gate = threading.Event()  # a store another process holds until the test lets go

    def slow_open(cls, path=None):
        gate.wait(20)
        return real_open(cls, path)

    monkeypatch.setattr(Library, "open", classmethod(slow_open))
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen)
                       and app.screen.analysis is not None)
        assert app.library is None  # not open yet
        await pilot.press("w")
        gate.set()
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor)
                       and bool(app.screen.query("TextArea")))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen))
