"""What every part of the reading screen is: one responsibility with its own state, keys
(``BINDINGS``, whose actions are the part's methods) and palette entries.

Parts never share attributes: a part reads another through the screen
(``self.screen.chapters.title_at(...)``), and widgets reach the screen by messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding

if TYPE_CHECKING:
    from reader.ui.reading.screen import ReadingScreen

#: A palette entry: ("area: what", do it, help).
Command = tuple[str, Callable[[], object], str]


class Part:
    """One responsibility of the reading screen."""

    #: The part's keys; each action names one of its methods (with literal arguments).
    BINDINGS: ClassVar[list[Binding]] = []

    def __init__(self, screen: ReadingScreen) -> None:
        self.screen = screen

    def check(self, action: str) -> bool | None:
        """Textual's ``check_action`` for this part's keys (None: shown, inactive)."""
        return True

    def commands(self) -> list[Command]:
        """The part's entries in the command palette."""
        return []

    def say(self, message: str, **kwargs: object) -> None:
        """A notification; *message* is data (never markup)."""
        self.screen.notify(message, markup=False, **kwargs)  # type: ignore[arg-type]


def routed(name: str, bindings: list[Binding]) -> list[Binding]:
    """*bindings* of the part called *name*, as screen bindings:
    ``part('name', 'action', *arguments)`` (the screen's one routing action). Ids and
    descriptions stay: user key maps and the ``?`` help see the same keys as before."""
    from textual.actions import parse

    def route(action: str) -> str:
        _, method, params = parse(action)
        return "part(" + ", ".join(repr(x) for x in (name, method, *params)) + ")"

    return [replace(b, action=route(b.action)) for b in bindings]
