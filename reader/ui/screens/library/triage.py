"""Triage in a library listed from the store: archive (``a``), keep for later (``l``), star
(``s``), tag (``t``), mark read or unread (``m``), remove to the trash or put back (``d``) the
article under the cursor, undo those changes one by one (``u``), and add files, folders or
URLs (``A``). Each change is made on the store thread, then listed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding

from reader.core.library.models import TRASH_DAYS
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
        Binding("d", "remove", "Remove", show=False, id="library.remove"),
        Binding("u", "undo", "Undo", show=False, id="library.undo"),
        Binding("A", "add", "Add files or a URL", show=False, id="library.add"),
    ]

    def __init__(self, screen) -> None:
        super().__init__(screen)
        #: The changes made here, last last: (what was done, to which title, its undoing).
        self.done: list[tuple[str, str, Callable[[Library], object]]] = []

    def _change(self, verb: str, change: Callable[[Library, int], Any],
                undo: Callable[[Library, int, Any], object]) -> None:
        """Make *change* to the article under the cursor; *undo* takes what *change*
        returned (what was there before) and puts it back (``u``)."""
        screen = self.screen
        entry = screen.selected()
        if entry is None or entry.article is None:
            return
        art_id, title = entry.article.id, entry.title
        before: list[Any] = []

        def make(library: Library) -> None:
            before.append(change(library, art_id))

        def done(_: object) -> None:
            self.done.append((verb, title, lambda library: undo(library, art_id, before[0])))
            if not screen.alive():
                return  # an answer for a screen that is gone (the app is closing)
            self.say(one_line(f"{verb}: {title}", 70) + " · u undoes", timeout=3)
            screen.reload()

        screen.app.store_call(make, done, self.told)

    def undo(self) -> None:
        if not self.usable():
            return
        if not self.done:
            self.say("Nothing to undo", timeout=2)
            return
        verb, title, undoing = self.done.pop()
        screen = self.screen

        def done(_: object) -> None:
            if screen.alive():
                self.say(one_line(f"Undone: {verb.lower()}: {title}", 80), timeout=3)
                screen.reload()

        screen.app.store_call(undoing, done, self.told)

    def told(self, why: str) -> None:
        self.say(why, title="Not saved", severity="error")

    def archive(self) -> None:
        if not self.usable():
            return
        entry = self.screen.selected()
        if entry is not None and entry.article is not None:
            self._state("archived", entry.article.state)

    def later(self) -> None:
        if not self.usable():
            return
        entry = self.screen.selected()
        if entry is not None and entry.article is not None:
            self._state("later", entry.article.state)

    def star(self) -> None:
        if not self.usable():
            return
        entry = self.screen.selected()
        if entry is not None and entry.article is not None:
            star = not entry.article.starred
            self._change("Starred" if star else "Star taken off",
                         lambda lib, i: lib.set_starred([i], star),
                         lambda lib, i, _: lib.set_starred([i], not star))

    def toggle_read(self) -> None:
        if not self.usable():
            return
        entry = self.screen.selected()
        if entry is not None and entry.article is not None:
            read = not entry.article.finished

            def change(lib: Library, i: int) -> tuple[int, float] | None:
                place = lib.place_of(i)
                lib.set_read([i], read)
                return place

            self._change("Marked read" if read else "Marked unread", change,
                         lambda lib, i, place: lib.put_place(i, place))

    def _state(self, state: str, was: str) -> None:
        """Move the article to *state*, or back to the inbox when it is there."""
        back = was == state
        verb = "Back in the inbox" if back else {"archived": "Archived",
                                                 "later": "Kept for later"}[state]
        self._change(verb, lambda lib, i: lib.set_state([i], "inbox" if back else state),
                     lambda lib, i, _: lib.set_state([i], was))

    def remove(self) -> None:
        """To the trash, or back from it when it is there."""
        if not self.usable():
            return
        entry = self.screen.selected()
        if entry is None or entry.article is None:
            return
        if entry.article.removed is not None:
            self._change("Put back", lambda lib, i: lib.trash.restore([i]),
                         lambda lib, i, _: lib.trash.put([i]))
        else:
            self._change(f"In the trash for {TRASH_DAYS} days", lambda lib, i: lib.trash.put([i]),
                         lambda lib, i, _: lib.trash.restore([i]))

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
                                                remove=[t for t in old if t not in new]),
                         lambda lib, i, _: lib.tag([i], add=old,
                                                   remove=[t for t in new if t not in old]))

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
            ("library: Remove to the trash (or put back)", self.remove, "d"),
            ("library: Undo the last change", self.undo, "u"),
        ]
