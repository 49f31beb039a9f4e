"""`B`: every bookmark, highlight, article note and imported highlight waiting to be placed."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from reader.core.library.sync.merge import CONFLICT_MARK
from reader.core.textsafe import one_line, plural, safe_text
from reader.ui.dialogs.notes import NoteEditor, NoteResult
from reader.ui.widgets.common import (
    ColumnSpec,
    FieldInput,
    StatusLine,
    VimDataTable,
    column_widths,
    focus_now,
    set_columns,
)

MARK_COLUMNS = (
    ColumnSpec("kind", " ", 2, 2),
    ColumnSpec("article", "Article", 12, 40, 2),
    ColumnSpec("passage", "Passage", 16, 120, 4),
    ColumnSpec("note", "Note", 8, 40, 2),
    ColumnSpec("tags", "Tags", 6, 20, 1),
)


class MarksScreen(Screen):
    """Every bookmark, highlight and article note; filter, open, edit, delete, undo."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="marks.back"),
        Binding("enter", "open", "Open", id="marks.open"),
        Binding("slash", "filter", "Filter", id="marks.filter"),
        Binding("e", "edit", "Edit note", id="marks.edit"),
        Binding("d,delete", "delete", "Delete", id="marks.delete"),
        Binding("u", "undo", "Undo delete", id="marks.undo"),
    ]

    DEFAULT_CSS = """
    MarksScreen #marks-heading { height: 1; background: $primary; color: $text; padding: 0 1;
                                 text-style: bold; }
    MarksScreen #marks-table { height: 1fr; }
    MarksScreen #marks-status { background: $panel; color: $text-muted; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, object]] = []
        self.deleted: list[tuple[str, int]] = []  # (kind, id), newest last
        self.listed = 0  # how many times the rows were shown (tests wait on it)

    def compose(self) -> ComposeResult:
        yield Static("Bookmarks, highlights and notes", id="marks-heading")
        yield FieldInput(placeholder="Filter: words from the passage, note, tags or title (/)",
                    id="marks-filter")
        yield VimDataTable(id="marks-table", cursor_type="row", zebra_stripes=True)
        yield StatusLine(id="marks-status")
        yield Footer()

    @property
    def library(self):
        return self.app.library

    @property
    def table(self) -> VimDataTable:
        return self.query_one("#marks-table", VimDataTable)

    def on_mount(self) -> None:
        t = self.table
        self.widths = set_columns(t, MARK_COLUMNS, self.app.size.width - 2)
        self.refresh_rows()
        t.focus()

    def on_resize(self, event: events.Resize) -> None:
        widths = column_widths(MARK_COLUMNS, event.size.width - 2)
        if widths != self.widths:  # at 80 columns every column still shows, shorter
            self.widths = set_columns(self.table, MARK_COLUMNS, event.size.width - 2)
            self.refresh_rows()

    def refresh_rows(self) -> None:
        """Ask the store for the rows (in a thread); :meth:`_show_rows` fills the table."""
        if self.library is None:
            self.query_one("#marks-status", StatusLine).text = Text(
                "The store is not available: nothing can be listed.")
            return
        query = self.query_one("#marks-filter", Input).value

        def read(library):
            return query, library.notes(query), library.marks(query=query), library.pending(query)

        self.app.store_call(read, self._show_rows, self._list_failed)

    def _list_failed(self, why: str) -> None:
        self.query_one("#marks-status", StatusLine).text = Text(
            safe_text(f"Could not list the marks: {why}"))

    def _show_rows(self, found) -> None:
        query, notes, marks, pending = found
        if not self.is_attached or query != self.query_one("#marks-filter", Input).value:
            return  # a newer filter is on its way
        t = self.table
        keep = t.cursor_row
        t.clear()
        w = self.widths
        self.rows = []
        name = _article_names([(a.title, a.source) for a, _ in notes]
                              + [(m.title, m.source) for m in marks])
        for art, note in notes:
            self.rows.append(("note", art))
            t.add_row(Text("✎"), _cell(name(art.title, art.source), w["article"]),
                      Text("(article note)", style="dim"), _cell(note, w["note"]), Text(""))
        review = 0
        # Those to review first: moved by an edit of their article, or a note written on two
        # devices at once (sync kept both).
        for m in sorted(marks, key=lambda m: m.review is None and CONFLICT_MARK not in m.note):
            self.rows.append(("mark", m))
            icon = "★" if m.kind == "bookmark" else "▌"
            passage = _cell(m.text, w["passage"])
            if m.review is not None:  # the article changed: the original quote, not moved
                review += 1
                icon = "⚠"
                passage = Text("needs review: ", style="bold") + _cell(m.text, w["passage"])
            elif CONFLICT_MARK in m.note:  # edit the note (e) to keep one version
                review += 1
                icon = "⚠"
                passage = Text("two versions of the note: ", style="bold") + _cell(
                    m.text, w["passage"])
            t.add_row(Text(icon), _cell(name(m.title, m.source), w["article"]), passage,
                      _cell(m.note, w["note"]), _cell(", ".join(m.tags), w["tags"]))
        for p in pending:  # imported, not placed: the page is gone or the quote not in it
            self.rows.append(("pending", p))
            t.add_row(Text("…"), _cell(p.title, w["article"]),
                      Text("waiting: ", style="bold") + _cell(p.quote, w["passage"]),
                      _cell(p.note, w["note"]), Text(""))
        if self.rows:
            t.move_cursor(row=min(max(keep, 0), len(self.rows) - 1))
        msg = f"{plural(len(self.rows), 'item')} · Enter opens · e edits · d deletes · u undoes"
        if pending:
            msg = (f"… {plural(len(pending), 'imported highlight')} waiting to be placed "
                   "(page gone or quote not found; d drops) · " + msg)
        if review:
            msg = (f"⚠ {review} to review (their article changed; shown with the original "
                   f"quote, not moved) · " + msg)
        self.query_one("#marks-status", StatusLine).text = Text(msg)
        self.listed += 1

    def _current(self):
        t = self.table
        if not self.rows or t.cursor_row < 0 or t.cursor_row >= len(self.rows):
            return None
        return self.rows[t.cursor_row]

    @on(Input.Changed, "#marks-filter")
    def _filter(self) -> None:
        self.refresh_rows()

    @on(Input.Submitted, "#marks-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    @on(DataTable.RowSelected, "#marks-table")
    def _selected(self) -> None:
        self.action_open()

    def action_filter(self) -> None:
        focus_now(self.query_one("#marks-filter", Input))

    def action_back(self) -> None:
        if self.query_one("#marks-filter", Input).has_focus:
            self.query_one("#marks-table").focus()  # out of the filter (kept), to the list
            return
        self.dismiss()

    def action_open(self) -> None:
        cur = self._current()
        if cur is None:
            return
        kind, item = cur
        source = item.url if kind == "pending" else item.source
        # A mark held for review has no place in the new text: the article opens at the top.
        offset = item.start if kind == "mark" and item.review is None else None
        # Over this list: Escape comes back to it, where it was.
        self.app.follow_link(source, goto=offset)

    def _warn(self, what: str, why: str) -> None:
        self.notify(f"{what}: {why}", severity="warning", markup=False)

    def action_edit(self) -> None:
        cur = self._current()
        if cur is None or self.library is None:
            return
        kind, item = cur

        def done(result: NoteResult | None) -> None:
            if result is not None:
                self.refresh_rows()

        if kind == "pending":
            self.notify("An imported highlight waiting to be placed keeps the note it came "
                        "with ('reader bookmarks place' places it)", timeout=4)
            return
        if kind == "note":
            def edit(note: str) -> None:
                def save(result: NoteResult) -> None:
                    self.app.library.set_note(item, result.note)

                self.app.push_screen(NoteEditor(f"Note on {item.title}", "", note,
                                                with_tags=False, save=save), done)

            self.app.store_call(lambda library: library.note(item), edit,
                                partial(self._warn, "Could not read the note"))
        else:
            def save_mark(result: NoteResult) -> None:
                self.app.library.update_mark(item, result.note, result.tags)

            self.app.push_screen(NoteEditor(f"{item.kind.capitalize()} note", item.text,
                                            item.note, item.tags, save=save_mark), done)

    def action_delete(self) -> None:
        cur = self._current()
        if cur is None or self.library is None:
            return
        kind, item = cur
        if kind == "note":
            self.notify("Article notes are removed by emptying them (e)", timeout=3)
            return

        def done(removed: bool) -> None:
            if removed:
                self.deleted.append((kind, item.id))
                what = "waiting highlight" if kind == "pending" else item.kind
                self.notify(f"Deleted {what}; press u to undo", timeout=3)
                self.refresh_rows()

        if kind == "pending":
            self.app.store_call(lambda library: library.drop_pending(item.id), done,
                                partial(self._warn, "Not dropped"))
            return
        self.app.store_call(lambda library: library.remove_mark(item.id), done,
                            partial(self._warn, "Not deleted"))

    def action_undo(self) -> None:
        if not self.deleted or self.library is None:
            self.notify("Nothing to undo", timeout=2)
            return
        last = self.deleted[-1]
        kind, item_id = last

        def done(_: bool) -> None:
            if self.deleted and self.deleted[-1] == last:
                self.deleted.pop()
            self.notify("Restored", timeout=2)
            self.refresh_rows()

        def restore(library) -> bool:
            if kind == "pending":
                return library.restore_pending(item_id)
            return library.restore_mark(item_id)

        self.app.store_call(restore, done, partial(self._warn, "Not restored"))

    def palette_commands(self):
        return [
            ("marks: Open", self.action_open, "Open the article at this place"),
            ("marks: Edit note", self.action_edit, "Edit the note"),
            ("marks: Delete", self.action_delete, "Delete (undo with u)"),
            ("marks: Undo delete", self.action_undo, "Bring back the last deleted"),
            ("marks: Filter", self.action_filter, "Filter the list"),
        ]


def _article_names(articles: list[tuple[str, str]]):
    """How each article is named in the list: its title, and where two copies of one work
    share it (a book's .txt, EPUB and PDF), the kind of copy too — "Emma (EPUB)"."""
    from collections import defaultdict

    sources: dict[str, set[str]] = defaultdict(set)
    for title, source in articles:
        sources[title].add(source)

    def name(title: str, source: str) -> str:
        if len(sources[title]) < 2:
            return title
        return f"{title} ({_copy_kind(source)})"

    return name


def _copy_kind(source: str) -> str:
    """"EPUB", "PDF", "txt", "example.org": what tells a copy from another."""
    from pathlib import PurePath
    from urllib.parse import urlsplit

    if "://" in source:
        return urlsplit(source).hostname or source
    suffix = PurePath(source).suffix.lstrip(".")
    if suffix.lower() in ("epub", "pdf", "html", "htm"):
        return suffix.upper()
    return suffix or PurePath(source).name


def _cell(text: str, width: int) -> Text:
    return Text(one_line(text, width))
