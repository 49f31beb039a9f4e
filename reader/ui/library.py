"""The library: one row per article; filter as you type; Enter opens.

Two ways to fill it. Opened without paths, it lists the user's library *from the store*: a
page of rows at a time (more as the cursor nears the end), so 10,000 articles open as fast as
ten and no article's text is held for a row; the filter is the search language; views
(Inbox, Later, Starred, Archive, All and saved ones), sorts, and one key each to archive, keep
for later, star, tag and mark read. Opened with paths, it lists those files as loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, ProgressBar, Static
from textual.worker import get_current_worker

from reader.core.dates import display_date
from reader.core.textsafe import (
    matches_words,
    one_line,
    one_line_tail,
    plural,
    reading_time,
    safe_text,
)
from reader.ui.library_rows import COLUMNS, Entry, mark_text
from reader.ui.library_store import _STORE_ACTIONS, BUILT_IN_VIEWS, StoreListing
from reader.ui.widgets import (
    FieldInput,
    VimDataTable,
    column_widths,
    display_source,
    focus_now,
    set_columns,
)

if TYPE_CHECKING:
    pass

#: The most rows the table holds at once; the filter narrows the rest.
MAX_ROWS = 1000
#: Seconds of quiet after a keystroke before the list is filtered again.
FILTER_PAUSE = 0.12

class LibraryScreen(StoreListing, Screen):
    """The user's library from the store, or the articles given on the command line."""

    BINDINGS = [
        Binding("enter", "open", "Open", id="library.open"),
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear"),
        Binding("a", "archive", "Archive", id="library.archive"),
        Binding("l", "later", "Keep for later", show=False, id="library.later"),
        Binding("s", "star", "Star", id="library.star"),
        Binding("t", "tag", "Tag", show=False, id="library.tag"),
        Binding("m", "toggle_read", "Mark read/unread", show=False, id="library.read"),
        Binding("v", "next_view", "View", id="library.next_view"),
        Binding("V", "previous_view", "Previous view", show=False, id="library.prev_view"),
        Binding("w", "save_view", "Save view", show=False, id="library.save_view"),
        Binding("W", "remove_view", "Remove view", show=False, id="library.remove_view"),
        Binding("A", "add", "Add files or a URL", show=False, id="library.add"),
        Binding("o", "next_sort", "Sort", id="library.sort"),
        Binding("O", "reverse_sort", "Reverse sort", show=False, id="library.reverse"),
    ]

    DEFAULT_CSS = """
    LibraryScreen #heading { height: 1; background: $primary; color: $text; padding: 0 1;
                             text-style: bold; }
    LibraryScreen #views { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    LibraryScreen #filter { margin: 0 0; }
    LibraryScreen #articles { height: 1fr; }
    LibraryScreen #adding-label { height: 1; padding: 0 1; display: none; }
    LibraryScreen #adding { height: 1; padding: 0 1; display: none; }
    LibraryScreen #lib-status { height: 1; background: $panel; color: $text-muted;
                                padding: 0 1; }
    """

    def __init__(self, sources: list[str], label: str = "Library",
                 sources_given: bool = False) -> None:
        super().__init__()
        self.sources = sources
        self.sources_given = sources_given
        self.label = label
        self.entries: list[Entry] = []
        self.shown_rows: list[int] = []
        self.matching = 0  # entries matching the filter (the table shows at most MAX_ROWS)
        self._filter_timer = None
        self.is_loading = True
        # A library listed from the store (see the module's docstring).
        self.from_store = False
        self.views: list[tuple[str, str]] = list(BUILT_IN_VIEWS)
        self.view = 0
        self.sort = "added"
        self.reverse = False
        self.total = 0  # articles matching the view and the filter, in the store
        self.problem: str | None = None  # why the filter cannot be run
        self._generation = 0  # answers to an older listing are dropped
        self._more_asked = False
        self.open_single = False

    def compose(self) -> ComposeResult:
        yield Static(Text(safe_text(f"reader — {self.label}")), id="heading")
        yield Static(id="views", markup=False)
        yield FieldInput(placeholder="Filter articles: type words from a title or path (/)",
                    id="filter")
        yield VimDataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Static(id="adding-label", markup=False)
        yield ProgressBar(id="adding", show_eta=False)
        yield Static(id="lib-status", markup=False)
        yield Footer()

    @property
    def table(self) -> VimDataTable:
        return self.query_one("#articles", VimDataTable)

    def on_mount(self) -> None:
        table = self.table
        self.widths = set_columns(table, COLUMNS, self.app.size.width - 2)
        table.focus()
        library = getattr(self.app, "library", None)
        self.from_store = (not self.sources_given and library is not None
                           and not library.read_only)
        self.query_one("#views").display = self.from_store
        if self.from_store:
            self.query_one("#filter", Input).placeholder = (
                'Filter: words, "a phrase", tag:x, is:unread, feed:name (/)')
            self.app.store_call(self._first_run, self._views_loaded, self._store_failed)
        else:
            self.load_entries()
            self.add_feed_items()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A list of files has nothing to triage: those keys are neither shown nor run.
        return not (action in _STORE_ACTIONS and not self.from_store)

    # ------------------------------------------------------------------ from paths
    @work(thread=True, exclusive=True, exit_on_error=False, group="feed-items")
    def add_feed_items(self) -> None:
        """List the items of subscribed feeds (not fetched until opened)."""
        from reader.core.document import FEED_ITEM_PREFIX

        library = self.app.library
        if library is None or self.sources_given or self.from_store:
            return
        try:
            items = library.feed_items()
        except Exception:
            return  # the store said why when it opened; the list works without feeds
        entries = [Entry(item.link or f"{FEED_ITEM_PREFIX}{item.id}", label=item.title,
                         feed=item.feed_title, date=item.published,
                         mark="" if item.read else "•") for item in items]
        self.app.call_from_thread(self._add_feed_entries, entries)

    def feeds_changed(self) -> None:
        """Feeds were refreshed: new items join the list in their place."""
        if self.from_store:
            self.reload()
        else:
            self.add_feed_items()
    def action_add(self) -> None:
        from reader.ui.library_add import add_sources
        from reader.ui.prompt import PromptScreen

        self.app.push_screen(PromptScreen("Add to the library: a file, a folder (read "
                                          "recursively) or an http(s) URL",
                                          hint="~ is your home folder"),
                             lambda text: add_sources(self, text) if text else None)

    @on(DataTable.RowHighlighted, "#articles")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.from_store:
            self.near_row(event.cursor_row)

    def _add_feed_entries(self, entries: list[Entry]) -> None:
        known = {e.source: e for e in self.entries}
        for entry in entries:
            if entry.source in known:
                known[entry.source].mark = entry.mark
            else:
                self.entries.append(entry)
                known[entry.source] = entry
        self.refilter()

    @work(thread=True, exclusive=True, exit_on_error=False, group="library")
    def load_entries(self) -> None:
        from reader.core.documents import LoadError, expand_sources
        from reader.core.sources import load

        worker = get_current_worker()
        batch: list[Entry] = []
        unreadable: list[tuple[str, str]] = []
        for source in expand_sources(self.sources, errors=unreadable):
            if worker.is_cancelled:
                return
            try:
                entry = Entry(source, load(source))
            except LoadError as exc:
                entry = Entry(source, error=str(exc))
            except Exception as exc:
                entry = Entry(source, error=f"could not be read ({exc})")
            entry.mark = self._mark_of(entry)
            batch.append(entry)
            if len(batch) >= 50:
                self.app.call_from_thread(self._add_entries, batch)
                batch = []
        batch += [Entry(folder, error=why) for folder, why in unreadable]
        self.app.call_from_thread(self._add_entries, batch, True)

    def _mark_of(self, entry: Entry) -> str:
        """The entry's mark, asked of the library (call in a thread)."""
        library = self.app.library
        if library is None or entry.document is None:
            return entry.mark
        try:
            return mark_text(library.status(entry.document, entry.source))
        except Exception:
            return ""

    def refresh_marks(self) -> None:
        """Marks and progress again (after reading): ★ ◐ ✓ update without a restart. Asked
        on the store thread, after the reading position that was just saved."""
        if self.from_store:
            self.reload()
            return
        entries = list(enumerate(self.entries))

        def read(_library) -> dict[int, str]:
            return {i: self._mark_of(e) for i, e in entries if e.document is not None}

        self.app.store_call(read, self._show_marks)

    def _show_marks(self, marks: dict[int, str]) -> None:
        for i, mark in marks.items():
            if i < len(self.entries):
                self.entries[i].mark = mark
        self.refilter()
        self.add_feed_items()  # read feed items lose their •

    def _add_entries(self, entries: list[Entry], done: bool = False) -> None:
        for entry in entries:
            self.entries.append(entry)
            if entry.error:
                self.notify(f"{entry.source}: {entry.error}", title="Could not open",
                            severity="error", markup=False)
        if done:
            self.is_loading = False
            prewarm = getattr(self.app, "prewarm", None)
            if prewarm is not None and len(getattr(self.app, "paths", ())) != 1:
                prewarm()  # the reader is likely to open one of these next
        self.refilter()

    def refilter(self) -> None:
        if self.from_store:
            self.reload(keep_cursor=False)
            return
        query = self.query_one("#filter", Input).value
        table = self.table
        keep_key = None
        if table.row_count and table.cursor_row >= 0 and table.cursor_row < len(self.shown_rows):
            keep_key = self.shown_rows[table.cursor_row]
        self.shown_rows = []
        self.matching = 0
        table.clear()
        for i, entry in enumerate(self.entries):
            if entry.error:
                continue
            if matches_words(query, entry.title, entry.source, entry.feed or ""):
                self.matching += 1
                if len(self.shown_rows) < MAX_ROWS:  # a table of 50,000 rows freezes typing
                    self.shown_rows.append(i)
                    self._add_row(i, entry)
        if keep_key in self.shown_rows:
            table.move_cursor(row=self.shown_rows.index(keep_key))
        self._update_status()

    def on_resize(self, event: events.Resize) -> None:
        widths = column_widths(COLUMNS, event.size.width - 2)
        if widths != self.widths:  # columns shrink and grow with the terminal
            self.widths = set_columns(self.table, COLUMNS, event.size.width - 2)
            if self.from_store:
                self._show_store_rows(self.table.cursor_row)
            else:
                self.refilter()

    def _add_row(self, i: int, entry: Entry) -> None:
        where = display_source(entry.source)
        if entry.feed:
            when = entry.date if entry.article is not None else display_date(entry.date)
            where = f"feed: {entry.feed}" + (f" · {when}" if when else "")
        title = Text(one_line(entry.title, self.widths["title"]))
        if entry.article is not None and (entry.article.tags or entry.article.state != "inbox"):
            extra = " ".join([*(f"#{t}" for t in entry.article.tags),
                              *([entry.article.state] if entry.article.state != "inbox" else [])])
            room = self.widths["title"] - len(title) - 2
            if room > 4:
                title.append("  " + one_line(extra, room), style="dim")
        self.table.add_row(
            Text(entry.mark),
            title,
            Text(one_line_tail(where, self.widths["source"]) if where.startswith(("/", "~/"))
                 else one_line(where, self.widths["source"])),
            Text(f"{entry.words:,}" if entry.words else "", justify="right"),
            Text(reading_time(entry.words), justify="right"),
            key=str(i),
        )

    def _update_status(self) -> None:
        if self.from_store:
            self._update_store_status()
            return
        shown = len(self.shown_rows)
        total = sum(1 for e in self.entries if not e.error)
        failed = sum(1 for e in self.entries if e.error)
        msg = f"{shown:,} of {plural(total, 'article')}"
        if self.matching > shown:
            msg = (f"the first {shown:,} of {self.matching:,} matches ({total:,} articles): "
                   "type to narrow")
        if failed:
            msg += f" · {failed} could not be opened"
        if self.is_loading:
            msg += " · loading…"
        msg += " · Enter opens · / filters · ? help"
        self.query_one("#lib-status", Static).update(msg)

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        # Typing stays fluid: the list follows once the keys pause.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_PAUSE, self.refilter)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        if self.from_store:
            self.open_single = True  # when the listing answers with one article, open it
        self._filter_now()
        self.table.focus()
        if len(self.shown_rows) == 1 and not self.from_store:
            self.action_open()

    @on(DataTable.RowSelected, "#articles")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_entry(int(event.row_key.value))

    def action_open(self) -> None:
        table = self.table
        if not self.shown_rows or table.cursor_row < 0:
            return
        self.open_entry(self.shown_rows[table.cursor_row])

    def open_entry(self, i: int) -> None:
        entry = self.entries[i]
        self.app.open_document(entry.source, entry.document)

    def action_filter(self) -> None:
        focus_now(self.query_one("#filter", Input))

    def action_clear_filter(self) -> None:
        f = self.query_one("#filter", Input)
        f.value = ""
        self._filter_now()
        self.table.focus()

    def _filter_now(self) -> None:
        """Filter at once (Enter, Escape), not when typing pauses."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        self.refilter()

    def palette_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        cmds: list[tuple[str, Callable[[], object], str]] = [
            ("library: Filter", self.action_filter, "Filter the article list"),
            ("library: Clear filter", self.action_clear_filter, "Show every article"),
        ]
        if self.from_store:
            cmds += self.store_commands()
        for i in self.shown_rows[:200]:
            entry = self.entries[i]
            cmds.append((f"open: {' '.join(entry.title.split())[:80]}",
                         lambda i=i: self.open_entry(i), display_source(entry.source)))
        return cmds
