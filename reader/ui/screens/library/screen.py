"""The library: one row per article; filter as you type; Enter opens.

Two ways to fill it (see the package's docstring): from the store, a page of rows at a time
(:mod:`.store`), or the files given on the command line (:mod:`.files`). The screen holds
the rows shown and the filter; its parts own the rest.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, ProgressBar, Static

from reader.core.dates import display_date
from reader.core.textsafe import fit_words, one_line, one_line_tail, reading_time, safe_text
from reader.ui import parts
from reader.ui.parts import Command, Part, routed
from reader.ui.screens.library.decks import Decks
from reader.ui.screens.library.files import FileListing
from reader.ui.screens.library.rows import COLUMNS, Entry
from reader.ui.screens.library.store import StoreListing
from reader.ui.screens.library.triage import Triage
from reader.ui.screens.library.views import Views
from reader.ui.widgets.common import (
    FieldInput,
    VimDataTable,
    column_widths,
    display_source,
    focus_now,
    set_columns,
)

#: Seconds of quiet after a keystroke before the list is filtered again.
FILTER_PAUSE = 0.12

#: The parts with keys, by the name their keys are routed with (and the screen's attribute).
PARTS: dict[str, type[Part]] = {"triage": Triage, "views": Views, "decks": Decks}


class LibraryScreen(Screen):
    """The user's library from the store, or the articles given on the command line."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("enter", "open", "Open", id="library.open"),
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear"),
        *(binding for name, part in PARTS.items() for binding in routed(name, part.BINDINGS)),
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
        # The rows shown (filled by the listing).
        self.entries: list[Entry] = []
        self.shown_rows: list[int] = []
        self.matching = 0  # entries matching the filter (the table shows at most MAX_ROWS)
        self.is_loading = True
        self.widths: dict[str, int] = {}
        self._filter_timer = None
        # The parts; the listing is chosen once the store is known (on mount).
        self.views = Views(self)
        self.triage = Triage(self)
        self.decks = Decks(self)
        self.listing: FileListing | StoreListing = FileListing(self)

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

    @property
    def from_store(self) -> bool:
        """Whether the store is listed (not files given on the command line)."""
        return isinstance(self.listing, StoreListing)

    def on_mount(self) -> None:
        table = self.table
        self.widths = set_columns(table, COLUMNS, self.app.size.width - 2)
        table.focus()
        library = getattr(self.app, "library", None)
        if not self.sources_given and library is not None and not library.read_only:
            self.listing = StoreListing(self)
            self.query_one("#filter", Input).placeholder = (
                'Filter: words, "a phrase", tag:x, is:unread, feed:name (/)')
        self.query_one("#views").display = self.from_store
        self.listing.start()

    # ------------------------------------------------------------------ keys
    def action_part(self, name: str, action: str, *arguments: object) -> None:
        """Every part's key: the part's method *action*."""
        parts.route(self, name, action, *arguments)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return parts.check(self, action, parameters)

    # ------------------------------------------------------------------ what the parts use
    def alive(self) -> bool:
        """Whether the screen is still there to show an answer from the store thread."""
        return bool(self.is_attached and self.query("#filter"))

    def reload(self, keep_cursor: bool = True) -> None:
        """List again (an article was added or changed)."""
        self.listing.reload(keep_cursor)

    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value.strip()

    def selected(self) -> Entry | None:
        """The entry under the cursor."""
        table = self.table
        if not self.shown_rows or not 0 <= table.cursor_row < len(self.shown_rows):
            return None
        return self.entries[self.shown_rows[table.cursor_row]]

    def add_row(self, i: int, entry: Entry) -> None:
        widths = self.widths
        where = display_source(entry.source)
        if entry.feed:
            when = entry.date if entry.article is not None else display_date(entry.date)
            where = f"feed: {entry.feed}" + (f" · {when}" if when else "")
        title = Text(one_line(entry.title, widths["title"]))
        if entry.article is not None and (entry.article.tags or entry.article.state != "inbox"):
            extra = " ".join([*(f"#{t}" for t in entry.article.tags),
                              *([entry.article.state] if entry.article.state != "inbox" else [])])
            room = widths["title"] - len(title) - 2
            if room > 4:
                title.append("  " + one_line(extra, room), style="dim")
        source = Text(one_line_tail(where, widths["source"]) if where.startswith(("/", "~/"))
                      else one_line(where, widths["source"]))
        deck = self.decks.line(entry.article)
        if deck:  # under the title, and on under the source when it is longer
            head, rest = fit_words(deck, widths["title"])
            title.append("\n" + head, style="italic dim")
            source.append("\n" + one_line(rest, widths["source"], at_word=True),
                          style="italic dim")
        self.table.add_row(
            Text(entry.mark),
            title,
            source,
            Text(f"{entry.words:,}" if entry.words else "", justify="right"),
            Text(reading_time(entry.words), justify="right"),
            key=str(i),
            height=2 if deck else 1,
        )

    def update_status(self) -> None:
        self.query_one("#lib-status", Static).update(self.listing.status())

    # ------------------------------------------------------------------ the widgets' events
    def on_resize(self, event: events.Resize) -> None:
        widths = column_widths(COLUMNS, event.size.width - 2)
        if widths != self.widths:  # columns shrink and grow with the terminal
            self.widths = set_columns(self.table, COLUMNS, event.size.width - 2)
            self.listing.resized()

    @on(DataTable.RowHighlighted, "#articles")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.listing.near_row(event.cursor_row)

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        # Typing stays fluid: the list follows once the keys pause.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_PAUSE, self.listing.refilter)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.table.focus()
        self.listing.submitted()  # filtered at once; one match is opened

    @on(DataTable.RowSelected, "#articles")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_entry(int(event.row_key.value))

    # ------------------------------------------------------------------ own keys
    def action_open(self) -> None:
        table = self.table
        if not self.shown_rows or table.cursor_row < 0:
            return
        self.open_entry(self.shown_rows[table.cursor_row])

    def open_entry(self, i: int) -> None:
        entry = self.entries[i]
        self.app.open_document(entry.source, entry.document)  # type: ignore[attr-defined]

    def action_filter(self) -> None:
        focus_now(self.query_one("#filter", Input))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.filter_now()
        self.table.focus()

    def filter_now(self) -> None:
        """Filter at once (Enter, Escape), not when typing pauses."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        self.listing.refilter()

    def palette_commands(self) -> list[Command]:
        cmds: list[Command] = [
            ("library: Filter", self.action_filter, "Filter the article list"),
            ("library: Clear filter", self.action_clear_filter, "Show every article"),
        ]
        if self.from_store:
            cmds += self.triage.commands() + self.views.commands() + self.decks.commands()
        for i in self.shown_rows[:200]:
            entry = self.entries[i]
            cmds.append((f"open: {' '.join(entry.title.split())[:80]}",
                         lambda i=i: self.open_entry(i), display_source(entry.source)))
        return cmds
