"""Screen-reader mode: the terminal's cursor on what has focus (the sentence read, the list's
row), no decorations, notifications as plain lines; and the config key and CLI flag that
turn it on."""

from __future__ import annotations

from reader import config
from reader.ui.app import ReaderApp
from reader.ui.widgets.summary_list import SummaryList

from ..conftest import SEED, SIZE, open_seed, wait_for


async def test_the_cursor_follows_the_sentence_read_and_the_focused_row() -> None:
    app = ReaderApp([str(SEED)], screen_reader=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # seed > a screen
        screen = await open_seed(pilot)
        assert app.has_class("-screen-reader")
        view = screen.article

        def at_sentence() -> bool:
            k = screen.place.sentence()
            x, y = view.cell_of(screen.analysis.sentences[k][0])
            if y < 0:  # the sentence began above the screen: its first line shown
                x, y = 0, 0
            region = view.content_region
            return app.cursor_position == (region.x + x, region.y + y)

        await wait_for(pilot, at_sentence)
        k0 = screen.place.sentence()
        await pilot.press("space")  # a page on: the cursor goes with the sentence read
        await wait_for(pilot, lambda: screen.place.sentence() != k0 and at_sentence())
        seen = {app.cursor_position}
        for _ in range(4):  # line by line: sentences start along the top line
            await pilot.press("j")
            await wait_for(pilot, at_sentence)
            seen.add(app.cursor_position)
        assert len(seen) > 1  # it moved with the text
        # Decorations a screen reader would read out are not drawn.
        assert screen.query_one(SummaryList).styles.border_bottom[0] in ("", "none", "hidden")
        assert view.styles.scrollbar_size_vertical == 0
        status = str(screen.query_one("#status").text)
        assert "│" not in status and "; " in status
        summary = screen.query_one(SummaryList)
        assert summary.option_count == len(screen.analysis.summary)  # no rules between
        # The focused row of a list.
        summary.focus()
        await pilot.press("j")
        await wait_for(pilot, lambda: summary.highlighted == 1)
        await wait_for(pilot, lambda: app.cursor_position.y > summary.content_region.y)
        assert app.cursor_position.x == summary.content_region.x
        # A notification is one plain line (no frame around it).
        await pilot.press("escape", "r")
        await wait_for(pilot, lambda: bool(list(app.screen.query("Toast"))))
        toasts = list(app.screen.query("Toast"))
        assert toasts and all(t.styles.border_left[0] in ("", "none", "hidden")
                              and t.styles.padding.top == 0 for t in toasts)


async def test_off_by_default_and_on_from_the_config(tmp_path) -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        assert not app.has_class("-screen-reader")
        assert screen.query_one(SummaryList).styles.border_bottom[0] not in ("", "none")
        assert "│" in str(screen.query_one("#status").text)
    path = config.config_dir() / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[reading]\nscreen_reader = true\n", encoding="utf-8")
    assert config.load_config().screen_reader
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        assert app.has_class("-screen-reader")
    path.write_text("[reading]\nscreen_reader = 1\n", encoding="utf-8")
    assert config.load_config().problems == [
        f"{path}: reading.screen_reader must be true or false"]


def test_the_command_line_flag_reaches_the_app(monkeypatch) -> None:
    import reader.cli as cli

    seen = {}
    monkeypatch.setattr(cli, "run_app", lambda paths, screen_reader=False: seen.update(
        paths=paths, screen_reader=screen_reader) or 0)
    assert cli.main(["--screen-reader", str(SEED)]) == 0
    assert seen == {"paths": [str(SEED)], "screen_reader": True}


async def test_the_cursor_is_on_the_focused_row_of_the_library() -> None:
    from textual.widgets import DataTable

    from reader.ui.screens.library import LibraryScreen

    app = ReaderApp([], screen_reader=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen)
                       and not app.screen.is_loading and app.screen.entries)
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: app.focused is table)
        top = table.content_region.y + table.header_height
        await wait_for(pilot, lambda: app.cursor_position == (table.content_region.x, top))
        await pilot.press("j")
        await wait_for(pilot, lambda: table.cursor_row == 1)
        below = top + table.ordered_rows[0].height
        await wait_for(pilot, lambda: app.cursor_position == (table.content_region.x, below))
