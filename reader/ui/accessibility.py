"""Screen-reader mode (``--screen-reader`` or ``[reading] screen_reader = true``).

A screen reader or a braille display follows the terminal's own cursor, which Textual
hides. In this mode the cursor is shown and kept where the reader's attention is: at the
start of the sentence being read in the article (the one spoken while listening), on the
focused row of a table or list, in a text field where its own cursor is. Decorations a
screen reader would read out as noise — box drawing, scrollbars, rules — are dropped
(:data:`CSS`), and notifications become one plain line at the bottom of the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Offset

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

#: The app's class while the mode is on.
CLASS = "-screen-reader"

CSS = f"""
App.{CLASS} * {{
    scrollbar-size: 0 0;
}}
App.{CLASS} Screen * {{
    border: none;
}}
App.{CLASS} Rule, App.{CLASS} Underline {{
    display: none;
}}
App.{CLASS} ToastRack {{
    align: left bottom;
}}
App.{CLASS} Toast {{
    border: none;
    padding: 0;
    margin: 0;
    width: 100%;
    max-width: 100%;
    background: $background;
    color: $text;
}}
App.{CLASS} Toast .toast--title {{
    text-style: none;
}}
"""

def plain(app: object) -> bool:
    """Whether *app* draws for a screen reader: no separators, rules or box drawing."""
    return bool(getattr(app, "screen_reader", False))


#: How often the cursor is put back where the attention is, in seconds.
INTERVAL = 0.1

_SHOW_CURSOR = "\x1b[?25h"


class ScreenReaderCursor:
    """Keeps the terminal's cursor on what has focus (see the module)."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.position: Offset | None = None

    def start(self) -> None:
        self.app.add_class(CLASS)
        self.app.set_interval(INTERVAL, self.follow)
        self.follow()

    def follow(self) -> None:
        """Put the cursor where the attention is, and show it."""
        from textual.widgets import Input, TextArea

        app = self.app
        focused = app.focused
        if isinstance(focused, (Input, TextArea)):
            target = None  # a text field places the cursor itself
        else:
            target = attention(app, focused)
            if target is not None:
                app.cursor_position = target
        where = app.cursor_position
        if where != self.position:
            self.position = where
            driver = getattr(app, "_driver", None)
            if driver is not None:
                driver.write(_SHOW_CURSOR)  # Textual hides the cursor when it starts
            app.screen.refresh()  # the cursor is moved with the next update


_ROW_TOPS: dict[tuple[int, int, int, int], int] = {}


def _row_top(table) -> int:
    """Where the table's cursor row starts (rows can be two lines high). Textual adds up
    every row above it: worked out again only when the row or the table changes, not at
    each look (a library of thousands of rows)."""
    key = (id(table), table.cursor_row, table.row_count, table.virtual_size.height)
    if key not in _ROW_TOPS:
        _ROW_TOPS.clear()
        _ROW_TOPS[key] = table._get_row_region(table.cursor_row).y  # Textual: no public API
    return _ROW_TOPS[key]


def attention(app: App, focused: Widget | None) -> Offset | None:
    """Where on the screen the focused widget's reader is: the start of the sentence read
    in the article, the focused row of a table or a list, else the widget's first cell."""
    from textual.widgets import DataTable, OptionList

    if focused is None or not focused.is_mounted:
        return None
    region = focused.content_region
    scroll_y = int(focused.scroll_offset.y)
    cell = None
    here = getattr(app.screen, "screen_reader_offset", None)
    locate = getattr(focused, "cell_of", None)
    if callable(here) and callable(locate):
        offset = here()
        cell = locate(offset) if offset is not None else None
    elif isinstance(focused, DataTable) and focused.row_count:
        top = _row_top(focused)
        cell = (0, top - scroll_y if top - scroll_y >= focused.header_height else 0)
    elif isinstance(focused, OptionList) and focused.highlighted is not None:
        focused._update_lines()  # Textual has no public API for these
        line = focused._index_to_line.get(focused.highlighted)
        cell = (0, line - scroll_y) if line is not None else None
    if cell is None:
        cell = (0, 0)
    x, y = cell
    if y < 0:  # begun above the screen: its first line shown
        x, y = 0, 0
    elif y >= region.height:
        x, y = 0, max(0, region.height - 1)
    return Offset(region.x + max(0, min(x, region.width - 1)), region.y + y)
