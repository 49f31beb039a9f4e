"""Small widgets shared by the screens."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, OptionList

from reader.core.sources import display_source  # noqa: F401 - used by the screens


class StatusLine(Widget):
    """One line of text that repaints without a layout pass (unlike ``Static.update``)."""

    DEFAULT_CSS = "StatusLine { height: 1; }"

    text: reactive[Text] = reactive(Text(), layout=False)

    def render(self) -> Text:
        return self.text


class VimOptionList(OptionList):
    """An OptionList that also moves with j/k and g/G."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "first", "First", show=False, id="list.first"),
        Binding("G", "last", "Last", show=False, id="list.last"),
    ]


class VimDataTable(DataTable):
    """A DataTable that also moves with j/k and g/G."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("g", "scroll_top", "First", show=False, id="table.first"),
        Binding("G", "scroll_bottom", "Last", show=False, id="table.last"),
    ]
