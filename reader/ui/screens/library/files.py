"""The files given on the command line (``reader a.txt b.epub folder/``), loaded in a worker
and listed as they come, with the items of subscribed feeds; filtered here, as you type."""

from __future__ import annotations

from textual.worker import get_current_worker

from reader.core.textsafe import matches_words, plural
from reader.ui.parts import Part
from reader.ui.screens.library.rows import Entry, mark_text

#: The most rows the table holds at once; the filter narrows the rest.
MAX_ROWS = 1000


class FileListing(Part):
    """Loads the files into the screen's entries and filters them."""

    def start(self) -> None:
        self.screen.run_worker(self._load, thread=True, exclusive=True, exit_on_error=False,
                               group="library")
        self.add_feed_items()

    # ------------------------------------------------------------------ loading
    def _load(self) -> None:
        """(Worker thread.) Every file, in batches."""
        from reader.core.document import LoadError
        from reader.core.sources import load
        from reader.core.sources.files import expand_sources

        worker = get_current_worker()
        call = self.screen.app.call_from_thread
        batch: list[Entry] = []
        unreadable: list[tuple[str, str]] = []
        for source in expand_sources(self.screen.sources, errors=unreadable):
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
                call(self._add_entries, batch)
                batch = []
        batch += [Entry(folder, error=why) for folder, why in unreadable]
        call(self._add_entries, batch, True)

    def _mark_of(self, entry: Entry) -> str:
        """The entry's mark, asked of the library (call in a thread)."""
        library = self.screen.app.library
        if library is None or entry.document is None:
            return entry.mark
        try:
            return mark_text(library.status(entry.document, entry.source))
        except Exception:
            return ""

    def _add_entries(self, entries: list[Entry], done: bool = False) -> None:
        screen = self.screen
        for entry in entries:
            screen.entries.append(entry)
            if entry.error:
                screen.notify(f"{entry.source}: {entry.error}", title="Could not open",
                              severity="error", markup=False)
        if done:
            screen.is_loading = False
            prewarm = getattr(screen.app, "prewarm", None)
            if prewarm is not None and len(getattr(screen.app, "paths", ())) != 1:
                prewarm()  # the reader is likely to open one of these next
        self.refilter()

    def add_feed_items(self) -> None:
        """List the items of subscribed feeds (not fetched until opened)."""
        self.screen.run_worker(self._feed_items, thread=True, exclusive=True,
                               exit_on_error=False, group="feed-items")

    def _feed_items(self) -> None:
        """(Worker thread.)"""
        from reader.core.document import FEED_ITEM_PREFIX

        screen = self.screen
        library = screen.app.library
        if library is None or screen.sources_given:
            return
        try:
            items = library.feed_items()
        except Exception:
            return  # the store said why when it opened; the list works without feeds
        entries = [Entry(item.link or f"{FEED_ITEM_PREFIX}{item.id}", label=item.title,
                         feed=item.feed_title, date=item.published,
                         mark="" if item.read else "•") for item in items]
        screen.app.call_from_thread(self._add_feed_entries, entries)

    def _add_feed_entries(self, entries: list[Entry]) -> None:
        known = {e.source: e for e in self.screen.entries}
        for entry in entries:
            if entry.source in known:
                known[entry.source].mark = entry.mark
            else:
                self.screen.entries.append(entry)
                known[entry.source] = entry
        self.refilter()

    def feeds_changed(self) -> None:
        """Feeds were refreshed: new items join the list in their place."""
        self.add_feed_items()

    def refresh_marks(self) -> None:
        """Marks and progress again (after reading): ★ ◐ ✓ update without a restart. Asked
        on the store thread, after the reading position that was just saved."""
        entries = list(enumerate(self.screen.entries))

        def read(_library) -> dict[int, str]:
            return {i: self._mark_of(e) for i, e in entries if e.document is not None}

        self.screen.app.store_call(read, self._show_marks)

    def _show_marks(self, marks: dict[int, str]) -> None:
        entries = self.screen.entries
        for i, mark in marks.items():
            if i < len(entries):
                entries[i].mark = mark
        self.refilter()
        self.add_feed_items()  # read feed items lose their •

    # ------------------------------------------------------------------ the list
    def refilter(self) -> None:
        screen = self.screen
        query = screen.filter_text()
        table = screen.table
        keep_key = None
        if table.row_count and 0 <= table.cursor_row < len(screen.shown_rows):
            keep_key = screen.shown_rows[table.cursor_row]
        screen.shown_rows = []
        screen.matching = 0
        table.clear()
        for i, entry in enumerate(screen.entries):
            if entry.error:
                continue
            if matches_words(query, entry.title, entry.source, entry.feed or ""):
                screen.matching += 1
                if len(screen.shown_rows) < MAX_ROWS:  # 50,000 rows would freeze typing
                    screen.shown_rows.append(i)
                    screen.add_row(i, entry)
        if keep_key in screen.shown_rows:
            table.move_cursor(row=screen.shown_rows.index(keep_key))
        screen.update_status()

    def reload(self, keep_cursor: bool = True) -> None:
        self.refilter()

    def resized(self) -> None:
        self.refilter()

    def near_row(self, row: int) -> None:
        """Every row is listed already."""

    def submitted(self) -> None:
        """Enter in the filter: filtered at once; a single match opens."""
        screen = self.screen
        screen.filter_now()
        if len(screen.shown_rows) == 1:
            screen.action_open()

    def status(self) -> str:
        screen = self.screen
        shown = len(screen.shown_rows)
        total = sum(1 for e in screen.entries if not e.error)
        failed = sum(1 for e in screen.entries if e.error)
        msg = f"{shown:,} of {plural(total, 'article')}"
        if screen.matching > shown:
            msg = (f"the first {shown:,} of {screen.matching:,} matches ({total:,} articles): "
                   "type to narrow")
        if failed:
            msg += f" · {failed} could not be opened"
        if screen.is_loading:
            msg += " · loading…"
        return msg + " · Enter opens · / filters · ? help"
