"""Reading comfort: the reading ruler (``r``, remembered) — everything but the sentence
being read dimmed, the one being spoken while listening, else the first sentence on screen
—, line spacing (``s``: 1, 1.5, 2, remembered) and speed reading (``z``): one word at a
time from the place you are, back where it stopped."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding

from reader.ui.parts import Command, Part

STATE_KEY = "reading_ruler"
SPACING_KEY = "line_spacing"
SPACINGS = (1.0, 1.5, 2.0)


class Ruler(Part):
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("r", "toggle", "Reading ruler", show=False, id="reading.ruler"),
        Binding("z", "speed_read", "Speed reading", show=False, id="reading.rsvp"),
        Binding("s", "spacing", "Line spacing", show=False, id="reading.spacing"),
    ]

    def start(self) -> None:
        """The remembered choices, when the screen opens."""
        state = self.screen.app.ui_state
        self.screen.article.ruler = bool(state.get(STATE_KEY, False))
        spacing = state.get(SPACING_KEY, 1.0)
        self.screen.article.set_spacing(spacing if spacing in SPACINGS else 1.0)

    def spacing(self) -> None:
        """Line spacing 1 → 1.5 → 2 → 1, remembered; the first line on screen stays."""
        from reader import config

        article = self.screen.article
        k = SPACINGS.index(article.spacing) if article.spacing in SPACINGS else 0
        article.set_spacing(SPACINGS[(k + 1) % len(SPACINGS)])
        state = self.screen.app.ui_state
        state[SPACING_KEY] = article.spacing
        config.save_state(state)
        self.say(f"Line spacing {article.spacing:g}", timeout=2)

    def toggle(self) -> None:
        from reader import config

        article = self.screen.article
        article.ruler = not article.ruler
        state = self.screen.app.ui_state
        state[STATE_KEY] = article.ruler
        config.save_state(state)
        self.follow()
        self.say("Reading ruler on" if article.ruler else "Reading ruler off", timeout=2)

    def follow(self) -> None:
        """Brighten the sentence being read (after a scroll, or a sentence spoken)."""
        screen = self.screen
        article = screen.article
        if not article.ruler:
            if article.marks.bright is not None:
                article.set_marks(bright=None)
            return
        span = article.marks.current if screen.listen.on else None
        if span is None and screen.analysis is not None and screen.analysis.sentences:
            k = screen.place.sentence()
            span = screen.analysis.sentences[k] if k is not None else None
        if span != article.marks.bright:
            article.set_marks(bright=span)

    def speed_read(self) -> None:
        """One word at a time from the first sentence on screen; the text is left at the
        word it stopped at."""
        from reader.ui.screens.rsvp import DEFAULT_WPM, STATE_KEY, RsvpScreen

        screen = self.screen
        if screen.document is None:
            return
        k = screen.place.sentence()
        start = screen.analysis.sentences[k][0] if k is not None and screen.analysis \
            else screen.article.offset_at_top()
        wpm = screen.app.ui_state.get(STATE_KEY, DEFAULT_WPM)

        def back(offset: int | None) -> None:
            if offset is not None and screen.is_attached:
                screen.article.scroll_to_offset(offset)

        screen.app.push_screen(RsvpScreen(screen.article.text, start,
                                          wpm if isinstance(wpm, int) else DEFAULT_WPM), back)

    def commands(self) -> list[Command]:
        return [("reading: Reading ruler (dim all but the sentence being read)", self.toggle,
                 "r"),
                ("reading: Speed reading (one word at a time from here)", self.speed_read, "z"),
                ("reading: Line spacing (1, 1.5, 2)", self.spacing, "s")]
