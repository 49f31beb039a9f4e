"""The Textual application: screens, key map, themes, command palette."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reader.ui import config as cfg
from reader.ui.storecalls import StoreUnavailable, store_problem

if TYPE_CHECKING:
    from reader.core.documents import Document
    from reader.core.library import Store

T = TypeVar("T")
# How long quitting waits for the last reading position to be saved.
EXIT_SAVE_SECONDS = 3.0


def _reader_commands():
    """The command provider, imported when the palette first opens (keeps start-up light)."""
    from reader.ui.commands import ReaderCommands

    return ReaderCommands


class ReaderApp(App):
    """reader: articles beside their summaries."""

    TITLE = "reader"
    COMMANDS = App.COMMANDS | {_reader_commands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True,
                id="app.command_palette"),
        Binding("colon", "command_palette", "Commands", show=False,
                id="app.command_palette_alt"),
        Binding("T", "next_theme", "Theme", show=False, id="app.next_theme"),
        Binding("B", "marks", "Bookmarks", id="app.bookmarks"),
        Binding("R", "refresh_feeds", "Refresh feeds", show=False, id="app.refresh_feeds"),
    ]

    def __init__(self, paths: Iterable[str] = (), *, stdin_bytes: bytes | None = None) -> None:
        super().__init__()
        self.paths = list(paths)
        self.stdin_bytes = stdin_bytes
        self.user_config = cfg.load_config()
        self.ui_state = cfg.load_state()
        self._reading: Screen | None = None
        self.store = None

    # ------------------------------------------------------------------ start-up
    def compose(self):
        # A light first frame; the library (tables, footer) is built right after it.
        from textual.widgets import Static

        yield Static("reader — opening the library…", id="splash")

    def on_mount(self) -> None:
        theme = self.ui_state.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.user_config.keymap:
            self.set_keymap(self.user_config.keymap)
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        from reader.core.documents import seeds_dir
        from reader.ui.library import LibraryScreen

        for problem in self.user_config.problems:
            self.notify(problem, title="Config", severity="error", timeout=10, markup=False)
        self._open_store()

        sources = [p for p in self.paths if p != "-"]
        label = "Library"
        if not self.paths:
            from reader.core.web import saved_urls

            sources = [str(seeds_dir()), *saved_urls()]
            label = "Sample and saved web articles" if len(sources) > 1 else "Sample articles"
        library = LibraryScreen(sources, label, sources_given=bool(self.paths))
        self.push_screen(library)
        if self.stdin_bytes is not None:
            from reader.core.documents import document_from_bytes

            try:
                doc = document_from_bytes(self.stdin_bytes, "-")
            except Exception as exc:
                self.notify(f"stdin: {exc}", severity="error", markup=False)
            else:
                library.entries.append(_entry("-", doc))
                self.open_document("-", doc)
        elif len(self.paths) == 1 and self.paths[0] != "-":
            import os

            from reader.core.document import is_url

            if is_url(self.paths[0]) or not os.path.isdir(self.paths[0]):
                self.prewarm()
                self.open_document(self.paths[0], None)

    def prewarm(self) -> None:
        """Load NLTK's Punkt and the stemmer in the background, once."""
        if not getattr(self, "_prewarmed", False):
            self._prewarmed = True
            self.run_worker(_prewarm, thread=True, group="prewarm", exit_on_error=False)

    def _open_store(self) -> None:
        from reader.core.library import Store, StoreError

        try:
            self.store = Store()
        except (StoreError, OSError) as exc:
            self.store = None
            self.notify(f"{exc}. Reading works; bookmarks and positions are not saved.",
                        title="Store unavailable", severity="error", timeout=10, markup=False)
            return
        except Exception as exc:  # sqlite3 errors of every kind
            self.store = None
            self.notify(f"Could not open the store: {exc}", title="Store unavailable",
                        severity="error", timeout=10, markup=False)
            return
        if self.store.notice:
            self.notify(self.store.notice, title="Store", severity="warning", timeout=15,
                        markup=False)

    def store_call(self, fn: Callable[[Store], T], done: Callable[[T], object] | None = None,
                   failed: Callable[[str], object] | None = None) -> None:
        """Run ``fn(store)`` in a thread (never on the UI thread: a locked or full store
        must not freeze the screen); ``done(result)`` or ``failed(why)`` run back here."""

        def run() -> None:
            try:
                store = self.store
                if store is None:
                    raise StoreUnavailable("the store is not available")
                result = fn(store)
            except Exception as exc:
                if failed is not None:
                    self._call_back(failed, store_problem(exc))
                return
            if done is not None:
                self._call_back(done, result)

        self.run_worker(run, thread=True, group="store", exit_on_error=False)

    def _call_back(self, fn: Callable[..., object], *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.call_from_thread(fn, *args)

    def on_unmount(self) -> None:
        # Screens are closed without their own unmount handlers at shutdown: save the place
        # here too, in a thread given a few seconds (a locked store must not hold up quitting).
        reading, store = self._reading, self.store
        self.store = None
        save = reading.place_to_save() if reading is not None else None

        def save_and_close() -> None:
            if store is None:
                return
            if save is not None:
                with contextlib.suppress(Exception):
                    save(store)
            store.close()

        closer = threading.Thread(target=save_and_close, daemon=True)
        closer.start()
        closer.join(EXIT_SAVE_SECONDS)

    def action_refresh_feeds(self) -> None:
        if self.store is None:
            self.notify("Feeds need the store, which is not available", severity="warning")
            return
        if not self.store.feeds():
            self.notify("No feeds yet: add one with 'reader feeds add URL'", timeout=4)
            return
        self.notify("Refreshing feeds…", timeout=2)
        self.run_worker(self._refresh_feeds, thread=True, exclusive=True, group="feeds",
                        exit_on_error=False)

    def _refresh_feeds(self) -> None:
        from reader.core import feeds
        from reader.core.library import Store

        store = Store()  # this thread's own connection
        try:
            def progress(k: int, n: int, url: str, error: str | None) -> None:
                if error:
                    self.call_from_thread(self.notify, f"{url}: {error}", severity="warning",
                                          markup=False)

            results = feeds.refresh(store, progress)
        finally:
            store.close()
        new = sum(v for v in results.values() if isinstance(v, int))
        self.call_from_thread(self._feeds_refreshed, new, len(results))

    def _feeds_refreshed(self, new: int, total: int) -> None:
        from reader.ui.library import LibraryScreen

        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.add_feed_items()
        self.notify(f"{new} new items from {total} feeds", timeout=3)

    def library_mark(self, entry) -> str:
        """★ has bookmarks, ◐ partly read, ✓ read to the end, • unread feed item."""
        store, doc = self.store, entry.document
        if store is not None and entry.feed is not None:
            item = store.feed_item_for_link(entry.source)
            return "" if item is None or item.read else "•"
        if store is None or doc is None:
            return ""
        from reader.core.library import source_key

        try:
            info = store.summary_for(doc.content_hash, source_key(entry.source, doc.meta))
        except Exception:
            return ""
        if info is None:
            return ""
        marks, progress = info
        if marks:
            return "★"
        if progress >= 0.98:
            return "✓"
        return "◐" if progress > 0.01 else ""

    def action_marks(self) -> None:
        from reader.ui.notes import MarksScreen

        if not isinstance(self.screen, MarksScreen):
            self.push_screen(MarksScreen())

    def _theme_changed(self, theme) -> None:
        self.ui_state["theme"] = theme.name
        cfg.save_state(self.ui_state)

    # ------------------------------------------------------------------ navigation
    def open_document(self, source: str, document: Document | None,
                      goto: int | None = None) -> None:
        from reader.ui.reading import ReadingScreen

        if self._reading is not None and self._reading in self.screen_stack:
            self.show_library()
        screen = ReadingScreen(source, document, goto=goto)
        self._reading = screen
        self.push_screen(screen)

    def show_library(self) -> None:
        from reader.ui.library import LibraryScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()
        self._reading = None
        if isinstance(self.screen, LibraryScreen):
            self.screen.refilter()  # marks and progress may have changed

    # ------------------------------------------------------------------ actions
    def action_help(self) -> None:
        from reader.ui.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))

    def action_next_theme(self) -> None:
        names = sorted(self.available_themes)
        k = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(k + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=1.5)

    def app_commands(self):
        cmds = [
            ("app: Help (all keys)", self.action_help, "Show every key binding"),
            ("app: Next theme", self.action_next_theme, "Cycle through the themes"),
            ("app: Quit", self.exit, "Leave reader"),
            ("library: Show library", self.show_library, "Go to the article list"),
            ("feeds: Refresh", self.action_refresh_feeds,
             "Fetch every subscribed feed in the background"),
            ("bookmark: List all bookmarks and notes", self.action_marks,
             "Every bookmark, highlight and note; open, edit, delete"),
        ]
        for name in sorted(self.available_themes):
            cmds.append((f"theme: {name}", partial(setattr, self, "theme", name),
                         f"Switch to the {name} theme"))
        return cmds

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Our provider lists themes and help with "area: action" titles; keep the
        # system commands that add something (quit, keys panel, screenshot).
        for command in super().get_system_commands(screen):
            if command.title.lower().startswith(("theme", "change theme")):
                continue
            yield command


def _prewarm() -> None:
    """Import NLTK's Punkt and sumy's stemmer while the user looks at the first screen."""
    from reader.core.sentences import prewarm
    from reader.core.summarize import _stemmer, stop_words

    prewarm()
    _stemmer("english")
    stop_words("english")


def _entry(source: str, doc: Document):
    from reader.ui.library import Entry

    return Entry(source, doc)
