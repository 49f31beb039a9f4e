"""Pilot tests: every flow of the TUI, asserting on state."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.core.sources.files import seeds_dir
from reader.ui.app import ReaderApp
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.wrapping import wrap

from ..conftest import SEED, SIZE, analysed, library_ready, notices, open_seed, wait_for


def rendered(view: ArticleView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


# ------------------------------------------------------------------ library


async def test_library_lists_samples_filters_and_opens() -> None:
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: library_ready(app))
        screen = app.screen
        await wait_for(pilot, lambda: not screen.is_loading)
        assert screen.table.row_count == len(list(seeds_dir().iterdir()))
        await pilot.press("slash", *"welcome")
        await wait_for(pilot, lambda: screen.table.row_count == 1)
        assert "Welcome" in screen.entries[screen.shown_rows[0]].title
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.table.row_count == len(list(seeds_dir().iterdir())))
        # Newest first; the cursor stays on the article it was on; G goes to the last one.
        assert "Welcome" in screen.selected().title
        await pilot.press("G", "enter")
        reading = await open_seed(pilot)
        assert reading.document is not None
        assert reading.document.text == SEED.read_text(encoding="utf-8")
        await pilot.press("escape")
        await wait_for(pilot, lambda: library_ready(app))


async def test_single_file_opens_directly_and_escape_goes_to_library() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        assert screen.source == str(SEED)
        await pilot.press("escape")
        await wait_for(pilot, lambda: library_ready(app))
        await wait_for(pilot, lambda: app.screen.table.row_count == 1)


# ------------------------------------------------------------------ reading


async def test_summary_beside_article_and_jump_to_sentence() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        summary = screen.query_one("#summary")
        assert "Summary · Auto" in str(summary.border_title)
        assert summary.option_count == len(screen.summary.indices) == 5
        assert not screen.has_class("-narrow")
        # Looking at the summary does not move the text; choosing a sentence does.
        place = screen.article.offset_at_top()
        await pilot.press("l")
        await wait_for(pilot, lambda: summary.has_focus)
        await pilot.press("G", "k", "j")
        await pilot.pause()
        assert screen.article.offset_at_top() == place
        await pilot.press("enter")
        await pilot.pause()
        last = screen.summary.spans[-1]
        assert screen.article.marks.current == last
        top_line = int(screen.article.scroll_offset.y)
        line = screen.article.line_of(last[0])
        assert top_line <= line < top_line + screen.article.size.height
        # [ and ] step through the summary from the sentence marked: never wrapping round.
        screen.article.focus()
        spans = screen.summary.spans
        await pilot.press("left_square_bracket")
        assert screen.article.marks.current == spans[-2]
        await pilot.press("left_square_bracket", "right_square_bracket")
        assert screen.article.marks.current == spans[-2]
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.article.marks.current == spans[-1]  # nothing after the last: it stays


def _long_article(tmp_path: Path) -> Path:
    """An article many screens long (the seed fits on one)."""
    paragraphs = [f"Day {i} of the harbour inquiry began with the board of harbour number {i}. "
                  f"Witness {i} told the board that the cranes at berth {i} had failed twice. "
                  f"The board adjourned until the next morning at {i % 12 + 1} o'clock."
                  for i in range(120)]
    path = tmp_path / "inquiry.txt"
    path.write_text("The harbour inquiry\n\n" + "\n\n".join(paragraphs) + "\n",
                    encoding="utf-8")
    return path


async def test_summary_steps_go_from_where_you_are_reading(tmp_path: Path) -> None:
    app = ReaderApp([str(_long_article(tmp_path))])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        article, spans = screen.article, screen.summary.spans
        await wait_for(pilot, lambda: len(screen.summary.spans) >= 3)
        spans = screen.summary.spans
        await pilot.press("G", "left_square_bracket")  # from the end: the last one
        assert article.marks.current == spans[-1]
        middle = spans[len(spans) // 2][0]
        article.scroll_to_offset(middle + 1, center=False)  # reading just past one of them
        await pilot.pause()
        here = article.offset_at_top()
        await pilot.press("right_square_bracket")  # the next after here, not after the last
        assert article.marks.current == min(s for s in spans if s[0] >= here)
        article.scroll_to_offset(middle + 1, center=False)
        await pilot.pause()
        await pilot.press("left_square_bracket")
        assert article.marks.current == max(s for s in spans if s[0] < here)
        # Looking at the summary does not move the text (nor the place saved).
        article.scroll_to_offset(middle + 1, center=False)
        await pilot.pause()
        place = article.offset_at_top()
        await pilot.press("l")
        await wait_for(pilot, lambda: screen.summary.has_focus)
        await pilot.press("g", "j", "p", "p")
        await pilot.pause()
        assert article.offset_at_top() == place


async def test_back_and_forward_return_to_where_you_were(tmp_path: Path) -> None:
    app = ReaderApp([str(_long_article(tmp_path))])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        article = screen.article
        await pilot.press("space", "space")  # scrolling is not a jump
        await pilot.pause()
        reading = article.offset_at_top()
        assert reading > 0
        screen.finder.find("Witness 90")  # a search hit is a jump
        await pilot.pause()
        hit = article.offset_at_top()
        assert hit > reading
        await pilot.press("backspace")
        await pilot.pause()
        assert article.offset_at_top() == reading
        await pilot.press("shift+backspace")
        await pilot.pause()
        assert article.offset_at_top() == hit
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert article.offset_at_top() == reading
        await pilot.press("ctrl+o")  # nothing further back: it says so and stays
        await pilot.pause()
        assert article.offset_at_top() == reading
        assert any("Nothing to go back to" in n.message for n in notices(app))


async def test_layers_toggle_and_are_drawn_from_offsets() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        view = screen.article
        assert view.layers == frozenset({"entities", "quotes", "summary", "matches"})
        people = [m for m in view.marks.entities if m[2] == "PERSON"]
        assert any(view.text[s:e] == "Zhao Lijian" for s, e, _ in people)
        strip_on = view.render_line(1)
        for key, layer in (("1", "entities"), ("2", "quotes"), ("3", "summary"),
                           ("4", "matches")):
            await pilot.press(key)
            assert layer not in view.layers
            await pilot.press(key)
            assert layer in view.layers
        await pilot.press("1", "2", "3")
        strip_off = view.render_line(1)
        assert strip_on.text == strip_off.text
        assert len(strip_on._segments) > len(strip_off._segments)  # styles are gone


async def test_entity_mentions_and_quotes_panel() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        ents = screen.query_one("#entities")
        key = "PERSON:Zhao Lijian"
        assert len(screen.side.mentions[key]) == 3  # "Zhao Lijian" and two "Zhao"
        index = next(i for i in range(ents.option_count)
                     if ents.get_option_at_index(i).id == key)
        ents.focus()
        ents.highlighted = index
        seen = []
        for _ in range(4):
            await pilot.press("enter")
            seen.append(screen.article.marks.current)
        assert seen[:3] == screen.side.mentions[key] and seen[3] == seen[0]
        tabs = screen.query_one("#side")
        tabs.active = "tab-quotes"
        await pilot.pause()
        quotes = screen.query_one("#quotes")
        quotes.focus()
        blinken = next(i for i, q in enumerate(screen.analysis.quotes)
                       if q.speaker == "Antony Blinken")
        quotes.highlighted = next(i for i in range(quotes.option_count)
                                  if quotes.get_option_at_index(i).id == f"q{blinken}")
        await pilot.press("enter")
        q = screen.analysis.quotes[blinken]
        assert screen.article.marks.current == (q.start, q.end)
        # A speaker's row steps through that person's quotations, then starts again.
        zhao = [(q.start, q.end) for q in screen.analysis.quotes if q.speaker == "Zhao Lijian"]
        quotes.highlighted = next(i for i in range(quotes.option_count)
                                  if str(quotes.get_option_at_index(i).prompt).strip()
                                  .startswith("Zhao Lijian  ×"))
        seen = []
        for _ in range(len(zhao) + 1):
            await pilot.press("enter")
            seen.append(screen.article.marks.current)
        assert len(zhao) > 2 and seen == zhao + zhao[:1]


async def test_search_across_wrapped_lines() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        text = screen.article.text
        await pilot.press("slash", *"ukraine crisis", "enter")
        expected = text.lower().count("ukraine crisis")
        assert len(screen.finder.matches) == expected >= 3
        first = screen.finder.index
        await pilot.press("n")
        assert screen.finder.index == (first + 1) % expected
        await pilot.press("N", "N")
        assert screen.finder.index == (first - 1) % expected
        await pilot.press("slash", *"zzzz-not-there", "enter")
        assert screen.finder.matches == []


async def test_search_finds_matches_split_by_wrapping() -> None:
    text = ("word " * 15 + "needle haystack " + "word " * 40) * 3
    app = ReaderApp([])
    async with app.run_test(size=(92, 30)) as pilot:
        from reader.core.document import Document

        await wait_for(pilot, lambda: library_ready(app))
        doc = Document(text=text, title="t", source="t.txt")
        app.open_document("t.txt", doc)
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen)
                       and app.screen.analysis is not None)
        screen = app.screen
        assert screen.finder.find("haystack word word word") == 3
        spans = screen.finder.matches
        assert any(screen.article.line_of(a) != screen.article.line_of(b - 1) for a, b in spans)


async def test_change_algorithm_and_length_live() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("a")  # auto -> lead
        assert screen.settings.algorithm == "lead"
        await wait_for(pilot, lambda: screen.summary.indices == [0, 1, 2, 3, 4])
        assert "Lead" in str(screen.query_one("#summary").border_title)
        await pilot.press("plus")
        await wait_for(pilot, lambda: screen.summary.indices == [0, 1, 2, 3, 4, 5])
        await pilot.press("minus", "minus")
        await wait_for(pilot, lambda: screen.summary.indices == [0, 1, 2, 3])
        await pilot.press("A")
        assert screen.settings.algorithm == "auto"
        await pilot.press("A")
        assert screen.settings.algorithm == "edmundson"
        await wait_for(pilot, lambda: not screen.busy and len(screen.summary.indices) == 4)


async def test_command_palette_changes_algorithm() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"use lexrank")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.settings.algorithm == "lexrank")
        await wait_for(pilot, lambda: "LexRank" in str(screen.query_one("#summary").border_title))


async def test_narrow_layout_stacks_summary_under_article() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=(90, 40)) as pilot:
        screen = await open_seed(pilot)
        assert screen.has_class("-narrow")
        article = screen.article.region
        summary = screen.query_one("#summary").region
        assert summary.y >= article.bottom
        assert summary.width >= article.width - 2


async def test_resize_keeps_reading_place() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=(120, 20)) as pilot:
        screen = await open_seed(pilot)
        screen.article.scroll_to(y=10, animate=False)
        await pilot.pause()
        before = screen.article.offset_at_top()
        await pilot.resize_terminal(70, 20)
        await pilot.pause(0.3)
        after = screen.article.offset_at_top()
        # The first visible line still holds the character that was at the top.
        view = screen.article
        assert view.line_of(before) == int(view.scroll_offset.y) or after == before


async def test_help_lists_bindings_with_ids() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = app.screen.rows()
        ids = " ".join(bid for *_, bid in rows)
        for bid in ("reading.toggle_entities", "reading.search", "reading.next_algorithm",
                    "app.quit", "app.help", "reading.highlight"):
            assert bid in ids
        sections = list(dict.fromkeys(sec for sec, *_ in rows))
        assert sections == ["Reading", "Listening", "Summary", "Marks", "Library", "App"]
        by_desc = {desc: (sec, keys) for sec, keys, desc, _ in rows}
        assert by_desc["Down / Up"] == ("Reading", "j / k")
        assert by_desc["Next match / Prev match"][0] == "Reading"
        assert by_desc["Highlight"][0] == "Marks"  # Enter, listed though no selection yet
        assert by_desc["Longer / Shorter"][0] == "Summary"
        for internal in ("Page Left", "Focus Previous", "Scroll Down", "Copy selected text"):
            assert not any(internal in desc for desc in by_desc), internal
        await pilot.press("escape")
        assert isinstance(app.screen, ReadingScreen)


def write_config(text: str) -> Path:
    path = Path(os.environ["READER_CONFIG_DIR"]) / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


async def test_remapped_key_from_config_file() -> None:
    write_config('[keys]\n"reading.toggle_entities" = "E"\n')
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("E")
        assert "entities" not in screen.article.layers
        await pilot.press("1")  # the default key no longer toggles
        assert "entities" not in screen.article.layers


async def test_bad_config_gives_a_notice_not_a_crash() -> None:
    write_config("[keys\nthis is = not toml")
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        assert any("not valid TOML" in n.message for n in notices(app))
        await pilot.press("1")
        assert "entities" not in screen.article.layers


async def test_theme_choice_is_remembered() -> None:
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: library_ready(app))
        # Textual's auto-focus can give the filter box the keys at start (see CHANGELOG);
        # this test is about the theme, so the list gets them.
        app.screen.table.focus()
        await pilot.pause()
        before = app.theme
        await pilot.press("T")
        await pilot.pause()
        chosen = app.theme
        assert chosen != before
    state = json.loads((Path(os.environ["READER_DATA_DIR"]) / "state.json").read_text())
    assert state["theme"] == chosen
    app2 = ReaderApp([])
    async with app2.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: library_ready(app2))
        assert app2.theme == chosen


async def test_hostile_text_is_shown_literally(tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text(
        "Title [bold red]x[/]\n"
        "Some [bold red]x[/] and [@click=app.quit]y[/] and [link=http://x]z[/link] here.\n"
        "Escape \x1b[2J clear and \x1b]0;pwned\x07 title and bell \x07 and C1 \x9b1m.\n",
        encoding="utf-8",
    )
    app = ReaderApp([str(evil)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        shown = rendered(screen.article)
        assert "[bold red]x[/]" in shown
        assert "[@click=app.quit]y[/]" in shown
        assert "␛[2J" in shown and "␛]0;pwned␇" in shown
        for bad in ("\x1b", "\x07", "\x9b"):
            assert bad not in shown
        title = str(screen.query_one("#title").render())
        assert "[bold red]x[/]" in title
        # Clicking through the summary of the hostile line does nothing but scroll.
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert app.is_running


async def test_switching_articles_cancels_stale_work() -> None:
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen)
                       and not app.screen.is_loading)
        await pilot.press("enter")
        first = app.screen
        assert isinstance(first, ReadingScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: library_ready(app))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: analysed(app))
        assert app.screen is not first
        assert all(w.is_cancelled or w.is_finished for w in first.workers)
        assert "Welcome" in first.document.title  # the newest first
        assert "China claims" in app.screen.document.title


@pytest.mark.parametrize("width", [20, 37, 80])
def test_wrap_covers_text_exactly(width: int) -> None:
    text = SEED.read_text(encoding="utf-8") + "\n\n宽字符的中文文本" * 20 + " emoji 🎉🎉 end"
    lines = wrap(text, width)
    from rich.cells import cell_len

    pos = 0
    for s, e in lines:
        assert s >= pos
        assert text[pos:s].strip() == ""
        assert cell_len(text[s:e]) <= width
        pos = e
    assert text[pos:].strip() == ""


async def test_wrapped_lines_fit_the_view_with_a_scrollbar() -> None:
    from rich.cells import cell_len

    app = ReaderApp([str(SEED)])
    async with app.run_test(size=(140, 30)) as pilot:  # short: the article scrolls
        screen = await open_seed(pilot)
        view = screen.article
        assert view.max_scroll_y > 0
        width = view.scrollable_content_region.width
        assert all(cell_len(view.text[s:e]) <= width for s, e in view.display_lines)
        assert view.max_scroll_x == 0


async def test_stdin_article_opens_directly() -> None:
    app = ReaderApp(["-"], stdin_bytes=b"Piped text arrives here. It has two sentences.")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        assert screen.source == "-"
        assert screen.document.text.startswith("Piped text arrives here.")
        await pilot.press("escape")
        await wait_for(pilot, lambda: library_ready(app))
        await wait_for(pilot, lambda: app.screen.table.row_count == 1)


async def test_cli_and_side_panel_show_the_same_groups_and_speakers(capsys) -> None:
    """One grouping (fullest names) and one speaker wording, in the CLI and the TUI."""
    from reader.cli import main

    assert main(["quotes", str(SEED)]) == 0
    quotes_out = capsys.readouterr().out
    assert main(["entities", str(SEED)]) == 0
    cli: dict[str, list[str]] = {}
    for line in capsys.readouterr().out.splitlines():
        label, _, names = line.strip().partition(": ")
        if label in ("PERSON", "ORGANIZATION", "LOCATION"):
            cli[label] = [n.replace(" ×", "  ×") if "×" in n else n for n in names.split(", ")]
    assert "Zhao Lijian ×3" in ", ".join(cli["PERSON"]).replace("  ×", " ×")
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        ents = screen.query_one("#entities")
        shown: dict[str, list[str]] = {}
        label = ""
        names = {"People": "PERSON", "Organisations": "ORGANIZATION", "Places": "LOCATION"}
        for i in range(ents.option_count):
            option = ents.get_option_at_index(i)
            text = str(option.prompt)
            if option.disabled:
                label = names.get(text.split(" (")[0], "")  # "" for the key phrases
                continue
            if not label:
                continue
            name = text.strip().removesuffix("  ×1")
            shown.setdefault(label, []).append(name)
        assert shown == cli
        quotes = screen.query_one("#quotes")
        options = [quotes.get_option_at_index(i) for i in range(quotes.option_count)]
        speakers = {str(o.prompt).split("  ")[0] for o in options
                    if (o.id or "").startswith("q")}
        rows = [str(o.prompt).strip() for o in options if (o.id or "").startswith("who")]
        headers = [str(o.prompt) for o in options if o.disabled]
    cli_speakers = {line.rsplit(" — ", 1)[1] for line in quotes_out.splitlines()
                    if " — " in line}
    assert speakers == cli_speakers
    # One row per person, as the CLI's "-- speakers" lists them, above the quotations.
    cli_rows = quotes_out.split("-- speakers")[1].splitlines()[1:]
    assert rows == [r.strip().replace(" ×", "  ×") for r in cli_rows if r.strip()]
    assert headers == [f"Speakers ({len(rows)})", f"Quotations ({len(screen.analysis.quotes)})"]
    assert "unknown" not in quotes_out


def _book(tmp_path: Path) -> Path:
    chapters = []
    for i in range(1, 7):
        body = "\n\n".join(f"Paragraph {j} of chapter {i} tells of the harbour and its boats. "
                           f"The keeper counted {j} ships that morning." for j in range(12))
        chapters.append(f"CHAPTER {i}.\n\n{body}")
    path = tmp_path / "book.txt"
    path.write_text("The Harbour Book\n\n" + "\n\n".join(chapters) + "\n", encoding="utf-8")
    return path


async def test_escape_closes_the_list_first_then_leaves(tmp_path: Path) -> None:
    app = ReaderApp([str(_book(tmp_path))])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: screen.side.current_list.has_focus)
        await pilot.press("escape")  # the list first: the keys go back to the text
        await pilot.pause()
        assert app.screen is screen and screen.article.has_focus
        await pilot.press("l")
        await wait_for(pilot, lambda: screen.summary.has_focus)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.article.has_focus
        await pilot.press("escape")  # then the article
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))


async def test_a_chapter_chosen_in_the_contents_gives_the_keys_back_to_its_text(
        tmp_path: Path) -> None:
    from reader.ui.dialogs.notes import NoteEditor

    app = ReaderApp([str(_book(tmp_path))])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("t")
        contents = screen.query_one("#contents")
        await wait_for(pilot, lambda: contents.has_focus)
        await pilot.press("j", "j", "enter")  # chapter 3
        await pilot.pause()
        third = screen.document.chapters[2]
        assert screen.article.has_focus
        assert screen.article.offset_at_top() == third[0]
        await pilot.press("j")  # moves the text, not an invisible cursor in the list
        await pilot.pause()
        assert screen.article.offset_at_top() > third[0]
        await pilot.press("k", "right_curly_bracket")  # chapter 4, then a bookmark
        await pilot.pause()
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor))
        shown = str(app.screen.query_one("#note-context").render())
        assert "CHAPTER 4" not in shown and "Paragraph 0 of chapter 4" in shown


async def test_a_gutenberg_book_opens_past_its_licence_header(tmp_path: Path) -> None:
    from ..core.test_analysis import _gutenberg_book

    path = tmp_path / "harbour.txt"
    path.write_text(_gutenberg_book(), encoding="utf-8")
    app = ReaderApp([str(path)])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(pilot)
        start = screen.document.reading_start
        assert start > 0
        await wait_for(pilot, lambda: screen.article.offset_at_top() == start)


async def test_in_a_narrow_terminal_p_gives_the_text_the_whole_screen() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(pilot)
        assert screen.has_class("-narrow")
        from textual.widgets import Footer

        # The footer comes a moment after the text (then the text is a line shorter).
        await wait_for(pilot, lambda: bool(screen.query(Footer)))
        await pilot.pause()
        with_summary = screen.article.size.height
        await pilot.press("p")  # the side panel in the summary's place
        await pilot.pause()
        assert screen.has_class("-side-shown") and screen.side.current_list.has_focus
        await pilot.press("p")  # the text alone
        await pilot.pause()
        assert not screen.query_one("#sidebar").display or not screen.query_one(
            "#sidebar").region.height
        assert screen.article.size.height > with_summary + 5 and screen.article.has_focus
        await pilot.press("p")  # the summary again
        await pilot.pause()
        assert screen.summary.region.height > 0
        assert screen.article.size.height == with_summary


async def test_time_left_in_the_chapter_and_the_book_at_the_readers_pace(
        tmp_path: Path) -> None:
    from reader import config
    from reader.ui.widgets.common import StatusLine

    app = ReaderApp([str(_book(tmp_path))])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        status = str(screen.query_one("#status", StatusLine).text)
        assert "min left in chapter" in status and "in all" in status
        pace, chars = screen.pace, screen.pace._chars_per_word()
        assert pace.words_per_minute == 230  # until it is learnt
        pace.sample(0, now=1000.0)
        pace.sample(int(300 * chars), now=1030.0)
        pace.sample(int(600 * chars), now=1090.0)  # 600 words in 1.5 minutes: 400 a minute
        assert round(pace.words_per_minute) == round(0.8 * 230 + 0.2 * 400)
        assert config.load_state()["words_per_minute"] == pace.words_per_minute  # kept
        pace.sample(int(700 * chars), now=1500.0)  # after a long pause: a new stretch
        pace.sample(int(9000 * chars), now=1560.0)  # skimming, not reading: not learnt
        assert round(pace.words_per_minute) == round(0.8 * 230 + 0.2 * 400)


async def test_the_contents_show_where_each_chapter_starts_and_the_current_one(
        tmp_path: Path) -> None:
    app = ReaderApp([str(_book(tmp_path))])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("right_curly_bracket", "right_curly_bracket")  # chapter 2
        await pilot.pause()
        await pilot.press("t")
        contents = screen.query_one("#contents")
        await wait_for(pilot, lambda: contents.has_focus)
        assert contents.highlighted == 1  # the chapter being read
        rows = [str(contents.get_option_at_index(k).prompt) for k in range(6)]
        text = screen.document.text
        assert rows[0].startswith("CHAPTER 1.") and rows[0].endswith(
            f"{screen.document.chapters[0][0] / len(text):.0%}")
        assert rows[5].endswith(f"{screen.document.chapters[5][0] / len(text):.0%}")
