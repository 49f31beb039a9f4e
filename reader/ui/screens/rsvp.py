"""Speed reading (RSVP): the text one word at a time, in the middle of the screen, at a
chosen pace, from the place you were reading; Escape (or the end) leaves you where it
stopped. Space pauses, ``<`` ``>`` slower and faster (remembered)."""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Middle
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.core.textsafe import safe_text

STATE_KEY = "rsvp_wpm"
DEFAULT_WPM, MIN_WPM, MAX_WPM, STEP = 300, 100, 1000, 50
_WORD = re.compile(r"\S+")


class RsvpScreen(ModalScreen[int]):
    """Dismissed with the offset of the word it stopped at."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,q", "stop", "Stop", id="rsvp.stop"),
        Binding("space", "pause", "Pause / go on", id="rsvp.pause"),
        Binding("less_than_sign", "slower", "Slower", id="rsvp.slower"),
        Binding("greater_than_sign", "faster", "Faster", id="rsvp.faster"),
    ]
    DEFAULT_CSS = """
    RsvpScreen { align: center middle; background: $background 90%; }
    RsvpScreen #rsvp-word { width: 100%; height: 3; content-align: center middle;
                            text-style: bold; color: $text; }
    RsvpScreen #rsvp-status { width: 100%; content-align: center middle; color: $text-muted; }
    """

    def __init__(self, text: str, start: int, wpm: int) -> None:
        super().__init__()
        self.words = [(m.start(), m.group()) for m in _WORD.finditer(text, start)]
        self.index = 0
        self.wpm = max(MIN_WPM, min(MAX_WPM, wpm))
        self.paused = False
        self._timer = None

    def compose(self) -> ComposeResult:
        with Middle():
            yield Static(id="rsvp-word", markup=False)
            yield Static(id="rsvp-status", markup=False)

    def on_mount(self) -> None:
        self._show()
        self._schedule()

    @property
    def offset(self) -> int:
        """Where the word shown starts in the text."""
        if not self.words:
            return 0
        return self.words[min(self.index, len(self.words) - 1)][0]

    def _show(self) -> None:
        word = self.words[self.index][1] if self.index < len(self.words) else ""
        self.query_one("#rsvp-word", Static).update(Text(safe_text(word, keep_newlines=False)))
        state = "paused · Space goes on" if self.paused else "Space pauses"
        self.query_one("#rsvp-status", Static).update(Text(
            f"{self.wpm} words a minute · {state} · < > speed · Escape stops"))

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = None if self.paused else self.set_timer(60.0 / self.wpm, self._next)

    def _next(self) -> None:
        if self.index + 1 >= len(self.words):
            self.dismiss(self.offset)
            return
        self.index += 1
        self._show()
        self._schedule()

    def action_stop(self) -> None:
        self.dismiss(self.offset)

    def action_pause(self) -> None:
        self.paused = not self.paused
        self._show()
        self._schedule()

    def _set(self, wpm: int) -> None:
        from reader import config

        self.wpm = max(MIN_WPM, min(MAX_WPM, wpm))
        state = self.app.ui_state  # type: ignore[attr-defined]
        state[STATE_KEY] = self.wpm
        config.save_state(state)
        self._show()
        self._schedule()

    def action_slower(self) -> None:
        self._set(self.wpm - STEP)

    def action_faster(self) -> None:
        self._set(self.wpm + STEP)
