"""The ? help screen: every key of the screen below, with its binding id for remapping."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from reader.config import config_path

#: The help's sections, and the keys in each, in reading order; a tuple is one row
#: ("Down / Up"). Every binding id of reader is placed here.
HELP_LAYOUT: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("Reading", (
        ("reading.down", "reading.up"), ("reading.page_down", "reading.page_up"),
        ("reading.top", "reading.bottom"), ("reading.search",),
        ("reading.next_match", "reading.prev_match"), ("reading.focus_left", "reading.focus_right"),
        ("reading.focus_next",), ("list.down", "list.up"), ("list.first", "list.last"),
        ("reading.next_chapter", "reading.prev_chapter"), ("reading.contents",),
        ("reading.links",), ("reading.open_link", "reading.copy_link"),
        ("reading.back_jump", "reading.forward_jump"), ("reading.back",),
    )),
    ("Listening", (
        ("reading.listen",), ("listen.summary", "listen.chapter"), ("listen.pause",),
        ("listen.slower", "listen.faster"),
        ("listen.next", "listen.previous"), ("listen.stop",), ("listen.queue",),
        ("listen.archive",), ("reading.ruler",),
        ("reading.spacing",),
        ("reading.rsvp",), ("rsvp.pause",), ("rsvp.slower", "rsvp.faster"), ("rsvp.stop",),
    )),
    ("Summary", (
        ("reading.next_summary", "reading.prev_summary"), ("reading.longer", "reading.shorter"),
        ("reading.next_algorithm", "reading.prev_algorithm"), ("reading.chapter_summary",),
    )),
    ("Marks", (
        ("reading.bookmark",), ("reading.select",), ("reading.highlight",),
        ("reading.article_note",), ("reading.show_entities", "reading.show_quotes"),
        ("reading.toggle_panel",),
        ("reading.toggle_entities", "reading.toggle_quotes"),
        ("reading.toggle_summary", "reading.toggle_matches"), ("app.bookmarks",),
        ("marks.open",), ("marks.edit",), ("marks.delete", "marks.undo"), ("marks.filter",),
        ("marks.back",),
    )),
    ("Library", (
        ("app.search",), ("library.open",), ("library.filter", "library.clear"),
        ("table.down", "table.up"),
        ("table.first", "table.last"), ("library.add",), ("library.archive",), ("library.later",),
        ("library.star",), ("library.tag",), ("library.read",), ("library.remove",),
        ("library.undo",),
        ("library.next_view", "library.prev_view"), ("library.decks",),
        ("library.save_view", "library.remove_view"),
        ("library.sort", "library.reverse"), ("app.refresh_feeds",),
    )),
    ("App", (
        ("app.help",), ("app.command_palette", "app.command_palette_alt"), ("app.next_theme",),
        ("app.quit",),
    )),
)
_SECTION_OF_PREFIX = {"reading": "Reading", "list": "Reading", "marks": "Marks",
                      "listen": "Listening", "rsvp": "Listening",
                      "library": "Library", "table": "Library", "app": "App"}


def _ids_label(ids: list[str]) -> str:
    """"reading.down, .up": the ids of one row, the shared prefix said once."""
    first, *rest = ids
    prefix = first.split(".")[0] + "."
    return ", ".join([first, *(i[len(prefix) - 1:] if i.startswith(prefix) else i
                               for i in rest)])


def _key_label(app, key: str) -> str:
    try:
        return app.get_key_display(Binding(key, ""))
    except Exception:
        return key


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll_down", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="help.up"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; max-width: 95%; height: 85%;
                                  border: thick $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(section, keys, description, binding ids) for every key of the screen below.

        Related keys share a row ("j / k  Down / Up"); keys Textual binds for its own widgets
        (no binding id) are left out: they are not reader's to explain or remap.
        """
        keys_of: dict[str, list[str]] = {}
        desc_of: dict[str, str] = {}
        for key, active in self.under.active_bindings.items():
            b = active.binding
            if not b.id or b.id.startswith(("help.", "note.")):
                continue
            keys_of.setdefault(b.id, []).append(_key_label(self.app, key))
            desc_of[b.id] = b.description or b.action
        rows: list[tuple[str, str, str, str]] = []
        placed: set[str] = set()
        for section, entries in HELP_LAYOUT:
            for entry in entries:
                ids = [i for i in entry if i in keys_of]
                if not ids:
                    continue
                placed.update(ids)
                descs = list(dict.fromkeys(desc_of[i] for i in ids))
                rows.append((section,
                             " / ".join(" ".join(dict.fromkeys(keys_of[i])) for i in ids),
                             " / ".join(descs), _ids_label(ids)))
        for bid in sorted(set(keys_of) - placed):  # a binding added without a place here
            section = _SECTION_OF_PREFIX.get(bid.split(".")[0], "App")
            rows.append((section, " ".join(dict.fromkeys(keys_of[bid])), desc_of[bid], bid))
        order = [name for name, _ in HELP_LAYOUT]
        rows.sort(key=lambda r: order.index(r[0]) if r[0] in order else len(order))
        return rows

    def compose(self) -> ComposeResult:
        parts: list[RenderableType] = [
            Text("Keys", style="bold underline"),
            Text("Everything is also in the command palette (ctrl+p or :).", style="dim"),
        ]
        table = Table(box=None, show_header=False, pad_edge=False, expand=True)
        table.add_column(justify="right", no_wrap=True, style="bold", min_width=10)
        table.add_column(ratio=3)
        table.add_column(ratio=2, style="dim", overflow="fold")
        section = None
        for sec, keys, desc, bid in self.rows():
            if sec != section:
                section = sec
                table.add_row("", "", "")
                table.add_row("", Text(sec, style="bold underline"), "")
            table.add_row(keys, desc, bid)
        parts.append(table)
        note = Text("\nRemap keys in ", style="dim")
        note.append(str(config_path()), style="dim italic")
        note.append(' with a [keys] table: "binding.id" = "key".', style="dim")
        parts.append(note)
        with VerticalScroll():
            yield Static(Group(*parts), id="help-text")

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()
