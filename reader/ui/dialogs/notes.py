"""The note editor modal and the screen listing every bookmark, highlight and note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static, TextArea

from reader.core.tags import HINT, join_tags, split_tags
from reader.core.textsafe import one_line, safe_text
from reader.ui.widgets.common import (
    FieldInput,
    FieldTextArea,
    focus_now,
)


@dataclass
class NoteResult:
    note: str
    tags: list[str]


class NoteEditor(ModalScreen[NoteResult | None]):
    """Edit a Markdown note (and tags). Save: the Save button, ctrl+s or F2. Cancel: Escape.

    With *save*, the editor stays open until ``save(result)`` (run in a thread) succeeds: a
    failed save (disk full, store locked) keeps the text, says why and offers a retry.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        Binding("f2,ctrl+s", "save", "Save", id="note.save"),  # F2 first: as the button says
    ]

    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > Vertical { width: 90; max-width: 95%; height: auto; max-height: 90%;
                            border: thick $accent; background: $surface; padding: 0 1; }
    NoteEditor #note-context { color: $text-muted; height: auto; max-height: 4; }
    NoteEditor TextArea { height: 10; }
    NoteEditor #note-error { color: $error; height: auto; display: none; }
    NoteEditor #note-error.-shown { display: block; }
    NoteEditor #note-buttons { height: auto; align-horizontal: right; }
    NoteEditor Button { margin-left: 1; }
    """

    def __init__(self, title: str, context: str = "", note: str = "",
                 tags: list[str] | None = None, with_tags: bool = True,
                 save: Callable[[NoteResult], object] | None = None) -> None:
        super().__init__()
        self._save_fn = save
        self.saving = False
        self.heading = title
        self.context = context
        self.note = note
        self.tags = tags or []
        self.with_tags = with_tags

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(safe_text(self.heading), style="bold"))
            if self.context:
                yield Static(Text(one_line(self.context, 300)),
                             id="note-context")
            yield FieldTextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            if self.with_tags:
                yield FieldInput(join_tags(self.tags), placeholder=HINT,
                            id="note-tags")
            yield Static(id="note-error")
            with Horizontal(id="note-buttons"):
                yield Button("Save (F2)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")
            yield Footer()

    def on_mount(self) -> None:
        focus_now(self.query_one(TextArea))
        self._fit(self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def _fit(self, height: int) -> None:
        """Shrink the text box on a short terminal so the tags and the buttons stay on
        screen (at 60x20 the dialog used to hide them)."""
        other = 12 + (3 if self.with_tags else 0) + (4 if self.context else 0)
        lines = max(3, min(10, int(height * 0.9) - other))
        self.query_one(TextArea).styles.height = lines

    def _result(self) -> NoteResult:
        note = self.query_one(TextArea).text
        tags: list[str] = []
        if self.with_tags:
            raw = self.query_one("#note-tags", Input).value
            tags = split_tags(raw)
        return NoteResult(note, tags)

    def action_save(self) -> None:
        result = self._result()
        if self._save_fn is None:
            self.dismiss(result)
            return
        if self.saving:
            return
        self.saving = True
        self.query_one("#save", Button).label = "Saving…"
        self._run_save(result)

    def _run_save(self, result: NoteResult) -> None:
        """Save on the store thread (in order with every other store call)."""
        save = self._save_fn
        assert save is not None
        self.app.store_call(lambda _library: save(result), lambda _: self.dismiss(result),
                            self._save_failed)

    def _save_failed(self, why: str) -> None:
        self.saving = False
        error = self.query_one("#note-error", Static)
        error.update(Text(safe_text(f"Not saved: {why}. Your text is kept: F2 tries again, "
                                    "Escape discards it.")))
        error.add_class("-shown")
        self.query_one("#save", Button).label = "Retry (F2)"

    def action_cancel(self) -> None:
        if self.saving:
            self.notify("Still saving…", timeout=2)
            return
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Input.Submitted, "#note-tags")
    def _tags_submitted(self) -> None:
        self.action_save()
