"""Listening: ``L`` reads aloud from the current place, sentence by sentence — the spoken
sentence marked and kept in view, the reading place following it. While listening: Space
pauses and resumes, ``<`` ``>`` slower and faster (remembered), ``J`` ``K`` the next and
previous sentence, Escape stops. Each sentence is one run of the engine on a worker thread;
stopping kills it at once (so does leaving the article or quitting).

At the end of an article, two choices (remembered, off at first): the listening queue
(``alt+n``) goes on to the next article of the library's current view, and ``alt+a``
archives the article listened to its end."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from textual.binding import Binding

from reader.ui.parts import Command, Part

#: Words a minute changed by one press of < or >.
RATE_STEP = 25
STATE_KEY = "speech_rate"
QUEUE_KEY = "listen_queue"
ARCHIVE_KEY = "listen_archive"


def make_engine() -> Any:
    """The speech engine (tests put a fake one here)."""
    from reader.core.speech import Espeak

    return Espeak()


class Listen(Part):
    """Reading aloud, and the keys that steer it."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("L", "toggle", "Listen", show=False, id="reading.listen"),
        Binding("space", "pause", "Pause / resume listening", show=False, id="listen.pause"),
        Binding("escape", "stop", "Stop listening", show=False, id="listen.stop"),
        Binding("less_than_sign", "slower", "Slower", show=False, id="listen.slower"),
        Binding("greater_than_sign", "faster", "Faster", show=False, id="listen.faster"),
        Binding("J", "next", "Next sentence", show=False, id="listen.next"),
        Binding("K", "previous", "Previous sentence", show=False, id="listen.previous"),
        Binding("alt+s", "summary", "Listen to the summary", show=False, id="listen.summary"),
        Binding("alt+c", "chapter", "Listen to this chapter", show=False, id="listen.chapter"),
        Binding("alt+n", "queue", "Listening queue on/off", show=False, id="listen.queue"),
        Binding("alt+a", "archive", "Archive what is listened to the end on/off", show=False,
                id="listen.archive"),
    ]

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.on = False
        self.paused = False
        self.index = 0  # the sentence being spoken
        #: The sentences to read, in order, when not all of them (the summary, a chapter).
        self.only: list[int] | None = None
        self._generation = 0  # a sentence's end that arrives after a skip or a stop is stale
        self._speaking: Any = None
        self._engine: Any = None
        #: Opened by the listening queue: listening starts once the sentences are found.
        self.queued = False

    def check(self, action: str) -> bool | None:
        if action in ("toggle", "summary", "chapter", "queue", "archive"):
            return True
        return self.on  # the keys are the text's own otherwise

    # ------------------------------------------------------------------ keys
    def toggle(self) -> None:
        if self.on:
            self.stop()
        else:
            self.start()

    def queue(self) -> None:
        """At the end of an article, go on to the next in the library's view (or not)."""
        on = self._flip(QUEUE_KEY)
        self.say("Listening queue on: the next article of the list follows" if on
                 else "Listening queue off", timeout=3)

    def archive(self) -> None:
        """Archive an article listened to its end (or not)."""
        on = self._flip(ARCHIVE_KEY)
        self.say("An article listened to the end is archived" if on
                 else "Articles listened to the end stay where they are", timeout=3)

    def _flip(self, key: str) -> bool:
        from reader import config

        state = self.screen.app.ui_state
        state[key] = not state.get(key, False)
        config.save_state(state)
        return bool(state[key])

    def summary(self) -> None:
        """Listen to the summary's sentences only, in the text's order."""
        indices = sorted(self.screen.summary.indices)
        if not indices:
            self.say("No summary yet", timeout=2)
            return
        self.start(only=indices)

    def chapter(self) -> None:
        """Listen to the chapter being read, to its end."""
        screen = self.screen
        k = screen.chapters.current()
        if k is None or screen.analysis is None:
            self.say("This text has no chapters: L listens from here", timeout=3)
            return
        chapter = screen.chapters.all[k]
        self.start(only=[i for i, (s, e) in enumerate(screen.analysis.sentences)
                         if chapter.start <= s and e <= chapter.end])

    def start(self, only: list[int] | None = None) -> None:
        from reader.core.speech import missing

        screen = self.screen
        if screen.analysis is None or not screen.analysis.sentences:
            self.say("Listening starts once the sentences are found", timeout=3)
            return
        if self._engine is None:
            engine = make_engine()
            why = missing() if engine.__class__.__name__ == "Espeak" else None
            if why:
                self.say(why, title="Cannot read aloud", severity="warning", timeout=8)
                return
            self._engine = engine
        self.only = only or None
        here = screen.place.sentence() or 0
        if self.only:  # from the first of them at or after the place, else the first
            self.index = next((i for i in self.only if i >= here), self.only[0])
        else:
            self.index = here
        self.on, self.paused = True, False
        self.say(f"Listening at {self.rate} words a minute · Space pauses · < > speed · "
                 "J K sentences · Escape stops", timeout=4)
        self._speak()

    def stop(self) -> None:
        self._halt()
        self.on = self.paused = False
        self.screen.article.set_marks(current=None)
        self.say("Stopped listening", timeout=2)

    def pause(self) -> None:
        if self.paused:
            self.paused = False
            self._speak()
        else:
            self.paused = True
            self._halt()
            self.say("Paused · Space goes on", timeout=2)

    def slower(self) -> None:
        self._set_rate(self.rate - RATE_STEP)

    def faster(self) -> None:
        self._set_rate(self.rate + RATE_STEP)

    def next(self) -> None:
        self._go(self._step(1))

    def previous(self) -> None:
        self._go(max(0, self._step(-1)))

    def _step(self, step: int) -> int:
        """The sentence *step* after (or before) the one spoken, among those read."""
        if not self.only:
            return self.index + step
        k = self.only.index(self.index) if self.index in self.only else 0
        k += step
        return self.only[k] if 0 <= k < len(self.only) else (self.only[0] if k < 0 else -1)

    # ------------------------------------------------------------------ speaking
    @property
    def rate(self) -> int:
        from reader.core.speech import DEFAULT_RATE, clamp_rate

        value = getattr(self.screen.app, "ui_state", {}).get(STATE_KEY, DEFAULT_RATE)
        return clamp_rate(value if isinstance(value, int) else DEFAULT_RATE)

    def _set_rate(self, rate: int) -> None:
        from reader import config
        from reader.core.speech import clamp_rate

        state = self.screen.app.ui_state
        state[STATE_KEY] = clamp_rate(rate)
        config.save_state(state)
        self.say(f"{state[STATE_KEY]} words a minute", timeout=2)
        if not self.paused:
            self._halt()
            self._speak()

    def _go(self, index: int) -> None:
        self._halt()
        self.index = index
        if not self.paused:
            self._speak()
        else:
            self._mark()

    def _halt(self) -> None:
        self._generation += 1
        if self._speaking is not None:
            self._speaking.stop()
            self._speaking = None

    def _mark(self) -> tuple[int, int] | None:
        screen = self.screen
        sentences = screen.analysis.sentences if screen.analysis else []
        if self.index < 0 or self.index >= len(sentences):
            return None
        span = sentences[self.index]
        screen.article.set_marks(current=span)
        screen.article.scroll_to_offset(span[0])  # the place follows, and is saved
        screen.ruler.follow()
        return span

    def _speak(self) -> None:
        from reader.core.speech import voice_for

        span = self._mark()
        if span is None:
            self.on = False
            self.screen.article.set_marks(current=None)
            if self.only or self.index < 0:
                self.say("Finished listening", timeout=3)
            else:
                self._finished_article()
            return
        text = " ".join(self.screen.article.text[span[0]:span[1]].split())
        self._generation += 1
        generation = self._generation
        speaking = self._engine.say(text, self.rate, voice_for(self.screen.settings.language))
        self._speaking = speaking
        app = self.screen.app

        def wait() -> None:
            problem = speaking.wait()
            app.call_from_thread(self._spoken, generation, problem)

        threading.Thread(target=wait, name="listen", daemon=True).start()

    def _spoken(self, generation: int, problem: str | None) -> None:
        if generation != self._generation or not self.on or self.paused:
            return  # stopped, paused or skipped since
        if not self.screen.is_attached:
            self._halt()
            return
        if problem:
            self._halt()
            self.on = False
            self.screen.article.set_marks(current=None)
            self.say(problem, title="Cannot read aloud", severity="warning", timeout=8)
            return
        self.index = self._step(1)
        self._speak()

    def _finished_article(self) -> None:
        """The whole article was heard: archive it and go on to the next, as chosen."""
        screen = self.screen
        app = screen.app
        state = app.ui_state
        done = ["Finished listening"]
        art = screen.place.article
        if state.get(ARCHIVE_KEY) and art is not None:
            app.store_call(lambda library: library.set_state([art.id], "archived"), None,
                           lambda why: self.say(f"Not archived: {why}", severity="error"))
            done.append("archived")
        following = self._next_in_view() if state.get(QUEUE_KEY) else None
        if state.get(QUEUE_KEY) and following is None:
            done.append("nothing after it in the list")
        self.say(", ".join(done), timeout=3)
        if following is not None:
            self.say(f"Next: {following.title}", timeout=4)
            nxt = app.open_document(following.source, following.document)
            nxt.listen.queued = True

    def _next_in_view(self) -> Any:
        """The entry after this article in the library's current view, or None."""
        from reader.ui.screens.library import LibraryScreen

        source = self.screen.source
        for lib in self.screen.app.screen_stack:
            if isinstance(lib, LibraryScreen):
                rows = [lib.entries[i] for i in lib.shown_rows]
                at = next((k for k, e in enumerate(rows) if e.source == source), None)
                if at is not None and at + 1 < len(rows):
                    return rows[at + 1]
        return None

    def begin_queued(self) -> None:
        """Opened by the queue: listen once the sentences are there."""
        if self.queued:
            self.queued = False
            self.start()

    def leave(self) -> None:
        """The article is left: silence at once."""
        self._halt()
        self.on = False

    def commands(self) -> list[Command]:
        return [("reading: Listen (read aloud from here)", self.toggle, "L"),
                ("reading: Listen to the summary only", self.summary, "alt+s"),
                ("reading: Listen to this chapter only", self.chapter, "alt+c"),
                ("reading: Listening queue on/off (the next article of the list follows)",
                 self.queue, "alt+n"),
                ("reading: Archive an article listened to the end on/off", self.archive,
                 "alt+a")]
