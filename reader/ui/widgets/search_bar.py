"""The search bar under the article: opened with ``/``, closed by Enter or Escape."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.message import Message
from textual.widgets import Input

from reader.ui.widgets.common import FieldInput, focus_now


class SearchBar(FieldInput):
    """Type a phrase; Enter posts :class:`SearchBar.Find` and closes the bar."""

    DEFAULT_CSS = """
    SearchBar { dock: bottom; display: none; }
    SearchBar.-open { display: block; }
    """

    @dataclass
    class Find(Message):
        query: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="Search the article (Enter to find, Escape to close)",
                         id=id)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, value: str = "") -> None:
        self.add_class("-open")
        self.value = value
        focus_now(self)

    def close(self) -> None:
        self.remove_class("-open")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Find(event.value))
        self.close()
