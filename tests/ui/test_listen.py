"""Listening in the reading screen, with a fake engine (the spoken sentence marked and kept
in view, pause holding it, speed remembered, Escape stopping, the place saved) and, where
espeak-ng is installed, the real one's answer where there is no sound device."""

from __future__ import annotations

import shutil
import threading

import pytest

from reader.ui.app import ReaderApp
from reader.ui.screens.reading import listen

from ..conftest import SEED, SIZE, notices, open_seed, wait_for


class FakeEngine:
    """Speaks a sentence when the test says so (release), records what and how fast."""

    def __init__(self) -> None:
        self.said: list[tuple[str, int]] = []
        self.stopped = 0
        self.current: threading.Event | None = None

    def say(self, text: str, rate: int, voice: str):
        self.said.append((text, rate))
        done = threading.Event()
        self.current = done
        engine = self

        class Speaking:
            def wait(self) -> str | None:
                done.wait(10)
                return None

            def stop(self) -> None:
                engine.stopped += 1
                done.set()

        return Speaking()

    def release(self) -> None:
        assert self.current is not None
        self.current.set()


async def _listening(pilot, engine: FakeEngine):
    """The seed open, its sentences found, L pressed, the first sentence being said."""
    screen = await open_seed(pilot)
    await wait_for(pilot, lambda: screen.analysis is not None)
    await pilot.press("L")
    await wait_for(pilot, lambda: len(engine.said) == 1)
    return screen


async def test_listening_follows_the_speech_and_stops(monkeypatch) -> None:
    engine = FakeEngine()
    monkeypatch.setattr(listen, "make_engine", lambda: engine)
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _listening(pilot, engine)
        sentences = screen.analysis.sentences
        first = screen.article.marks.current
        assert first == sentences[0] and engine.said[0][1] == 175
        engine.release()  # the first sentence is spoken: the second is marked and said
        await wait_for(pilot, lambda: len(engine.said) == 2)
        assert screen.article.marks.current == sentences[1]
        await pilot.press("space")  # pause: nothing more is said
        await pilot.pause(0.2)
        assert len(engine.said) == 2 and screen.listen.paused
        await pilot.press("space")  # go on: the same sentence again
        await wait_for(pilot, lambda: len(engine.said) == 3)
        assert engine.said[2][0] == engine.said[1][0]
        await pilot.press("greater_than_sign")  # faster, remembered
        await wait_for(pilot, lambda: engine.said[-1][1] == 200)
        assert app.ui_state["speech_rate"] == 200
        await pilot.press("J")  # the next sentence
        await wait_for(pilot, lambda: screen.article.marks.current == sentences[2])
        engine.release()
        await wait_for(pilot, lambda: screen.article.marks.current == sentences[3])
        place = screen.article.offset_at_top()
        await pilot.press("escape")  # stops; the article stays
        await wait_for(pilot, lambda: not screen.listen.on)
        assert app.screen is screen and screen.article.marks.current is None
        assert screen.article.offset_at_top() == place
        assert any("Stopped listening" in n.message for n in notices(app))
        stopped = engine.stopped
        await pilot.press("space")  # not listening: Space pages down again
        await pilot.pause(0.2)
        assert engine.stopped == stopped and screen.article.offset_at_top() > place


async def test_quitting_silences_the_voice_at_once(monkeypatch) -> None:
    engine = FakeEngine()
    monkeypatch.setattr(listen, "make_engine", lambda: engine)
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _listening(pilot, engine)
        await pilot.press("q")
    assert engine.stopped == 1 and not screen.listen.on


@pytest.mark.skipif(shutil.which("espeak-ng") is None,
                    reason="espeak-ng is not installed (Debian: apt-get install espeak-ng)")
async def test_the_real_engine_speaks_or_says_there_is_no_sound_device() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await wait_for(pilot, lambda: screen.analysis is not None)
        await pilot.press("L")
        await wait_for(pilot, lambda: screen.listen.index > 0 or any(
            "no sound device here" in n.message for n in notices(app)))
        await pilot.press("escape")


async def test_the_reading_ruler_dims_all_but_the_sentence_read_and_is_remembered() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await wait_for(pilot, lambda: screen.analysis is not None)
        view = screen.article
        await pilot.press("r")
        await wait_for(pilot, lambda: view.marks.bright is not None)
        first = screen.analysis.sentences[screen.place.sentence()]
        assert view.marks.bright == first
        dim = view.get_component_rich_style("article--dim", partial=True).color
        colours = {seg.style.color for y in range(8) for seg in view.render_line(y)
                   if seg.text.strip() and seg.style is not None}
        assert dim in colours and len(colours) > 1  # dimmed text, and text that is not
        await pilot.press("space")  # page down: the ruler follows the place
        await wait_for(pilot, lambda: view.marks.bright not in (None, first))
        assert app.ui_state["reading_ruler"] is True
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:  # remembered
        screen = await open_seed(pilot)
        assert screen.article.ruler
        await pilot.press("r")
        await wait_for(pilot, lambda: screen.article.marks.bright is None)


async def test_line_spacing_cycles_keeps_the_first_line_and_is_remembered() -> None:
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        view = screen.article
        await pilot.press("space")  # somewhere in the text, not its top
        await wait_for(pilot, lambda: view.offset_at_top() > 0)
        top = view.offset_at_top()
        single = view.line_count
        rows = [view.render_line(y).text.strip() for y in range(10)]
        await pilot.press("s")
        assert view.spacing == 1.5 and app.ui_state["line_spacing"] == 1.5
        assert single < view.line_count < 2 * single
        await pilot.press("s")
        assert view.spacing == 2
        await pilot.pause()
        assert view.offset_at_top() == top  # the line read stays on top
        spaced = [view.render_line(y).text.strip() for y in range(10)]
        # Every other row is empty; the text rows are the same lines as before.
        assert [r for r in spaced if r] == [r for r in rows if r][:len([r for r in spaced if r])]
        assert sum(1 for r in spaced if not r) >= 4
        assert any("Line spacing 2" in n.message for n in notices(app))
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:  # remembered
        screen = await open_seed(pilot)
        assert screen.article.spacing == 2
        await pilot.press("s")
        assert screen.article.spacing == 1 and screen.article.line_count == single


async def test_speed_reading_shows_one_word_at_a_time_and_leaves_you_where_it_stopped() -> None:
    from reader.ui.screens.rsvp import RsvpScreen

    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await wait_for(pilot, lambda: screen.analysis is not None)
        app.ui_state["rsvp_wpm"] = 1000  # a word every 60 ms
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, RsvpScreen))
        rsvp = app.screen
        first = rsvp.words[0][1]
        assert screen.article.text[rsvp.words[0][0]:].startswith(first)
        await wait_for(pilot, lambda: rsvp.index >= 5)
        await pilot.press("space")  # paused: the word holds
        held = rsvp.index
        await pilot.pause(0.3)
        assert rsvp.index == held and rsvp.paused
        await pilot.press("less_than_sign")
        assert rsvp.wpm == 950 and app.ui_state["rsvp_wpm"] == 950
        offset = rsvp.offset
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        view = screen.article
        await wait_for(pilot, lambda: view.line_of(offset) >= int(view.scroll_offset.y))
        assert view.line_of(offset) < int(view.scroll_offset.y) + view.size.height


async def test_listening_to_the_summary_only_and_to_a_chapter(monkeypatch, tmp_path) -> None:
    engine = FakeEngine()
    monkeypatch.setattr(listen, "make_engine", lambda: engine)
    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await wait_for(pilot, lambda: screen.analysis is not None and screen.summary.indices)
        picks = sorted(screen.summary.indices)
        await pilot.press("alt+s")
        await wait_for(pilot, lambda: len(engine.said) == 1)
        sentences = screen.analysis.sentences
        assert screen.article.marks.current == sentences[picks[0]]
        engine.release()  # the next one said is the next summary sentence, not the next one
        await wait_for(pilot, lambda: len(engine.said) == 2)
        assert screen.article.marks.current == sentences[picks[1]]
        await pilot.press("K")
        await wait_for(pilot, lambda: screen.article.marks.current == sentences[picks[0]])
        await pilot.press("alt+c")  # an article has no chapters: said, still listening
        await pilot.pause(0.1)
        assert any("no chapters" in n.message for n in notices(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.listen.on)
    book = tmp_path / "book.txt"
    book.write_text("Chapter 1\n\n" + "The harbour was quiet that long morning.\n\n" * 60
                    + "Chapter 2\n\nThe vote was close. Everyone went home afterwards. "
                    "Nobody spoke of it again.\n\n" + "The end came at last.\n\n" * 60,
                    encoding="utf-8")
    engine.said.clear()
    app = ReaderApp([str(book)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        await wait_for(pilot, lambda: screen.analysis is not None and screen.chapters.all)
        await pilot.press("}")  # chapter 2
        await wait_for(pilot, lambda: screen.chapters.current() == 1)
        await pilot.press("alt+c")
        await wait_for(pilot, lambda: len(engine.said) == 1)
        assert engine.said[0][0] == "The vote was close."
        for k in (2, 3):
            engine.release()
            await wait_for(pilot, lambda k=k: len(engine.said) == k)
        assert [s for s, _ in engine.said] == ["The vote was close.",
                                               "Everyone went home afterwards.",
                                               "Nobody spoke of it again."]
        await pilot.press("escape")


class InstantEngine:
    """Says each sentence of *quick* text at once; any other holds until stopped."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.quick = ""

    def say(self, text: str, rate: int, voice: str):
        self.said.append(text)
        done = threading.Event()
        if text in self.quick:
            done.set()

        class Speaking:
            def wait(self) -> str | None:
                done.wait(10)
                return None

            def stop(self) -> None:
                done.set()

        return Speaking()


async def test_the_listening_queue_goes_on_to_the_next_article_and_archives(monkeypatch) -> None:
    from reader.core.library import Library, Store
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.screens.reading import ReadingScreen

    engine = InstantEngine()
    monkeypatch.setattr(listen, "make_engine", lambda: engine)
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen)
                       and not app.screen.is_loading and len(app.screen.shown_rows) >= 2)
        lib = app.screen
        first, second = (lib.entries[i] for i in lib.shown_rows[:2])
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen)
                       and app.screen.analysis is not None
                       and app.screen.place.article is not None)
        reading = app.screen
        assert reading.source == first.source
        await pilot.press("alt+n", "alt+a")
        assert app.ui_state["listen_queue"] and app.ui_state["listen_archive"]
        await pilot.press("G")  # the last sentences: the end comes soon
        await pilot.pause(0.2)
        engine.quick = " ".join(reading.article.text.split())
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen)
                       and app.screen is not reading and app.screen.listen.on)
        assert app.screen.source == second.source
        assert engine.said[-1] not in engine.quick  # the next article's voice
        await pilot.press("escape")
        await wait_for(pilot, lambda: not app.screen.listen.on)
    with Store() as st:
        states = {a.source: a.state for a in Library(st).articles()}
    assert states[first.source] == "archived" and states[second.source] != "archived"
