"""Triage in a library listed from the store: archive (``a``), keep for later (``l``), star
(``s``), tag (``t``), mark read or unread (``m``) the article under the cursor, and add
files, folders or URLs (``A``). Each change is made on the store thread, then listed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding

from reader.core.tags import HINT, join_tags, split_tags
from reader.core.textsafe import one_line
from reader.ui.dialogs.prompt import PromptScreen
from reader.ui.parts import Command
from reader.ui.screens.library.part import StorePart

if TYPE_CHECKING:
    from reader.core.library import Library


class Triage(StorePart):
    """Changes to the article under the cursor."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("a", "archive", "Archive", id="library.archive"),
        Binding("l", "later", "Keep for later", show=False, id="library.later"),
        Binding("s", "star", "Star", id="library.star"),
        Binding("t", "tag", "Tag", show=False, id="library.tag"),
        Binding("m", "toggle_read", "Mark read/unread", show=False, id="library.read"),
        Binding("A", "add", "Add files or a URL", show=False, id="library.add"),
    ]

    def _change(self, verb: str, change: Callable[[Library, int], object]) -> None:
        screen = self.screen
        entry = screen.selected()
        if entry is None or entry.article is None:
            return
        art_id, title = entry.article.id, entry.title

        def done(_: object) -> None:
            if not screen.alive():
                return  # an answer for a screen that is gone (the app is closing)
            self.say(one_line(f"{verb}: {title}", 80), timeout=3)
            screen.reload()

        screen.app.store_call(lambda library: change(library, art_id), done, self.told)

    def told(self, why: str) -> None:
        self.say(why, title="Not saved", severity="error")

    def archive(self) -> None:
        if not self.usable():
            return
        entry = self.screen.selected()
        if entry is not None and entry.article is not None:
            back = entry.article.state == "archived"
            self._change("Back in the inbox" if back else "Archived",
                         lambda lib, i: lib.set_state([i], "inbox" if back else "archived"))

    def later(self) -> None:
        if not self.usable():
            return
        entry = self.screen.selected()
        if entry is not None and entry.article is not None:
            back = entry.article.state == "later"
            self._change("Back in the inbox" if back else "Kept for later",
                         lambda lib, i: lib.set_state([i], "inbox" if back else "later"))

    def star(self) -> None:
        if not self.usable():
            return
        entry = self.screen.selected()
        if entry is not None and entry.article is not None:
            star = not entry.article.starred
            self._change("Starred" if star else "Star taken off",
                         lambda lib, i: lib.set_starred([i], star))

    def toggle_read(self) -> None:
        if not self.usable():
            return
        entry = self.screen.selected()
        if entry is not None and entry.article is not None:
            read = not entry.article.finished
            self._change("Marked read" if read else "Marked unread",
                         lambda lib, i: lib.set_read([i], read))

    def tag(self) -> None:
        if not self.usable():
            return
        entry = self.screen.selected()
        if entry is None or entry.article is None:
            return
        old = entry.article.tags

        def chosen(value: str | None) -> None:
            if value is None:
                return
            new = split_tags(value)
            self._change("Tags saved",
                         lambda lib, i: lib.tag([i], add=new,
                                                remove=[t for t in old if t not in new]))

        self.screen.app.push_screen(PromptScreen(f"Tags for {one_line(entry.title, 50)}",
                                                 join_tags(old), HINT), chosen)

    def add(self) -> None:
        if not self.usable():
            return
        from reader.ui.screens.library.add import add_sources

        screen = self.screen
        screen.app.push_screen(PromptScreen("Add to the library: a file, a folder (read "
                                            "recursively) or an http(s) URL",
                                            hint="~ is your home folder"),
                               lambda text: add_sources(screen, text) if text else None)

    def commands(self) -> list[Command]:
        return [
            ("library: Add a file, folder or URL", self.add, "A"),
            ("library: Archive (or back to the inbox)", self.archive, "a"),
            ("library: Keep for later (or back to the inbox)", self.later, "l"),
            ("library: Star / unstar", self.star, "s"),
            ("library: Tag the article", self.tag, "t"),
            ("library: Mark read / unread", self.toggle_read, "m"),
        ]
