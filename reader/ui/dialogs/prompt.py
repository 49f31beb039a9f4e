"""One line of input in a small dialog (a view's name, an article's tags)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.core.textsafe import safe_text
from reader.ui.widgets.common import FieldInput, focus_now


class PromptScreen(ModalScreen["str | None"]):
    """One line of input (a view's name, an article's tags): Enter gives it, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical { width: 72; max-width: 100%; height: auto; border: thick $accent;
                              background: $surface; padding: 0 1; }
    PromptScreen #prompt-hint { color: $text-muted; }
    """

    def __init__(self, title: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(safe_text(self.title_text, keep_newlines=False)))
            yield FieldInput(value=self.value, id="prompt-input")
            yield Static(Text(self.hint + " · Enter saves · Escape cancels"), id="prompt-hint")

    def on_mount(self) -> None:
        focus_now(self.query_one("#prompt-input", Input))

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: ``y`` or Enter answers yes, ``n`` or Escape no."""

    BINDINGS = [Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
                Binding("n,escape", "answer(False)", "No", id="confirm.no")]

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 72; max-width: 100%; height: auto; border: thick $warning;
                               background: $surface; padding: 0 1; }
    ConfirmScreen #confirm-hint { color: $text-muted; }
    """

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(safe_text(self.question, keep_newlines=False)))
            if self.detail:
                yield Static(Text(safe_text(self.detail, keep_newlines=False), style="bold"))
            yield Static(Text("y or Enter: yes · n or Escape: no"), id="confirm-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
