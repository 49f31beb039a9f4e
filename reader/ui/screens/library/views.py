"""Views and sorts of a library listed from the store: Inbox, Later, Starred, Archive, All
and the views the reader saved (``v``/``V`` step, ``w`` saves the filter as a view, ``W``
removes one), and the order (``o`` next sort, ``O`` reversed)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, Static

from reader.core.textsafe import one_line
from reader.ui.accessibility import plain
from reader.ui.dialogs.prompt import PromptScreen
from reader.ui.parts import Command
from reader.ui.screens.library.part import StorePart

#: The views every library has, before the saved ones: (name, query).
BUILT_IN_VIEWS = (("Inbox", "is:inbox"), ("Later", "is:later"), ("Starred", "is:starred"),
                  ("Archive", "is:archived"), ("All", ""), ("Trash", "is:removed"))
#: How the list can be sorted, as the status line names it.
SORT_NAMES = {"added": "date added", "published": "date published", "title": "title",
              "time": "reading time", "progress": "progress"}


class Views(StorePart):
    """The views (built in and saved), the one shown, the sort."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("v", "next", "View", id="library.next_view"),
        Binding("V", "previous", "Previous view", show=False, id="library.prev_view"),
        Binding("w", "save", "Save view", show=False, id="library.save_view"),
        Binding("W", "remove", "Remove view", show=False, id="library.remove_view"),
        Binding("o", "next_sort", "Sort", id="library.sort"),
        Binding("O", "reverse_sort", "Reverse sort", show=False, id="library.reverse"),
    ]

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.all: list[tuple[str, str]] = list(BUILT_IN_VIEWS)
        self.index = 0
        self.sort = "added"
        self.reverse = False

    @property
    def current(self) -> tuple[str, str]:
        """(name, query) of the view shown."""
        return self.all[self.index]

    def query(self) -> str:
        """The view's query and the filter's words, together."""
        return " ".join(x for x in (self.current[1], self.screen.filter_text()) if x)

    def order(self) -> str:
        """The sort, as the status line says it."""
        return SORT_NAMES[self.sort] + (", reversed" if self.reverse else "")

    def loaded(self, saved: list[tuple[str, str]]) -> None:
        """The saved views, from the store: the list is made."""
        if not self.screen.alive():
            return  # an answer for a screen that is gone (the app is closing)
        self.all = [*BUILT_IN_VIEWS, *saved]
        self.index = min(self.index, len(self.all) - 1)
        self.screen.reload()

    def show_bar(self) -> None:
        out = Text()
        for i, (name, _) in enumerate(self.all):
            if i == len(BUILT_IN_VIEWS) and not plain(self.screen.app):
                out.append("│ ", style="dim")
            out.append(f" {one_line(name, 24)} ", style="reverse bold" if i == self.index else "")
            out.append(" ")
        if self.screen.is_attached:  # not an answer arriving after the list has gone
            self.screen.query_one("#views", Static).update(out)

    def _switch(self, step: int) -> None:
        self.index = (self.index + step) % len(self.all)
        self.screen.is_loading = True
        self.screen.reload(keep_cursor=False)

    def go_to(self, index: int) -> None:
        self._switch(index - self.index)

    def next(self) -> None:
        if not self.usable():
            return
        self._switch(1)

    def previous(self) -> None:
        if not self.usable():
            return
        self._switch(-1)

    def save(self) -> None:
        if not self.usable():
            return
        screen = self.screen
        query = self.query()
        if not screen.filter_text():
            self.say("Type a filter first (/): a view is a named filter.")
            return

        def chosen(name: str | None) -> None:
            name = " ".join((name or "").split())
            if not name:
                return
            screen.app.store_call(lambda library: (library.save_view(name, query),
                                                   library.views())[1],
                                  lambda saved: self._saved(name, saved),
                                  screen.triage.told)

        screen.app.push_screen(PromptScreen(f"Save “{one_line(query, 40)}” as a view named",
                                            hint="shown at the top of the library"), chosen)

    def _saved(self, name: str, saved: list[tuple[str, str]]) -> None:
        screen = self.screen
        if not screen.alive():
            return  # an answer for a screen that is gone (the app is closing)
        self.all = [*BUILT_IN_VIEWS, *saved]
        self.index = next(i for i, (n, _) in enumerate(self.all)
                          if n == name and i >= len(BUILT_IN_VIEWS))
        screen.query_one("#filter", Input).value = ""
        screen.filter_now()

    def remove(self) -> None:
        if not self.usable():
            return
        if self.index < len(BUILT_IN_VIEWS):
            self.say("Only a saved view can be removed.")
            return
        name = self.current[0]
        self.screen.app.store_call(lambda library: (library.remove_view(name),
                                                    library.views())[1],
                                   self._after_removal, self.screen.triage.told)

    def _after_removal(self, saved: list[tuple[str, str]]) -> None:
        if not self.screen.alive():
            return  # an answer for a screen that is gone (the app is closing)
        self.all = [*BUILT_IN_VIEWS, *saved]
        self.index = 0
        self.screen.reload(keep_cursor=False)

    def next_sort(self) -> None:
        if not self.usable():
            return
        names = list(SORT_NAMES)
        self.sort = names[(names.index(self.sort) + 1) % len(names)]
        self.reverse = False
        self.screen.reload(keep_cursor=False)

    def reverse_sort(self) -> None:
        if not self.usable():
            return
        self.reverse = not self.reverse
        self.screen.reload(keep_cursor=False)

    def commands(self) -> list[Command]:
        return [
            ("library: Next sort", self.next_sort,
             "date added, published, title, reading time, progress"),
            ("library: Reverse the sort", self.reverse_sort, "O"),
            ("library: Save the filter as a view", self.save, "w"),
            ("library: Remove this saved view", self.remove, "W"),
            *((f"view: {name}", lambda i=i: self.go_to(i), query or "every article")
              for i, (name, query) in enumerate(self.all)),
        ]
