"""Decks: the lead sentence of each unread article, on a second line under its title, to
decide what to read (``i`` shows or hides them; remembered). An article's deck is found
once, on the store thread, from its stored text, and kept in the store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding

from reader.ui.parts import Command
from reader.ui.screens.library.part import StorePart

if TYPE_CHECKING:
    from reader.core.library import Article, Library

#: The remembered choice, in the UI state.
STATE_KEY = "library_decks"


class Decks(StorePart):
    """Whether decks are shown, and finding the missing ones."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("i", "toggle", "Decks", show=False, id="library.decks"),
    ]

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self._filling: set[int] = set()  # article ids whose deck is being found

    @property
    def shown(self) -> bool:
        state = getattr(self.screen.app, "ui_state", {})
        return bool(state.get(STATE_KEY, True)) and self.screen.from_store

    def line(self, art: Article | None) -> str:
        """The deck to show under *art*'s title ("" for none: read, started, not found)."""
        if not self.shown or art is None or art.started or not art.deck:
            return ""
        return art.deck

    def toggle(self) -> None:
        if not self.usable():
            return
        from reader import config

        state = self.screen.app.ui_state
        state[STATE_KEY] = not self.shown
        config.save_state(state)
        self.say("Decks shown under unread articles" if state[STATE_KEY] else "Decks hidden",
                 timeout=2)
        self.screen.listing.show_rows(self.screen.table.cursor_row)

    def fill(self, articles: Sequence[Article]) -> None:
        """Find the decks the listed unread *articles* lack, then list again."""
        wanted = [a for a in articles
                  if self.shown and a.deck is None and not a.started and a.id not in self._filling]
        if not wanted:
            return
        self._filling.update(a.id for a in wanted)
        screen = self.screen

        def find(library: Library) -> None:
            from reader.core.deck import deck_of_text

            library.fill_decks(wanted, deck_of_text)

        def done(_: object) -> None:
            self._filling.difference_update(a.id for a in wanted)
            if screen.alive():
                screen.reload()

        screen.app.store_call(find, done, lambda why: self._filling.clear())

    def commands(self) -> list[Command]:
        return [("library: Show / hide decks (the lead sentence of unread articles)",
                 self.toggle, "i")]
