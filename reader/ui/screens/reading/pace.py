"""Time left in this chapter and in the whole text, at the reader's own pace: words per
minute learnt from their reading (a stretch of at least a minute and 150 words read forward
without a jump or a long pause), 230 until then; kept across runs in the UI state."""

from __future__ import annotations

import time

from reader.core.textsafe import WORDS_PER_MINUTE, reading_time
from reader.ui.parts import Part

#: A stretch of reading counts once it is this long (seconds) and this many words.
STRETCH_SECONDS = 60.0
STRETCH_WORDS = 150
#: A pause longer than this ends a stretch (the reader looked away).
PAUSE_SECONDS = 120.0
#: Paces outside these bounds are not reading (skimming, or a screen left open).
SLOWEST, FASTEST = 60, 1200


class Pace(Part):
    """The reader's pace, and what is left to read."""

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self._per_word: tuple[int, float] = (0, 6.0)  # (id of the text, characters a word)
        self._stretch: tuple[float, int] | None = None  # (when it began, offset then)
        self._last: tuple[float, int] | None = None  # the last sample

    @property
    def words_per_minute(self) -> float:
        state = getattr(self.screen.app, "ui_state", {})
        pace = state.get("words_per_minute") if isinstance(state, dict) else None
        return float(pace) if isinstance(pace, (int, float)) and SLOWEST <= pace <= FASTEST \
            else float(WORDS_PER_MINUTE)

    def _chars_per_word(self) -> float:
        text = self.screen.article.text
        if self._per_word[0] != id(text):
            words = len(text.split()) or 1
            self._per_word = (id(text), max(1.0, len(text) / words))
        return self._per_word[1]

    def left(self, upto: int) -> str:
        """The time it takes to read from the top line to *upto*, at the reader's pace."""
        here = self.screen.article.offset_at_top()
        words = int(max(0, upto - here) / self._chars_per_word())
        return reading_time(words, max(1, round(self.words_per_minute)))

    def status(self) -> str | None:
        """"12 min left in chapter · 6 h 40 min in book" (None for a short article)."""
        screen = self.screen
        if screen.document is None:
            return None
        end = len(screen.article.text)
        whole = self.left(end)
        if not whole:
            return None
        k = screen.chapters.current()
        if k is None:
            return f"{whole} left"
        chapter = self.left(screen.chapters.all[k].end) or "1 min"
        return f"{chapter} left in chapter · {whole} in all"

    def jumped(self) -> None:
        """A jump ends a stretch of reading."""
        self._stretch = self._last = None

    def sample(self, offset: int, now: float | None = None) -> None:
        """The top line is at *offset* now: the stretch of reading goes on, or ends and
        teaches the pace."""
        now = time.monotonic() if now is None else now
        last, self._last = self._last, (now, offset)
        if last is None or offset < last[1] or now - last[0] > PAUSE_SECONDS:
            self._stretch = (now, offset)  # a new stretch: back, or after a pause
            return
        if self._stretch is None:
            self._stretch = last
        began, start = self._stretch
        minutes = (now - began) / 60
        words = (offset - start) / self._chars_per_word()
        if now - began >= STRETCH_SECONDS and words >= STRETCH_WORDS:
            pace = words / minutes
            if SLOWEST <= pace <= FASTEST:
                learnt = 0.8 * self.words_per_minute + 0.2 * pace
                state = getattr(self.screen.app, "ui_state", None)
                if isinstance(state, dict):
                    from reader import config

                    state["words_per_minute"] = round(learnt, 1)
                    config.save_state(state)  # (small, and at most once a minute)
            self._stretch = (now, offset)
