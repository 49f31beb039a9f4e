"""The ? help screen: every key of the screen below, with its binding id for remapping."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from reader.ui.config import config_path


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

    def rows(self) -> list[tuple[str, str, str]]:
        """(keys, description, binding id) for every binding active under this screen."""
        by_action: dict[tuple[str, str], list[str]] = {}
        info: dict[tuple[str, str], tuple[str, str]] = {}
        for key, active in self.under.active_bindings.items():
            b = active.binding
            ident = (b.id or "", b.action)
            by_action.setdefault(ident, []).append(_key_label(self.app, key))
            info[ident] = (b.description or b.action, b.id or "")
        rows = []
        for ident, keys in by_action.items():
            desc, bid = info[ident]
            rows.append((" ".join(dict.fromkeys(keys)), desc, bid))
        rows.sort(key=lambda r: (r[2].split(".")[0] if r[2] else "~", r[1]))
        return rows

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("Keys\n", style="bold underline")
        text.append("Everything is also in the command palette (ctrl+p or :).\n\n", style="dim")
        for keys, desc, bid in self.rows():
            text.append(f"{keys:>22}  ", style="bold")
            text.append(f"{desc:<28}")
            text.append(f" {bid}\n", style="dim")
        text.append("\nRemap keys in ", style="dim")
        text.append(str(config_path()), style="dim italic")
        text.append(' with a [keys] table: "binding.id" = "key".\n', style="dim")
        with VerticalScroll():
            yield Static(text, id="help-text")

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()
