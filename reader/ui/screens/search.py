"""``S``: search everything in the library; Enter opens the article at the match."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.sources import display_source
from reader.core.textsafe import one_line, plural, safe_text
from reader.ui.widgets.common import FieldInput, VimOptionList, focus_now


class SearchScreen(ModalScreen[None]):
    """A search box over the library's full-text index, its hits below it."""

    BINDINGS = [Binding("escape", "dismiss", "Close", id="search.close")]

    DEFAULT_CSS = """
    SearchScreen { align: center top; }
    SearchScreen > Vertical { width: 100; max-width: 100%; height: 90%; margin-top: 1;
                              border: thick $accent; background: $surface; padding: 0 1; }
    SearchScreen #search-hits { height: 1fr; }
    SearchScreen #search-status { height: 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.hits: list = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield FieldInput(placeholder='Search everything: words, "a phrase", prefix*, '
                             "-word, tag:x, is:unread, after:2026-11-01 (Enter)", id="search-query")
            yield Static("", id="search-status", markup=False)
            yield VimOptionList(id="search-hits")

    def on_mount(self) -> None:
        focus_now(self.query_one("#search-query", Input))

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Text(safe_text(text)))

    @on(Input.Changed, "#search-query")
    def _typed(self, event: Input.Changed) -> None:
        if event.value.strip():  # what is shown is no longer what was asked
            self._status("Enter searches")

    @on(Input.Submitted, "#search-query")
    def _submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if not query:
            return
        self._status("searching…")
        self.app.store_call(lambda library: library.search(query),  # type: ignore[attr-defined]
                            lambda hits: self._show(query, hits), self._failed)

    def _failed(self, why: str) -> None:
        self._status(f"Cannot search: {why}")

    def _show(self, query: str, hits: list) -> None:
        if not self.is_attached or self.query_one("#search-query", Input).value.strip() != query:
            return  # a newer search is on its way
        self.hits = hits
        options = self.query_one("#search-hits", OptionList)
        options.clear_options()
        for hit in hits:
            where = display_source(hit.article.url or hit.article.source)
            prompt = Text.assemble((one_line(hit.article.title, 90), "bold"), "  ",
                                   (one_line(where, 40), "dim"), "\n   ",
                                   one_line(hit.snippet, 94, at_word=True) if hit.snippet else "")
            options.add_option(Option(prompt))
        self._status(f"{plural(len(hits), 'match', 'matches')} · Enter opens at the match · "
                     "Escape closes" if hits else "no matches")
        if hits:
            options.highlighted = 0
            focus_now(options)

    @on(OptionList.OptionSelected, "#search-hits")
    def _open(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[event.option_index]
        source = hit.article.url or hit.article.source
        self.dismiss()
        found = (hit.offset, hit.offset + hit.length) if hit.offset >= 0 else None
        self.app.open_document(source, None, goto=found)  # type: ignore[attr-defined]
