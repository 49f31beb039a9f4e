"""Search in the article: ``/`` opens the search bar, ``n`` and ``N`` step through the
matches (whitespace in the query matches any whitespace: a phrase is found where the
source breaks the line inside it)."""

from __future__ import annotations

import re
from typing import ClassVar

from textual.binding import Binding

from reader.ui.parts import Command, Part


class Finder(Part):
    """The query, its matches and which one is shown."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("slash", "open", "Search", id="reading.search"),
        Binding("n", "next", "Next match", show=False, id="reading.next_match"),
        Binding("N", "previous", "Prev match", show=False, id="reading.prev_match"),
    ]

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.query = ""
        self.matches: list[tuple[int, int]] = []
        self.index = -1

    def open(self) -> None:
        self.screen.search_bar.open(self.query)

    def close(self) -> None:
        self.screen.search_bar.close()
        self.screen.article.focus()

    def find(self, query: str) -> int:
        """Find every match of *query* (case-insensitive); returns how many."""
        self.query = query
        article = self.screen.article
        if query.strip():
            # Words separated by any whitespace: a phrase still matches where the source
            # breaks the line inside it (Gutenberg wraps every ~70 columns).
            rx = re.compile(r"\s+".join(re.escape(w) for w in query.split()), re.IGNORECASE)
            self.matches = [m.span() for m in rx.finditer(article.text)]
        else:
            self.matches = []
        top = article.offset_at_top()
        self.index = next((k for k, (s, _) in enumerate(self.matches) if s >= top), 0) - 1
        article.set_marks(matches=self.matches, current_match=None)
        if self.matches:
            self.next()
        else:
            self.screen.update_status()
            if query:
                self.say(f"No match for {query!r}", severity="warning", timeout=2)
        return len(self.matches)

    def _step(self, step: int) -> None:
        if not self.matches:
            if self.query:
                self.say(f"No match for {self.query!r}", severity="warning", timeout=2)
            return
        self.index = (self.index + step) % len(self.matches)
        span = self.matches[self.index]
        self.screen.history.remember()
        self.screen.article.set_marks(current_match=span)
        self.screen.article.scroll_to_offset(span[0])
        self.screen.place.jumped_to(span[0])
        self.screen.update_status()

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def status(self) -> str | None:
        """What the status line says about the search."""
        if self.matches:
            return f"match {self.index + 1}/{len(self.matches)} for {self.query!r}"
        if self.query:
            return f"no match for {self.query!r}"
        return None

    def commands(self) -> list[Command]:
        return [("search: Find in article", self.open, "Search the article"),
                ("search: Next match", self.next, "Go to the next match"),
                ("search: Previous match", self.previous, "Go to the previous match")]
