"""``reader FILE``: the article is analysed by a child process forked before Textual starts,
and the reading screen takes its results (or does the work itself when they do not fit)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.analysis import (
    Analysis,
    Settings,
    entities_and_quotes,
    segment,
    summarize_analysis,
)
from reader.core.analysis.pipeline import (
    Loaded,
    Marked,
    Segmented,
    Summarised,
    SummaryFailed,
)
from reader.core.preanalysis import Pending, _send
from reader.core.sources import load
from reader.ui.app import ReaderApp

from ..conftest import SEED, SIZE, open_seed, wait_for

fork_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


@fork_only
def test_the_child_sends_what_the_screen_would_compute() -> None:
    # In a fresh interpreter (as `reader FILE` is: no threads yet when it forks).
    code = (
        "import json, sys\n"
        "from reader.core import preanalysis\n"
        "pre = preanalysis.start(sys.argv[1])\n"
        "assert pre is not None and pre.pid != 0\n"
        "loaded, first, summary = pre.get('load'), pre.get('sentences'), pre.get('summary')\n"
        "marks = pre.get('marks')\n"
        "print(json.dumps({'spans': first.spans, 'picks': [p.index for p in summary.picks],\n"
        "  'title': loaded.document.title, 'entities': [e.text for e in marks.entities],\n"
        "  'quotes': [q.text for q in marks.quotes]}))\n")
    run = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True,
                         text=True, timeout=120, env=os.environ)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    doc = load(str(SEED))
    spans, paras = segment(doc)
    settings = Settings()
    entities, quotes = entities_and_quotes(doc, spans)
    assert got["title"] == doc.title
    assert [tuple(s) for s in got["spans"]] == spans
    assert got["picks"] == [p.index for p in summarize_analysis(
        Analysis(doc, settings, spans, paras), settings)]
    assert got["entities"] == [e.text for e in entities] and got["entities"]
    assert got["quotes"] == [q.text for q in quotes]


def test_no_child_when_it_is_turned_off(monkeypatch) -> None:
    from reader.core import preanalysis

    monkeypatch.setenv("READER_NO_PREANALYSIS", "1")
    assert preanalysis.start(str(SEED)) is None


def _pending_from(tmp_path: Path, *messages) -> Pending:
    """A Pending fed by this process (standing in for the child) through a real pipe."""
    read_end, write_end = os.pipe()
    for message in messages:
        _send(write_end, message)
    os.close(write_end)
    proc = subprocess.Popen([sys.executable, "-c", "pass"])  # a pid to reap
    return Pending(str(SEED), proc.pid, read_end)


async def test_the_screen_takes_the_childs_summary_and_marks(tmp_path: Path) -> None:
    doc = load(str(SEED))
    spans, paras = segment(doc)
    last = len(spans) - 1  # a summary the screen itself would never choose
    from reader.core.analysis.summarize import Pick

    pre = _pending_from(tmp_path, Loaded(doc), Segmented("english", spans, paras),
                        Summarised(Settings(), [Pick(last, 1.0)]), Marked("english", [], [], []))
    app = ReaderApp([str(SEED)], preanalysis=pre)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        assert screen.summary.indices == [last]
        assert screen.side.mentions == {}  # the child's (empty) entities, not recomputed
        assert app.preanalysis is None  # taken once
        # The footer comes after the summary, with the keys in it.
        await wait_for(pilot, lambda: "Library" in [str(k.description) for k in
                                                    screen.query("FooterKey")])
        await pilot.press("escape")  # the list is built when the reader goes back to it
        await wait_for(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")


async def test_a_child_with_other_settings_or_none_at_all_is_not_trusted(
        tmp_path: Path) -> None:
    doc = load(str(SEED))
    spans, paras = segment(doc)
    from reader.core.analysis.summarize import Pick

    other = Settings(sentences=1)
    pre = _pending_from(tmp_path, Loaded(doc), Segmented("english", spans, paras),
                        Summarised(other, [Pick(len(spans) - 1, 1.0)]))
    app = ReaderApp([str(SEED)], preanalysis=pre)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        settings = Settings()
        own = summarize_analysis(Analysis(doc, settings, spans, paras), settings)
        assert screen.summary.indices == sorted(p.index for p in own)
        assert screen.side.mentions  # the child died before its marks: found here instead
    for sent in ((), (Loaded(doc),)):  # the child sent nothing, or only the document
        pre = _pending_from(tmp_path, *sent)
        app = ReaderApp([str(SEED)], preanalysis=pre)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_seed(pilot)
            assert screen.document.title == doc.title and screen.summary.indices


async def test_the_first_frame_shows_the_article_and_the_childs_summary(tmp_path: Path) -> None:
    from reader.core.document import Document

    text = ("The harbour \x1b[31mopened\x1b[0m at dawn. " + "Boats came in one by one. " * 5
            + "\n\nThe keeper counted them all. The gulls followed.")
    doc = Document(text=text, title="Harbour \x07news", source=str(SEED))
    spans, paras = segment(doc)
    from reader.core.analysis.summarize import Pick

    pre = _pending_from(tmp_path, Loaded(doc), Segmented("english", spans, paras),
                        Summarised(Settings(), [Pick(len(spans) - 1, 1.0), Pick(0, 0.5)]))
    app = ReaderApp([str(SEED)], preanalysis=pre)
    async with app.run_test(size=SIZE) as pilot:
        look = app.screen_stack[0].query_one("#first-look")
        title = str(look.query_one("#title").render())
        article, summary = (
            "\n".join("".join(seg.text for seg in widget.render_line(y)).strip()
                      for y in range(widget.scrollable_content_region.height))
            for widget in (look.query_one("#article"), look.query_one("#summary")))
        assert "Harbour ␇news" in title and "sample:" in title
        assert article.startswith("The harbour ␛[31mopened␛[0m at dawn.")  # data, not codes
        assert "\x1b" not in article + summary + title
        first, last = text[slice(*spans[0])], text[slice(*spans[-1])]
        assert last == "The gulls followed."
        assert summary.index(first.split()[-1]) < summary.index(last)  # in document order
        await open_seed(pilot)  # then the reading screen takes its place


async def test_no_first_look_without_a_childs_summary(tmp_path: Path) -> None:
    doc = load(str(SEED))
    # No child; one that sent nothing; one still working on the sentences (a book).
    for pre in (None, _pending_from(tmp_path), _pending_from(tmp_path, Loaded(doc))):
        app = ReaderApp([str(SEED)], preanalysis=pre)
        async with app.run_test(size=SIZE) as pilot:
            assert not app.screen_stack[0].query("#first-look")
            assert app.screen_stack[0].query("#splash")
            await open_seed(pilot)


async def test_a_books_text_is_shown_while_the_child_works_on(tmp_path: Path) -> None:
    """The document comes first: the text is on screen before the sentences are."""
    doc = load(str(SEED))
    read_end, write_end = os.pipe()
    _send(write_end, Loaded(doc))  # the pipe stays open: the child is still splitting
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    pre = Pending(str(SEED), proc.pid, read_end)
    app = ReaderApp([str(SEED)], preanalysis=pre)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "document", None) is not None)
        screen = app.screen
        await wait_for(pilot, lambda: not screen.article.held)  # its place looked up
        assert screen.analysis is None  # the text, before any sentence
        assert "China" in "".join(seg.text for seg in screen.article.render_line(0))
        spans, paras = segment(doc)
        _send(write_end, Segmented("english", spans, paras))
        _send(write_end, SummaryFailed(Settings(), "the child ran out of something"))
        _send(write_end, Marked("english", [], [], []))
        os.close(write_end)
        await open_seed(pilot)
        assert screen.summary.indices  # the child's summary failed: made here


async def test_keys_typed_during_the_first_look_reach_the_screen_behind_it(
        tmp_path: Path, monkeypatch) -> None:
    from reader.core.analysis.summarize import Pick
    from reader.ui.screens.help import HelpScreen
    from reader.ui.screens.reading import ReadingScreen

    doc = load(str(SEED))
    spans, paras = segment(doc)
    pre = _pending_from(tmp_path, Loaded(doc), Segmented("english", spans, paras),
                        Summarised(Settings(), [Pick(0, 1.0)]))
    real_start = ReaderApp._start

    def slow_start(self) -> None:  # the reading screen comes a moment after the first look
        self.set_timer(0.5, lambda: real_start(self))

    monkeypatch.setattr(ReaderApp, "_start", slow_start)
    app = ReaderApp([str(SEED)], preanalysis=pre)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "question_mark")  # while only the first look is up
        assert not any(isinstance(s, ReadingScreen) for s in app.screen_stack)
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        reading = app.screen_stack[-2]
        assert isinstance(reading, ReadingScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is reading and reading.analysis_done)
        article = reading.article
        assert article.scroll_offset.y >= article.max_scroll_y - 1  # G went to the end
