"""The library screen listed from the store: triage keys, views, saved views, sorts, paging,
feed items as rows, and the ✓ after reading."""

from __future__ import annotations

from pathlib import Path

from reader.core.library import Library, Store
from reader.ui.app import ReaderApp
from reader.ui.dialogs.prompt import PromptScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.library.store import PAGE

from ..conftest import SIZE, notices, wait_for


def _fill(n: int) -> None:
    with Store() as st:
        lib = Library(st)
        for i in range(n):
            art = st.articles.find(f"h{i}", f"/lib/{i:05}.txt", f"Article {i:05}",
                             text=f"words of article {i} " + ("filler " * (i % 50)))
            st.articles.set_details(art, 4 + i % 50, None, "")
        lib.tag([1], add=["keep"])


async def _ready(pilot) -> LibraryScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen)
                   and not app.screen.is_loading and app.screen.entries)
    return app.screen


def _titles(lib: LibraryScreen) -> list[str]:
    return [lib.entries[i].title for i in lib.shown_rows]


async def test_triage_keys_change_the_article_and_the_view() -> None:
    _fill(3)
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        lib = await _ready(pilot)
        assert lib.views.current[0] == "Inbox" and lib.from_store
        assert lib.listing.total == 5  # three articles and the two samples
        lib.table.move_cursor(row=_titles(lib).index("Article 00002"))
        await pilot.press("s")  # star
        await wait_for(pilot, lambda: lib.selected().article.starred)
        assert lib.selected().title == "Article 00002"
        assert str(lib.table.get_row_at(lib.table.cursor_row)[0]).startswith("★")
        await pilot.press("a")  # archive: it leaves the inbox
        await wait_for(pilot, lambda: "Article 00002" not in _titles(lib))
        assert lib.listing.total == 4
        lib.table.move_cursor(row=_titles(lib).index("Article 00001"))
        await pilot.press("l")  # later
        await wait_for(pilot, lambda: "Article 00001" not in _titles(lib))
        await pilot.press("v")  # Later
        await wait_for(pilot, lambda: _titles(lib) == ["Article 00001"])
        await pilot.press("m")  # mark read
        await wait_for(pilot, lambda: lib.selected().article.finished)
        assert str(lib.table.get_row_at(0)[0]).strip() == "✓"
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press("ctrl+u", *"work  Keep", "enter")
        await wait_for(pilot, lambda: lib.selected().article.tags == ["work", "keep"])
        assert "#work #keep" in str(lib.table.get_row_at(0)[1])
        await pilot.press("v", "v")  # Starred, Archive
        await wait_for(pilot, lambda: _titles(lib) == ["Article 00002"])
        assert lib.views.current[0] == "Archive"
        await pilot.press("a")  # back to the inbox
        await wait_for(pilot, lambda: _titles(lib) == [])
        await pilot.press("V", "V", "V")  # Starred, Later, Inbox
        await wait_for(pilot, lambda: lib.views.current[0] == "Inbox" and lib.listing.total == 4)
    with Store() as st:
        states = {a.title: (a.state, a.starred, a.tags) for a in Library(st).articles()}
    assert states["Article 00002"] == ("inbox", True, [])
    assert states["Article 00001"] == ("later", False, ["work", "keep"])


async def test_remove_to_the_trash_put_back_and_undo_every_change() -> None:
    _fill(3)
    with Store() as st:
        art = st.articles.get(2)
        st.articles.set_position(art, 9, 0.4)  # being read
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        lib = await _ready(pilot)
        await pilot.press("u")
        assert any(n.message == "Nothing to undo" for n in notices(app))
        lib.table.move_cursor(row=_titles(lib).index("Article 00001"))
        await pilot.press("d")  # to the trash
        await wait_for(pilot, lambda: "Article 00001" not in _titles(lib))
        assert any("In the trash for 30 days: Article 00001 · u undoes" in n.message
                   for n in notices(app))
        await pilot.press("u")  # back
        await wait_for(pilot, lambda: "Article 00001" in _titles(lib))
        lib.table.move_cursor(row=_titles(lib).index("Article 00001"))
        await pilot.press("m")  # marked read ...
        await wait_for(pilot, lambda: lib.selected().article.finished)
        await pilot.press("m")  # ... and unread: its place is gone
        await wait_for(pilot, lambda: not lib.selected().article.started)
        await pilot.press("u", "u")  # both undone: the place is back where it was
        await wait_for(pilot, lambda: abs(lib.selected().article.progress - 0.4) < 1e-9)
        lib.table.move_cursor(row=_titles(lib).index("Article 00000"))
        await pilot.press("d")
        await wait_for(pilot, lambda: "Article 00000" not in _titles(lib))
        await pilot.press("V")  # the Trash, last of the views
        await wait_for(pilot, lambda: lib.views.current[0] == "Trash"
                       and _titles(lib) == ["Article 00000"])
        await pilot.press("d")  # in the trash, d puts back
        await wait_for(pilot, lambda: _titles(lib) == [])
    with Store() as st:
        lib_ = Library(st)
        assert lib_.place_of(2) == (9, 0.4)
        assert [a.title for a in lib_.articles("is:removed")] == []
        assert lib_.count() == 5


async def test_filter_sort_and_saved_views() -> None:
    _fill(3)
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        lib = await _ready(pilot)
        await pilot.press("slash", *"0000")  # prefixes while typing ("00001")
        await wait_for(pilot, lambda: lib.listing.total == 3)
        await pilot.press("enter")
        assert _titles(lib) == ["Article 00002", "Article 00001", "Article 00000"]  # newest
        await pilot.press("o", "o")  # published (none: date added), then title
        await wait_for(pilot, lambda: lib.views.sort == "title")
        await wait_for(pilot, lambda: _titles(lib) == ["Article 00000", "Article 00001",
                                                       "Article 00002"])
        await pilot.press("O")
        await wait_for(pilot, lambda: _titles(lib)[0] == "Article 00002")
        assert "by title, reversed" in str(lib.query_one("#lib-status").render())
        await pilot.press("slash", "ctrl+u", *"tag:keep", "enter")  # one match: it opens;
        # its file is not there: that is said, and the list is back.
        await wait_for(pilot, lambda: any("00000.txt" in n.message and "no such file" in
                                          n.message for n in notices(app)))
        await wait_for(pilot, lambda: app.screen is lib)
        assert _titles(lib) == ["Article 00000"]
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"Kept", "enter")
        await wait_for(pilot, lambda: lib.views.current == ("Kept", "is:inbox tag:keep"))
        assert lib.query_one("#filter").value == ""
        await wait_for(pilot, lambda: _titles(lib) == ["Article 00000"])
        await pilot.press("slash", *'"open', "enter")  # a bad filter says why, once
        await wait_for(pilot, lambda: lib.listing.problem is not None)
        assert "unbalanced quote" in str(lib.query_one("#lib-status").render())
        await pilot.press("escape")
        await pilot.press("W")  # remove the saved view
        await wait_for(pilot, lambda: len(lib.views.all) == 6 and lib.views.index == 0)
    with Store() as st:
        assert Library(st).views() == []


async def test_a_large_library_lists_a_page_and_more_on_the_way_down() -> None:
    _fill(PAGE * 2 + 50)
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        lib = await _ready(pilot)
        assert lib.listing.total == PAGE * 2 + 52
        assert len(lib.entries) == SIZE[1]  # a screenful, not the whole library
        assert all(e.document is None for e in lib.entries)  # no text held for a row
        await pilot.press("G")
        await wait_for(pilot, lambda: len(lib.entries) == SIZE[1] + PAGE)
        while len(lib.entries) < lib.listing.total:
            listed = len(lib.entries)
            await pilot.press("G")
            await wait_for(pilot, lambda listed=listed: len(lib.entries) > listed)
        await pilot.press("G")
        assert lib.selected().title == "Article 00000"  # the oldest
        assert "(" not in str(lib.query_one("#lib-status").render()).split("·")[0]


async def test_feed_items_are_rows_with_their_feed_and_date() -> None:
    with Store() as st:
        st.feeds.add("http://a.example/rss", "Alpha News")
        st.feeds.add("http://b.example/rss", "Beta Daily")
        item = {"guid": "1", "link": "http://site.example/s", "title": "Shared story",
                "published": "Wed, 02 Oct 2024 10:00:00 GMT", "content": "<p>x</p>",
                "content_type": "text/html"}
        st.feeds.add_items("http://a.example/rss", [item])
        st.feeds.add_items("http://b.example/rss", [{**item, "guid": "b1"}])
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        lib = await _ready(pilot)
        (row,) = [r for r, i in enumerate(lib.shown_rows)
                  if lib.entries[i].title == "Shared story"]
        cells = [str(c) for c in lib.table.get_row_at(row)]
        assert cells[0].strip() == "•"  # not opened yet
        assert "Alpha News, Beta Daily" in cells[2] and "2 Oct 2024" in cells[2]
        await pilot.press("slash", *"feed:beta", "enter")
        await wait_for(pilot, lambda: _titles(lib) == ["Shared story"])


async def test_a_list_of_files_says_why_triage_keys_do_nothing_there(tmp_path) -> None:
    from ..conftest import SEED, notices

    app = ReaderApp([str(SEED), str(SEED.parent / "001_welcome.md")])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen)
                       and not app.screen.is_loading)
        lib = app.screen
        assert not lib.from_store and not lib.query_one("#views").display
        await pilot.press("a", "s", "v")
        await pilot.pause(0.2)
        said = [n.message for n in notices(app)]
        assert sum("This list shows the files you named" in m for m in said) == 3
    with Store() as st:
        assert not any(a.starred or a.state != "inbox" for a in Library(st).articles())


async def test_adding_a_folder_shows_progress_and_lists_the_new_articles(tmp_path) -> None:
    folder = tmp_path / "many"
    (folder / "sub").mkdir(parents=True)
    for i in range(60):
        (folder / ("sub" if i % 2 else "") / f"n{i:03}.txt").write_text(
            f"Note number {i} about gulls.\n\nThe harbour was calm on day {i}.\n",
            encoding="utf-8")
    (folder / "broken.html").write_text("<html><body><nav>menu</nav></body></html>",
                                        encoding="utf-8")
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        lib = await _ready(pilot)
        seen_bar = []
        lib.query_one("#adding").watch(lib.query_one("#adding"), "progress",
                                       lambda value: seen_bar.append(value), init=False)
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*str(folder), "enter")
        await wait_for(pilot, lambda: lib.listing.total == 62, timeout=60)
        assert seen_bar and max(seen_bar) == 61  # the bar moved to the last file
        assert not lib.query_one("#adding").display  # and went away
        assert any("Added 60 articles; 1 could not be added" in str(n.message)
                   for n in app._notifications)
        await pilot.press("slash", *"day 59", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ReadingScreen")


async def test_decks_under_unread_articles_hidden_with_i_and_remembered() -> None:
    with Store() as st:
        for i, lead in enumerate(("The harbour council voted at dawn to close the old pier.",
                                  "A second article begins with a sentence of its own.")):
            art = st.articles.find(f"d{i}", f"/lib/d{i}.txt", f"Deck {i}",
                                   text=f"Deck {i}\n\n{lead}\n\nMore text follows here.")
        st.articles.set_position(art, 5, 0.3)  # the second is being read: no deck
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        lib = await _ready(pilot)
        def deck_row():
            return lib.table.get_row_at(_titles(lib).index("Deck 0"))

        # Found on the store thread, then listed again: the row grows a second line.
        await wait_for(pilot, lambda: "\n" in str(deck_row()[1]))
        row = deck_row()
        assert "\n" in str(row[1]) and "The harbour council voted" in str(row[1]) + str(row[2])
        assert "\n" not in str(lib.table.get_row_at(_titles(lib).index("Deck 1"))[1])
        await pilot.press("i")
        await wait_for(pilot, lambda: "\n" not in str(
            lib.table.get_row_at(_titles(lib).index("Deck 0"))[1]))
        assert app.ui_state["library_decks"] is False
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:  # remembered
        lib = await _ready(pilot)
        await pilot.pause(0.2)
        assert all("\n" not in str(lib.table.get_row_at(r)[1])
                   for r in range(lib.table.row_count))
    with Store() as st:
        assert st.articles.get(1).deck == "The harbour council voted at dawn to close the old pier."


async def _palette(pilot, command: str, answer: str) -> None:
    """Run a palette command and answer its prompt (the answer pasted, not typed)."""
    from textual.widgets import Input

    await pilot.press("ctrl+p")
    await pilot.pause(0.2)
    await pilot.press(*command)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
    pilot.app.screen.query_one(Input).value = answer
    await pilot.press("enter")


async def test_export_and_import_from_the_palette(tmp_path) -> None:
    _fill(2)
    with Store() as st:
        Library(st).add_mark(st.articles.get(2), "highlight", 0, 0, (0, 5), "words",
                             note="a note worth keeping")
    bookmarks = tmp_path / "bookmarks.html"
    bookmarks.write_text('<DL><DT><A HREF="https://example.org/harbour" TAGS="port">Harbour '
                         'news</A></DL>', encoding="utf-8")
    notes = tmp_path / "out" / "notes.md"
    notes.parent.mkdir()
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        lib = await _ready(pilot)
        await _palette(pilot, "export: markdown", str(notes))
        await wait_for(pilot, notes.exists)
        assert "a note worth keeping" in notes.read_text(encoding="utf-8")
        await _palette(pilot, "import: bookmarks", str(bookmarks))
        await wait_for(pilot, lambda: any("1 article added" in n.message for n in notices(app)))
        await wait_for(pilot, lambda: "Harbour news" in _titles(lib))
        clippings = tmp_path / "clips.txt"
        clippings.write_text("Article 00001 (Someone)\n- Your Highlight on page 1 | Location "
                             "1-2 | Added on Monday\n\nwords of article 1\n==========\n",
                             encoding="utf-8")
        await _palette(pilot, "import: kindle", str(clippings))
        await wait_for(pilot, lambda: any("1 highlight placed" in n.message
                                          for n in notices(app)))
        # A file that is not there: said, not fatal.
        await _palette(pilot, "import: pocket", str(tmp_path / "missing.csv"))
        await wait_for(pilot, lambda: any(n.severity == "error" and "missing.csv" in n.message
                                          for n in notices(app)))


async def test_copies_of_one_book_are_told_apart_in_the_bookmarks() -> None:
    with Store() as st:
        lib_ = Library(st)
        for i, source in enumerate(("/books/emma.txt", "/books/emma.epub", "/n/other.txt")):
            title = "Emma" if i < 2 else "Other"
            art = st.articles.find(f"e{i}", source, title, text="Emma Woodhouse, handsome.")
            lib_.add_mark(art, "bookmark", 0, 0, (0, 4), "Emma")
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot)
        await pilot.press("B")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MarksScreen"
                       and app.screen.table.row_count == 3)
        table = app.screen.table
        names = sorted(str(table.get_row_at(r)[1]) for r in range(3))
        assert names == ["Emma (EPUB)", "Emma (txt)", "Other"]


async def test_the_reader_syncs_when_it_opens_and_when_it_quits(tmp_path) -> None:
    import os

    from reader.core.document import Document
    from reader.core.library.sync import devices, sync_round

    folder = tmp_path / "Sync"
    folder.mkdir()
    config = Path(os.environ["READER_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[sync]\nfolder = "{folder}"\n', encoding="utf-8")
    with Store(tmp_path / "laptop.db") as laptop:  # another device, already synced
        doc = Document(text="Written on the laptop. It has two sentences.", title="Laptop "
                       "notes", source="/home/me/notes.txt", meta={"path": "/home/me/notes.txt"})
        Library(laptop).register(doc, doc.source)
        sync_round(laptop, folder)
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        lib = await _ready(pilot)
        await wait_for(pilot, lambda: "Laptop notes" in _titles(lib))
        assert any("Synced: " in n.message for n in notices(app))
    with Store(tmp_path / "laptop.db") as laptop:  # the quit round sent this device's own
        assert len(devices(laptop, folder)) == 2
        sync_round(laptop, folder)
        titles = {a.title for a in Library(laptop).articles()}
    assert {"Laptop notes", "Welcome to reader"} <= titles


async def test_a_note_synced_in_two_versions_is_listed_first_for_review() -> None:
    from reader.core.library.sync.merge import CONFLICT_MARK

    with Store() as st:
        lib_ = Library(st)
        art = st.articles.find("k0", "/n/k.txt", "Kept", text="One sentence. Two sentences.")
        lib_.add_mark(art, "bookmark", 0, 0, (0, 13), "One sentence.", note="plain")
        lib_.add_mark(art, "bookmark", 1, 1, (14, 28), "Two sentences.",
                      note="from the laptop" + CONFLICT_MARK + "from the phone")
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot)
        await pilot.press("B")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MarksScreen"
                       and app.screen.table.row_count == 2)
        first = app.screen.table.get_row_at(0)
        assert str(first[0]) == "⚠" and str(first[2]).startswith("two versions of the note")
