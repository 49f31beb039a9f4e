"""Where the reader was before each jump — a summary sentence, a mention, a quote, a search
hit, a chapter — kept like a browser's history: Backspace (or ctrl+o) goes back, shift+
Backspace forward. (ctrl+i is Tab in a terminal: it moves between panes.)"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding

from reader.ui.parts import Command, Part

#: Places kept each way.
DEPTH = 100


class History(Part):
    """Two stacks of article offsets (the line at the top of the view)."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("backspace,ctrl+o,alt+left", "back", "Back", show=False, id="reading.back_jump"),
        Binding("shift+backspace,alt+right", "forward", "Forward", show=False,
                id="reading.forward_jump"),
    ]

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.behind: list[int] = []
        self.ahead: list[int] = []

    def remember(self) -> None:
        """A jump is about to be made: where the reader is now can be gone back to."""
        if self.screen.document is None:
            return
        self.screen.pace.jumped()
        here = self.screen.article.offset_at_top()
        if not self.behind or self.behind[-1] != here:
            self.behind = [*self.behind, here][-DEPTH:]
        self.ahead = []

    def _go(self, source: list[int], target: list[int], nothing: str) -> None:
        if not source:
            self.say(nothing, timeout=2)
            return
        article = self.screen.article
        target.append(article.offset_at_top())
        offset = source.pop()
        article.scroll_to_offset(offset, center=False)

    def back(self) -> None:
        self._go(self.behind, self.ahead, "Nothing to go back to")

    def forward(self) -> None:
        self._go(self.ahead, self.behind, "Nothing to go forward to")

    def commands(self) -> list[Command]:
        return [("view: Back to where I was", self.back, "Backspace or ctrl+o"),
                ("view: Forward again", self.forward, "shift+Backspace")]
