"""Small widgets shared by the screens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, TextArea

from reader.core.sources import display_source  # noqa: F401 - used by the screens


def focus_now(widget: Widget) -> None:
    """Give *widget* the focus before the next key is handled.

    ``Widget.focus()`` moves focus on a later tick, so keys that arrive in one burst with
    the key that opened an input (a paste of "/quote") would still go to the old widget — and
    "q" would quit. Setting the screen's focus directly routes the rest of the burst here.
    """
    try:
        widget.screen.set_focus(widget)
    except Exception:  # not mounted yet: fall back to Textual's deferred focus
        widget.focus()


def keep_for_text_field(focused: Widget | None, event: events.Key) -> bool:
    """Deliver to the focused text field a printable key that reached the app's bindings.

    Keys of one burst (a paste, fast typing) are queued on the widget that had focus when
    they arrived. If the first of them opens an input ("/" for search), the rest still pass
    through the old widget and reach the bindings — "q" would quit. A text field stops every
    printable key it handles, so one that gets to the bindings while a field has focus was
    typed for the field: it is posted there, in order. Returns True when it did so.
    """
    if event.is_printable and isinstance(focused, (Input, TextArea)):
        event.stop()
        event.prevent_default()
        focused.post_message(events.Key(event.key, event.character))
        return True
    return False


class _BindingsInOrder:
    """A text field that runs its own key bindings (ctrl+u, backspace, enter…) as soon as
    the key reaches it, not after the key has bubbled up to the app. Textual checks
    bindings at the app, so in a burst "ctrl+u x y z" the letters were inserted first and
    ctrl+u then deleted them; here every key acts in the order it was typed."""

    async def _on_key(self, event: events.Key) -> None:
        # Textual then calls the field's own handler (typing) unless this one handled it.
        if event.is_printable:
            return
        bindings = self._bindings.key_to_bindings  # type: ignore[attr-defined]
        for binding in bindings.get(event.key, ()):
            if await self.app.run_action(binding.action, self):  # type: ignore[attr-defined]
                event.stop()
                event.prevent_default()
                return


class FieldInput(_BindingsInOrder, Input):
    """An Input whose editing keys keep their order in a burst."""


class FieldTextArea(_BindingsInOrder, TextArea):
    """A TextArea whose editing keys keep their order in a burst."""


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    least: int  # width it never goes below
    most: int  # width it never grows past
    share: int = 0  # how much of the spare width it takes (0: fixed at *least*)


def column_widths(specs: Sequence[ColumnSpec], total: int) -> dict[str, int]:
    """Cell widths for a table *total* columns wide: every column at least its *least*,
    the rest shared by *share* up to each column's *most* (DataTable pads each cell by one
    on both sides)."""
    widths = {c.key: c.least for c in specs}
    spare = total - 2 * len(specs) - sum(widths.values())
    growing = [c for c in specs if c.share]
    while spare > 0 and growing:
        weight = sum(c.share for c in growing)
        given = 0
        for c in growing:
            extra = min(c.most - widths[c.key], max(1, spare * c.share // weight))
            widths[c.key] += extra
            given += extra
        spare -= given
        growing = [c for c in growing if widths[c.key] < c.most]
        if given == 0:
            break
    return widths


def set_columns(table: DataTable, specs: Sequence[ColumnSpec], total: int) -> dict[str, int]:
    """(Re)create *table*'s columns for its width; rows are the caller's to add again."""
    widths = column_widths(specs, total)
    table.clear(columns=True)
    for c in specs:
        table.add_column(c.label, key=c.key, width=widths[c.key])
    return widths


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

    def on_focus(self) -> None:
        # A focused list shows where its cursor is: the first item, if none was chosen.
        if self.highlighted is None and self.option_count:
            self.action_first()


class VimDataTable(DataTable):
    """A DataTable that also moves with j/k and g/G."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("g", "scroll_top", "First", show=False, id="table.first"),
        Binding("G", "scroll_bottom", "Last", show=False, id="table.last"),
    ]
