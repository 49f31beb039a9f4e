"""A newcomer's rough edges (first batch): clear CLI words, counts that read well, limits
that match the article."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.core.library import Store
from reader.core.textsafe import plural, reading_time
from reader.ui.app import ReaderApp
from reader.ui.screens.library import LibraryScreen

from ..conftest import SEED, SIZE, library_ready, notices, open_seed, wait_for


@pytest.mark.parametrize("argv,needle", [
    (["summarise", "file.md"], "unknown command 'summarise' (did you mean 'summarize'?)"),
    (["bookmark", "list"], "(did you mean 'bookmarks'?)"),
    (["frobnicate"], "unknown command 'frobnicate'; commands: summarize"),
])
def test_unknown_commands_are_usage_errors(argv: list[str], needle: str, capsys) -> None:
    assert main(argv) == 2
    assert needle in capsys.readouterr().err


def test_locate_help_and_empty_things_say_something(tmp_path: Path, capsys) -> None:
    assert main(["locate", "--help"]) == 0
    assert "usage: reader locate" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    assert main(["summarize", str(tmp_path / "empty")]) == 1
    assert "no articles in this folder" in capsys.readouterr().err
    assert main(["bookmarks", "list"]) == 0
    assert "no bookmarks yet" in capsys.readouterr().out
    assert main(["bookmarks", "list", "--filter", "zzz"]) == 0
    assert "match" in capsys.readouterr().out


def test_feeds_add_twice_and_remove_say_what_happened(capsys) -> None:
    url = "http://127.0.0.1:9/feed.xml"  # never fetched: it is already subscribed
    with Store() as store:
        store.feeds.add(url, "F")
    assert main(["feeds", "add", url]) == 0
    assert f"already subscribed to {url}" in capsys.readouterr().out
    assert main(["feeds", "remove", url]) == 0
    assert f"unsubscribed from {url}" in capsys.readouterr().out


def test_counts_and_reading_times_read_well() -> None:
    assert plural(1, "sentence") == "1 sentence" and plural(2, "item") == "2 items"
    assert plural(1000, "article") == "1,000 articles"
    assert reading_time(0) == "" and reading_time(10) == "1 min"
    assert reading_time(230 * 542) == "9 h 2 min" and reading_time(230 * 120) == "2 h"


@pytest.mark.parametrize("name, why", [("no-such-file.txt", "no such file"),
                                       ("binary.txt", "binary data")])
async def test_a_file_that_cannot_be_opened_is_reported_once_in_the_library(
        tmp_path: Path, name: str, why: str) -> None:
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 64)  # opened alone, then fails
    app = ReaderApp([str(tmp_path / name)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen)
                       and not app.screen.is_loading)
        await pilot.pause(0.5)
        assert isinstance(app.screen, LibraryScreen)
        errors = [n for n in notices(app) if why in n.message]
        assert len(errors) == 1


async def test_longer_summary_stops_at_the_article_length() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        most = len(screen.analysis.eligible)
        for _ in range(most + 5):
            await pilot.press("plus")
        assert screen.settings.sentences == most
        await wait_for(pilot, lambda: len(screen.summary.indices) == most)


async def test_search_matches_a_phrase_across_a_line_break_in_the_source(tmp_path) -> None:
    from reader.ui.screens.reading import ReadingScreen

    book = tmp_path / "book.txt"
    book.write_text("She was always cautious in\nher praise of others. Later she was\n"
                    "cautious  in her praise again, and CAUTIOUS IN HER PRAISE once more.\n",
                    encoding="utf-8")
    app = ReaderApp([str(book)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen)
                       and app.screen.analysis_done)
        screen = app.screen
        await pilot.press("slash", *"cautious in her praise", "enter")
        assert len(screen.finder.matches) == 3
        s, e = screen.finder.matches[0]
        assert screen.article.text[s:e] == "cautious in\nher praise"


async def test_keys_reach_the_quotes_and_entities_lists() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("quotation_mark")
        assert screen.side.active == "tab-quotes"
        assert app.focused is screen.query_one("#quotes")
        await pilot.press("e")
        assert app.focused is screen.query_one("#entities")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: hasattr(app.screen, "rows"))
        rows = {desc: keys for _, keys, desc, _ in app.screen.rows()}
        assert rows["Entities list / Quotes list"] == 'e / "'


async def test_escape_clears_a_search_before_leaving() -> None:
    from reader.ui.screens.reading import ReadingScreen

    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("slash", *"ukraine", "enter")
        assert screen.finder.matches
        await pilot.press("escape")
        assert screen.finder.matches == [] and screen.finder.query == ""
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: library_ready(app))


def test_exports_read_well(capsys) -> None:
    assert main(["bookmarks", "add", str(SEED), "--sentence", "3", "--tag", "china",
                 "--note", "# My take\nmore"]) == 0
    capsys.readouterr()
    assert main(["bookmarks", "export"]) == 0
    md = capsys.readouterr().out
    assert "\n### My take\n" in md and "\n# My take" not in md
    assert main(["bookmarks", "list"]) == 0
    listing = capsys.readouterr().out
    assert "#china" in listing and "(sample: 000_933dac8c70da918c.txt)" in listing
    with Store() as store:
        store.feeds.add("http://127.0.0.1:9/a.xml", "A")
    assert main(["feeds", "export"]) == 0
    assert "\n  <head>" in capsys.readouterr().out  # indented


async def test_config_says_when_a_binding_is_unknown_or_collides() -> None:
    from reader.config import config_path

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\n"reading.no_such_thing" = "x"\n"reading.search" = "n"\n'
                    '"reading.toggle_entities" = "E"\n', encoding="utf-8")
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        messages = [n.message for n in notices(app)]
        assert any("unknown binding id 'reading.no_such_thing'" in m for m in messages)
        assert any("'reading.search' is set to 'n', which 'reading.next_match' also uses" in m
                   for m in messages)
        assert not any("toggle_entities" in m for m in messages)  # a free key is fine


def test_feed_dates_are_shown_one_way_and_sorted_as_dates(capsys) -> None:
    from reader.core.dates import display_date

    assert display_date("2019-11-20") == "20 Nov 2019"
    assert display_date("not a date") == "not a date"
    url = "http://127.0.0.1:9/f.xml"
    with Store() as store:
        store.feeds.add(url, "F")
        store.feeds.add_items(url, [
            {"guid": "a", "link": "http://127.0.0.1:9/a", "title": "Wednesday",
             "published": "Wed, 20 Nov 2019 10:00:00 +0000"},
            {"guid": "b", "link": "http://127.0.0.1:9/b", "title": "Thursday",
             "published": "Thu, 21 Nov 2019 10:00:00 +0000"},
            {"guid": "c", "link": "http://127.0.0.1:9/c", "title": "Monday",
             "published": "Mon, 18 Nov 2019 10:00:00 +0000"},
        ])
        assert [i.title for i in store.feeds.items()] == ["Thursday", "Wednesday", "Monday"]
    assert main(["feeds", "list", "--items"]) == 0
    out = capsys.readouterr().out
    assert "21 Nov 2019" in out and "Thu, 21" not in out


async def test_switching_theme_recolours_the_article() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        view = screen.article

        def backgrounds() -> set:
            return {seg.style.bgcolor for y in range(5) for seg in view.render_line(y)
                    if seg.style is not None and seg.style.bgcolor is not None}

        app.theme = "textual-dark"
        await pilot.pause(0.3)
        dark = backgrounds()
        app.theme = "textual-light"
        await pilot.pause(0.3)
        light = backgrounds()
        assert dark and light and dark != light
        surface = app.current_theme.surface
        assert any(c.triplet is not None and c.triplet.hex.lower() == surface.lower()
                   for c in light)


async def test_narrow_terminal_reaches_entities_and_quotes() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(pilot)
        assert not screen.side.display or screen.side.region.height == 0
        await pilot.press("p")
        await pilot.pause()
        assert screen.side.region.height > 0 and screen.summary.region.height == 0
        assert app.focused is screen.query_one("#entities")
        await pilot.press("p")  # the text alone, then the summary again
        await pilot.pause()
        assert screen.summary.region.height == 0 and screen.side.region.height == 0
        await pilot.press("p")
        await pilot.pause()
        assert screen.summary.region.height > 0 and screen.side.region.height == 0
        await pilot.press("quotation_mark")
        await pilot.pause()
        assert screen.side.active == "tab-quotes" and screen.side.region.height > 0
        assert app.focused is screen.query_one("#quotes")


async def test_sentence_numbers_count_from_one_in_the_reader_and_the_cli(capsys) -> None:
    """The TUI's "Bookmarked sentence 4" and the CLI's list name the same number."""
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        screen.mark_sentence(3)
        await pilot.pause()
        await pilot.press("m")
        await wait_for(pilot, lambda: app.screen is not screen)
        await pilot.press("f2")
        await wait_for(pilot, lambda: any("Bookmarked sentence 4" in n.message
                                          for n in notices(app)))
        await wait_for(pilot, lambda: len(screen.article.marks.bookmarks) == 1)
    assert main(["bookmarks", "list"]) == 0
    assert "sentence 4:" in capsys.readouterr().out
    assert main(["bookmarks", "add", str(SEED), "--sentence", "4", "--to", "5"]) == 0
    capsys.readouterr()
    assert main(["bookmarks", "list", "--format", "json"]) == 0
    import json

    marks = json.loads(capsys.readouterr().out)
    assert {(m["sentence"], m["last_sentence"]) for m in marks} == {(3, 3), (3, 4)}
    assert main(["bookmarks", "add", str(SEED), "--sentence", "0"]) == 1
    assert "out of range (1..25)" in capsys.readouterr().err
    assert main(["summarize", str(SEED), "--algorithm", "lead", "--sentences", "1"]) == 0
    assert "  [1] China" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["entities", "quotes"])
def test_marks_commands_refuse_summary_options_they_would_ignore(command: str, capsys) -> None:
    assert main([command, str(SEED), "--algorithm", "lsa"]) == 2
    assert "unrecognized arguments: --algorithm" in capsys.readouterr().err
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "http(s) URL" in out and "--sentences" not in out


def test_summarize_help_describes_every_option(capsys) -> None:
    assert main(["summarize", "--help"]) == 0
    out = capsys.readouterr().out
    for needle in ("a folder", "- for stdin", "one of auto, lead", "--language", "jsonl (one"):
        assert needle in out, needle


def _burst(app, *keys: str) -> None:
    """Post keys all at once, as a paste or fast typing delivers them (Pilot waits between
    presses, which hides ordering bugs)."""
    from textual import events

    names = {"/": "slash", " ": "space"}
    for key in keys:
        char = key if len(key) == 1 else None
        app.post_message(events.Key(names.get(key, key), char))


async def test_keys_in_one_burst_go_where_they_were_typed() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        _burst(app, *"/quote")  # "q" must not quit
        await wait_for(pilot, lambda: screen.search_bar.value == "quote")
        assert app.is_running
        _burst(app, "ctrl+u", *"xyz")  # letters after ctrl+u are kept
        await wait_for(pilot, lambda: screen.search_bar.value == "xyz")
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: library_ready(app))
        _burst(app, *"/welcome")
        filt = app.screen.query_one("#filter")
        await wait_for(pilot, lambda: filt.value == "welcome")
        assert app.is_running


async def test_narrow_library_and_marks_keep_every_column_cut_with_an_ellipsis() -> None:
    assert main(["bookmarks", "add", str(SEED), "--sentence", "4", "--note", "a note about it",
                 "--tag", "china"]) == 0
    app = ReaderApp([])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen)
                       and app.screen.table.row_count >= 2)
        table = app.screen.table
        labels = [str(c.label) for c in table.columns.values()]
        assert labels == [" ", "Title", "Source", "Words", "Read time"]
        assert sum(c.width + 2 for c in table.columns.values()) <= 80
        cells = [str(table.get_row_at(r)[1]) for r in range(table.row_count)]
        assert any(c.split("\n")[0].endswith("…") for c in cells)  # the long title, cut visibly
        await pilot.press("B")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "MarksScreen"
                       and app.screen.table.row_count == 1)
        marks = app.screen.table
        assert [str(c.label) for c in marks.columns.values()] == [
            " ", "Article", "Passage", "Note", "Tags"]
        assert sum(c.width + 2 for c in marks.columns.values()) <= 80
        assert str(marks.get_row_at(0)[4]) == "china"


async def test_bookmark_dialog_fits_a_60_by_20_terminal() -> None:
    from textual.widgets import Button, Input

    from reader.ui.dialogs.notes import NoteEditor

    app = ReaderApp([str(SEED)])
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ReadingScreen"
                       and app.screen.analysis is not None)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.pause()
        for widget in (app.screen.query_one("#note-tags", Input),
                       app.screen.query_one("#save", Button)):
            region = widget.region
            assert region.height > 0 and region.y + region.height <= 20, widget


GUTENBERG_LIKE = "\n\n".join(
    "\n".join(
        f"line {p}.{i} of a paragraph that runs on to the wrap width of its old"[:68]
        for i in range(5)) + "\nshort end."
    for p in range(6))


def test_hard_wrapped_text_reflows_but_keeps_its_paragraphs() -> None:
    from reader.core.analysis.paragraphs import soft_breaks
    from reader.ui.widgets.wrapping import wrap

    soft = soft_breaks(GUTENBERG_LIKE)
    text = GUTENBERG_LIKE
    assert soft and all(text[i] == "\n" for i in soft)
    assert not any(text[i + 1] == "\n" or text[i - 1] == "\n" for i in soft)  # never a blank
    lines = wrap(text, 120, soft)
    joined = [text[s:e] for s, e in lines if "\n" in text[s:e]]
    assert joined and max(e - s for s, e in lines) <= 120
    assert len([s for s, e in lines if s == e]) == 5  # the blank lines between paragraphs
    # A text that is not hard-wrapped (one paragraph a line) is left alone.
    assert soft_breaks("\n".join(["A sentence that is a paragraph."] * 30)) == frozenset()


async def test_wide_terminal_centres_a_comfortable_measure(tmp_path) -> None:
    path = tmp_path / "book.txt"
    path.write_text(GUTENBERG_LIKE, encoding="utf-8")
    app = ReaderApp([str(path)])
    async with app.run_test(size=(250, 40)) as pilot:
        view = (await open_seed(pilot)).article
        widths = [e - s for s, e in view.display_lines]
        assert max(widths) <= 88 and max(widths) > 70  # reflowed past the source's 68
        line = view.render_line(0).text
        assert line.startswith(" " * 10) and line.strip().startswith("line 0.0")


async def test_reading_settings_from_the_config_file() -> None:
    import os

    path = Path(os.environ["READER_CONFIG_DIR"]) / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[reading]\nmax_width = 0\nreflow = false\ncolour = 3\n", encoding="utf-8")
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=(250, 40)) as pilot:
        screen = await open_seed(pilot)
        assert screen.article.max_width is None and screen.article.reflow is False
        await wait_for(pilot, lambda: any("unknown setting reading.colour" in n.message
                                          for n in notices(app)))


MARKDOWN = """# Field notes

Intro with a [link](https://example.com/a) and **bold [inner](http://x.y/b) text**.
The committee met on Monday and agreed on a plan for the harbour.

## Section two

- The mayor said the plan "will change the harbour for good".
- Nobody else spoke.

```python
print("not a quote at all, only code that prints a string")
```

The harbour plan goes to a vote next week, officials said on Tuesday.
"""


def test_markdown_structure_is_not_summarised_or_quoted_and_links_are_kept(tmp_path,
                                                                         capsys) -> None:
    import json

    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    assert main(["analyze", str(path), "--format", "json", "--sentences", "10"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    text = row["text"]
    kinds = {text[s["start"]:s["end"]]: s["kind"] for s in row["structure"]}
    assert kinds["Field notes"] == kinds["Section two"] == "heading"
    assert kinds['print("not a quote at all, only code that prints a string")'] == "code"
    summary = [s["text"] for s in row["summary"]]
    assert summary and not any(t in ("Field notes", "Section two") or "print(" in t
                               for t in summary)
    quotes = [q["text"] for q in row["quotes"]]
    assert '"will change the harbour for good"' in quotes
    assert not any("not a quote" in q for q in quotes)
    links = {text[x["start"]:x["end"]]: x["url"] for x in row["links"]}
    assert links == {"link": "https://example.com/a", "inner": "http://x.y/b"}
    assert "#" not in text and "**" not in text and "```" not in text


def test_welcome_lists_the_algorithms_in_the_order_a_cycles_them() -> None:
    from reader.core.analysis.summarize import ALGORITHM_NAMES, ALGORITHMS
    from reader.core.sources.files import seeds_dir

    welcome = (seeds_dir() / "001_welcome.md").read_text(encoding="utf-8")
    names = [ALGORITHM_NAMES[a].split(" (")[0] for a in ALGORITHMS[1:]]
    positions = [welcome.index(name) for name in names]
    assert positions == sorted(positions)


async def test_side_lists_show_their_cursor_when_focused() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await wait_for(pilot, lambda: screen.query_one("#entities").option_count > 0)
        await pilot.press("e")
        ents = screen.query_one("#entities")
        await wait_for(pilot, lambda: ents.highlighted is not None)
        assert not ents.get_option_at_index(ents.highlighted).disabled  # a name, not a header
        await pilot.press("quotation_mark")
        quotes = screen.query_one("#quotes")
        await wait_for(pilot, lambda: quotes.highlighted is not None)


def test_punkt_loads_without_the_rest_of_nltk_and_nltk_still_works_after() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from reader.core.analysis.sentences import split_sentences\n"
        "assert split_sentences('Mr. Smith went home. He slept.') == [(0, 20), (21, 30)]\n"
        "assert 'nltk' not in sys.modules, 'the NLTK package was imported'\n"
        "assert 'nltk.parse' not in sys.modules and 'numpy' not in sys.modules\n"
        "assert not [f for f in sys.meta_path if 'reader' in type(f).__module__]\n"  # no hook
        "from reader.core.analysis.summarize import complete_nltk\n"
        "complete_nltk()\n"
        "import sumy.summarizers.lsa\n"  # a later user of NLTK gets the real package
        "import nltk\n"
        "assert nltk.tokenize.punkt is sys.modules['nltk.tokenize.punkt']\n"
        "assert 'scipy.stats' not in sys.modules\n"
        "assert nltk.data.path and callable(nltk.word_tokenize)\n"
        "from reader.core.analysis.summarize import summarize\n"
        "t = 'One cat sat. A dog ran far. The cat slept well. Birds sang loudly today.'\n"
        "assert len(summarize(t, split_sentences(t), algorithm='lsa', count=2,"
        " engine='sumy')) == 2\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]


async def test_the_last_summary_sentence_is_shown_whole() -> None:
    """Issue 15, item 6: with the summary at the article's length, G in the summary shows
    the last sentence to its last line ("peninsula of Russia.")."""
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        most = len(screen.analysis.eligible)
        for _ in range(most):
            await pilot.press("plus")
        await wait_for(pilot, lambda: len(screen.summary.indices) == most)
        summary = screen.summary
        summary.focus()
        await pilot.press("G")
        await pilot.pause(0.2)
        assert summary.highlighted == summary.option_count - 1
        assert summary.scroll_offset.y == summary.max_scroll_y > 0
        shown = "\n".join("".join(seg.text for seg in strip)
                          for strip in (summary.render_line(y)
                                        for y in range(summary.scrollable_content_region.height)))
        assert "peninsula of Russia." in shown


def test_feeds_import_says_how_to_fetch_what_it_added(tmp_path: Path, capsys) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>'
                    '<outline type="rss" text="Harbour" xmlUrl="http://127.0.0.1:9/f.xml"/>'
                    "</body></opml>", encoding="utf-8")
    assert main(["feeds", "import", str(opml)]) == 0
    out = capsys.readouterr().out
    assert "imported 1 feed" in out and "'reader feeds refresh' fetches them" in out
    assert main(["feeds", "import", str(opml)]) == 0  # nothing new: nothing to fetch
    assert "refresh" not in capsys.readouterr().out


async def test_the_editor_says_f2_in_its_button_and_its_footer() -> None:
    from textual.widgets import Button

    from reader.ui.dialogs.notes import NoteEditor

    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteEditor))
        editor = app.screen
        assert str(editor.query_one("#save", Button).label) == "Save (F2)"
        await wait_for(pilot, lambda: any(k.description == "Save" for k in
                                          editor.query("FooterKey")))
        (save,) = [k for k in editor.query("FooterKey") if k.description == "Save"]
        assert save.key == "f2" and "F2" in save.key_display.upper()
        await pilot.press(*"kept", "f2")
        await wait_for(pilot, lambda: app.screen is screen)


async def test_escape_in_the_marks_filter_returns_to_the_list_and_a_mark_returns_to_it(
        ) -> None:
    from reader.ui.screens.marks import MarksScreen
    from reader.ui.screens.reading import ReadingScreen

    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        screen.mark_sentence(3)
        await pilot.press("m", "f2")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("B")
        await wait_for(pilot, lambda: isinstance(app.screen, MarksScreen))
        marks = app.screen
        await wait_for(pilot, lambda: len(marks.rows) == 1)
        await pilot.press("slash", *"China")
        await pilot.press("escape")  # out of the filter, to the list; the filter is kept
        await wait_for(pilot, lambda: marks.table.has_focus)
        assert app.screen is marks and marks.query_one("#marks-filter").value == "China"
        await pilot.press("enter")  # open the mark over the list
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen)
                       and app.screen is not screen and app.screen.analysis_done)
        await pilot.press("escape")  # back to the list it came from
        await wait_for(pilot, lambda: app.screen is marks)
        await pilot.press("escape")  # and from the list to the article
        await wait_for(pilot, lambda: app.screen is screen)


async def test_summary_settings_from_the_config_file_reach_the_cli_and_the_reader(
        capsys) -> None:
    import json
    import os

    from reader.cli import main

    path = Path(os.environ["READER_CONFIG_DIR"]) / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[summary]\nalgorithm = "lexrank"\nsentences = 2\n', encoding="utf-8")
    assert main(["summarize", str(SEED), "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["algorithm"] == "lexrank" and len(row["summary"]) == 2
    assert main(["summarize", str(SEED), "-a", "luhn", "--format", "json"]) == 0  # flags win
    assert json.loads(capsys.readouterr().out)[0]["algorithm"] == "luhn"
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        assert screen.settings.algorithm == "lexrank" and len(screen.summary.indices) == 2
    path.write_text('[summary]\nalgorithm = "nope"\n', encoding="utf-8")
    assert main(["summarize", str(SEED)]) == 0
    assert "summary.algorithm must be one of" in capsys.readouterr().err


async def test_plain_text_emphasis_is_italic_without_its_underscores(tmp_path) -> None:
    path = tmp_path / "emma.txt"
    path.write_text("Emma\n\nShe was _quite_ sure of it, and _more\nthan_ that.\n\n"
                    "Code like snake_case stays.\n", encoding="utf-8")
    app = ReaderApp([str(path)])
    async with app.run_test(size=(100, 24)) as pilot:
        view = (await open_seed(pilot)).article
        assert view.text.count("_") == 5  # the text is unchanged
        strips = [view.render_line(y) for y in range(6)]
        shown = "\n".join(strip.text for strip in strips)
        assert "She was quite sure of it" in shown and "snake_case" in shown
        assert "_quite_" not in shown and "_more" not in shown
        italic = "".join(seg.text for strip in strips for seg in strip
                         if seg.style is not None and seg.style.italic)
        assert "quite" in italic and "more" in italic and "than" in italic
        assert "sure" not in italic
