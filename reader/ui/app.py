"""The Textual application: screens, key map, themes, command palette."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reader import config as cfg
from reader.ui.accessibility import CSS as SCREEN_READER_CSS
from reader.ui.app_helpers import all_bindings, install_signal_handlers, prewarm_nlp
from reader.ui.storecalls import StoreQueue, StoreUnavailable, store_problem
from reader.ui.sync import Syncing

if TYPE_CHECKING:
    from reader.core.document import Document
    from reader.core.library import Library
    from reader.core.preanalysis import Pending
    from reader.ui.screens.reading import ReadingScreen

T = TypeVar("T")
# How long quitting waits for the last reading position to be saved.
EXIT_SAVE_SECONDS = 3.0


def _reader_commands():
    """The command provider, imported when the palette first opens (keeps start-up light)."""
    from reader.ui.commands import ReaderCommands

    return ReaderCommands


#: Keys that quit at once, even before the first screen is up.
QUIT_KEYS = ("q", "ctrl+q", "ctrl+c")


class ReaderApp(App):
    """reader: articles beside their summaries."""

    TITLE = "reader"
    CSS = SCREEN_READER_CSS  # in effect only with the app's -screen-reader class
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
        Binding("S", "search_library", "Search all", id="app.search"),
    ]

    def __init__(self, paths: Iterable[str] = (), *, stdin_bytes: bytes | None = None,
                 preanalysis: Pending | None = None, screen_reader: bool = False) -> None:
        super().__init__()
        self.paths = list(paths)
        #: The analysis of the one file named on the command line, made by a child process
        #: while the app starts (see reader.core.preanalysis); taken once by its screen.
        self.preanalysis = preanalysis
        self.stdin_bytes = stdin_bytes
        self.user_config = cfg.load_config()
        self.syncing = Syncing(self, self.user_config.sync_folder)
        self.ui_state = cfg.load_state()
        #: Screen-reader mode (see reader.ui.accessibility).
        self.screen_reader = screen_reader or self.user_config.screen_reader
        self._reading: ReadingScreen | None = None
        self._new_library: Callable[[], Screen] | None = None  # builds the list screen
        self._list_wanted = False
        self.library: Library | None = None
        self._store_queue = StoreQueue()  # store calls, in order, off the UI thread
        self.handle_signals = False  # `reader` (not tests) turns this on
        #: Whether the store thread has tried to open the library yet.
        self.store_opened = False
        #: Keys typed before the first screen is up (None once it is: see on_key).
        self._early_keys: list[str] | None = []

    def on_key(self, event: events.Key) -> None:
        # Runs before the app's bindings (App._on_key). Keys typed while the first look is
        # on screen (before the reading screen or the list is built) are kept and given to
        # that screen once it is up: never lost, never sent to the wrong screen.
        if self._early_keys is not None and event.key not in QUIT_KEYS:
            self._early_keys.append(event.key)
            event.prevent_default()
            event.stop()
            return
        # A burst of keys typed for a text field that got focus mid-burst goes to the
        # field, not to "q" = quit.
        from reader.ui.widgets.common import keep_for_text_field  # loaded by then: not before paint

        keep_for_text_field(self.focused, event)

    def _first_screen_up(self, screen: Screen, tries: int = 400) -> None:
        """The first real screen is up: the keys typed before it go to it (a reading screen
        once its text is drawn, so that j or G move the article — waiting up to 20 s: on a
        busy machine 2 s was not always enough, and G then went to the end of no text)."""
        shown = getattr(screen, "text_shown", None)
        if shown is not None and not shown.is_set() and tries > 0:
            self.set_timer(0.05, partial(self._first_screen_up, screen, tries - 1))
            return
        keys, self._early_keys = self._early_keys or [], None
        for key in keys:
            self.simulate_key(key)

    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification (screens' too) shows text from outside as data: control
        characters made visible, never markup."""
        from reader.core.textsafe import safe_text

        super().notify(safe_text(str(message)), title=safe_text(str(title)),
                       severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ start-up
    def compose(self):
        # A light first frame (reader FILE: the article and its summary, if the start-up
        # child has them); the library or the reading screen is built right after it.
        from textual.widgets import Static

        from reader.ui.widgets.first_look import first_look

        look = first_look(self.preanalysis, self.paths, self.size, self.user_config)
        yield look if look is not None else Static("reader — opening the library…",
                                                   id="splash")

    def take_preanalysis(self, source: str) -> Pending | None:
        """The start-up child's analysis, if it was of *source* (given once)."""
        pre, self.preanalysis = self.preanalysis, None
        if pre is not None and pre.source != source:
            pre.cancel()
            return None
        return pre

    def on_load(self) -> None:
        # Before the first look is drawn: a terminal closed at any moment ends the app.
        if self.handle_signals:
            install_signal_handlers(self, self.leave_now)

    def leave_now(self):
        """SIGTERM or SIGHUP: the start-up child stopped, the reading place saved; returns
        an event set once the store has written it."""
        if self.preanalysis is not None:
            self.preanalysis.cancel()
        return self._store_queue.submit(self._place_saver(close=False))

    def _place_saver(self, close: bool, sync: bool = False) -> Callable[[], None]:
        """A store job saving the place in the article on top (one opened from a link or
        from B too), else the last opened; with *sync*, a sync round after it (the place
        travels); with *close*, the library is closed after that."""
        on_top = self.screen_stack[-1] if self.screen_stack else None
        reading = on_top if hasattr(on_top, "place") else self._reading
        save = reading.place.to_save() if reading is not None else None
        library = self.library
        if close:
            self.library = None

        def job() -> None:
            if library is None:
                return
            if save is not None:
                with contextlib.suppress(Exception):
                    save(library)
            if sync and self.syncing.folder is not None and not library.read_only:
                with contextlib.suppress(Exception):
                    self.syncing.job(library)
            if close:
                library.close()

        return job

    def on_mount(self) -> None:
        if len(self.paths) == 1 and self.preanalysis is None:
            # An article to show: Punkt loads while the screens are built.
            import threading

            from reader.core.analysis.sentences import import_punkt

            threading.Thread(target=import_punkt, name="punkt", daemon=True).start()
        theme = self.ui_state.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.user_config.keymap:
            self.set_keymap(self.user_config.keymap)
        if self.screen_reader:
            from reader.ui.accessibility import ScreenReaderCursor

            ScreenReaderCursor(self).start()
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        for problem in self.user_config.problems:
            self.notify(problem, title="Config", severity="error", timeout=10, markup=False)
        if self.user_config.keymap:
            for problem in cfg.keymap_problems(self.user_config.keymap, all_bindings(self)):
                self.notify(problem, title="Config", severity="warning", timeout=10)
        # The library opens on the store thread (a store locked by another process must not
        # freeze the screen), before any store call; the screens come once it has answered,
        # except that one file named on the command line opens at once (its store calls
        # queue behind the opening).
        self._store_queue.submit(self._open_library)
        if self._one_file():
            self.open_document(self.paths[0], None)  # prewarms once the summary shows

    def _one_file(self) -> bool:
        import os

        return (len(self.paths) == 1 and self.paths[0] != "-" and self.stdin_bytes is None
                and os.path.isfile(self.paths[0]))

    def _open_library(self) -> None:
        from reader.core.library import Library, StoreError

        try:
            library, problem = Library.open(), None
        except (StoreError, OSError) as exc:
            library, problem = None, store_problem(exc)
        except Exception as exc:  # anything else SQLite may raise
            library, problem = None, f"could not open the store: {store_problem(exc)}"
        self.library = library  # before the store calls queued behind this one run
        self.store_opened = True  # (or failed to): library None from now on means failed
        self.call_back(self._library_opened, library, problem)

    def _library_opened(self, library: Library | None, problem: str | None) -> None:
        if problem is not None:
            self.notify(f"{problem}. Reading works; bookmarks and positions are not saved.",
                        title="Store unavailable", severity="error", timeout=10, markup=False)
        elif library is not None and library.notice:
            self.notify(library.notice, title="Store", severity="warning", timeout=15,
                        markup=False)
        self._show_start_screens()
        self.syncing.start()

    def _show_start_screens(self) -> None:
        from reader.core.sources.files import seeds_dir
        from reader.ui.screens.library import LibraryScreen

        sources = [p for p in self.paths if p != "-"]
        label = "Library"
        if not self.paths:
            from reader.core.sources.web import saved_urls

            sources = [str(seeds_dir()), *saved_urls()]
            label = "Library"
            if self.library is None or self.library.read_only:  # no store: files as they are
                label = ("Sample and saved web articles" if len(sources) > 1
                         else "Sample articles")
        self._new_library = partial(LibraryScreen, sources, label,
                                    sources_given=bool(self.paths))
        if self._one_file():  # already open: the list comes when the reader goes back to it
            if self._list_wanted:
                self.push_screen(self._new_library())
            return
        if len(self.paths) == 1 and self.paths[0] != "-" and self.stdin_bytes is None:
            from reader.core.urls import is_url

            # A link opens alone too. A missing file is reported once, by the list.
            if is_url(self.paths[0]):
                self.open_document(self.paths[0], None)
                return
        library = self._new_library()
        self.push_screen(library)
        if self._early_keys is not None:
            self.call_after_refresh(self._first_screen_up, library)
        if self.stdin_bytes is not None:
            from reader.core.sources.files import document_from_bytes

            try:
                doc = document_from_bytes(self.stdin_bytes, "-")
            except Exception as exc:
                self.notify(f"stdin: {exc}", severity="error", markup=False)
            else:
                from reader.ui.screens.library import Entry

                library.entries.append(Entry("-", doc))
                self.open_document("-", doc)

    def prewarm(self) -> None:
        """Load NLTK's Punkt and the stemmer in the background, once."""
        if not getattr(self, "_prewarmed", False):
            self._prewarmed = True
            self.run_worker(prewarm_nlp, thread=True, group="prewarm", exit_on_error=False)

    def store_call(self, fn: Callable[[Library], T], done: Callable[[T], object] | None = None,
                   failed: Callable[[str], object] | None = None) -> None:
        """Run ``fn(library)`` on the store thread, in order (never on the UI thread: a locked
        or full store must not freeze the screen); ``done(result)`` or ``failed(why)`` run
        back here."""

        def run() -> None:
            try:
                library = self.library
                if library is None:
                    raise StoreUnavailable("the store is not available")
                result = fn(library)
            except Exception as exc:
                if failed is not None:
                    self.call_back(failed, store_problem(exc))
                return
            if done is not None:
                self.call_back(done, result)

        self._store_queue.submit(run)

    def call_back(self, fn: Callable[..., object], *args: object, **kwargs: object) -> None:
        """Run ``fn(*args)`` on the UI thread, from any thread, without waiting for it (the
        store thread must never block on a UI thread that is waiting for it, e.g. at exit)."""
        from textual.events import Callback

        self.post_message(Callback(callback=partial(fn, *args, **kwargs)))

    def on_unmount(self) -> None:
        # Screens are closed without their own unmount handlers at shutdown: save the place
        # here too, in a thread given a few seconds (a locked store must not hold up quitting).
        web = sys.modules.get("reader.core.sources.web")
        if web is not None:
            web.cancel_all()  # no thread is left waiting on a slow server after quitting
        for screen in self.screen_stack:
            listen = getattr(screen, "listen", None)
            if listen is not None:
                listen.leave()  # no voice goes on after quitting
        # After whatever is still queued (a note being saved), within a few seconds.
        self._store_queue.submit(self._place_saver(close=True, sync=True)).wait(
            EXIT_SAVE_SECONDS)
        self._store_queue.stop()

    def action_refresh_feeds(self) -> None:
        from reader.ui.feeds_refresh import refresh_feeds

        refresh_feeds(self)

    def action_marks(self) -> None:
        from reader.ui.screens.marks import MarksScreen

        if not isinstance(self.screen, MarksScreen):
            self.push_screen(MarksScreen())

    def _theme_changed(self, theme) -> None:
        self.ui_state["theme"] = theme.name
        cfg.save_state(self.ui_state)

    # ------------------------------------------------------------------ navigation
    def open_document(self, source: str, document: Document | None,
                      goto: int | tuple[int, int] | None = None) -> ReadingScreen:
        """Read *source* (its *document* if loaded); at *goto* — an offset, or a span shown
        marked (a search hit) — instead of the saved place."""
        from reader.ui.screens.reading import ReadingScreen

        if self._reading is not None and self._reading in self.screen_stack:
            self.show_library()
        screen = ReadingScreen(source, document, self.user_config.analysis_settings(), goto=goto)
        self._reading = screen
        self.push_screen(screen)
        if self._early_keys is not None:
            self.call_after_refresh(self._first_screen_up, screen)
        return screen

    def follow_link(self, target: str, goto: int | None = None) -> None:
        """Open *target* over this screen (a link, a mark from B): Escape comes back."""
        from reader.ui.screens.reading import ReadingScreen

        self.push_screen(ReadingScreen(target, None, self.user_config.analysis_settings(),
                                       goto=goto, followed=True))

    def show_library(self) -> None:
        from reader.ui.screens.library import LibraryScreen

        if self._reading is not None:
            self._reading.place.save()  # queued before the list asks for its marks
        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()
        if not isinstance(self.screen, LibraryScreen):
            # One article was opened alone: its list is built now (or once the store has
            # answered, if the reader left that fast).
            if self._new_library is not None:
                self.push_screen(self._new_library())
            else:
                self._list_wanted = True
        self._reading = None
        if isinstance(self.screen, LibraryScreen):
            self.screen.listing.refresh_marks()  # marks and progress may have changed

    # ------------------------------------------------------------------ actions
    def action_search_library(self) -> None:
        """Full-text search over every article, highlight, note and tag."""
        from reader.ui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen

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
            ("library: Search everything", self.action_search_library,
             "Full-text search over every article, highlight, note and tag"),
            ("feeds: Refresh", self.action_refresh_feeds,
             "Fetch every subscribed feed in the background"),
            ("bookmark: List all bookmarks and notes", self.action_marks,
             "Every bookmark, highlight and note; open, edit, delete"),
        ]
        from reader.ui.interop import interop_commands

        cmds += interop_commands(self)
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
