"""What a part of a screen is: one responsibility with its own state, keys (``BINDINGS``,
whose actions are the part's methods) and palette entries.

A screen made of parts (the reading screen, the library) lays out the widgets, holds what
flows down to them, and routes each part's keys to it through one action,
``part('name', 'method', *arguments)`` (see :func:`routed`). Parts never share attributes:
a part reads another through the screen (``self.screen.chapters.title_at(...)``), and
widgets reach the screen by messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from textual.binding import Binding

#: A palette entry: ("area: what", do it, help).
Command = tuple[str, Callable[[], object], str]


class Part:
    """One responsibility of a screen."""

    #: The part's keys; each action names one of its methods (with literal arguments).
    BINDINGS: ClassVar[list[Binding]] = []

    def __init__(self, screen: Any) -> None:
        self.screen = screen  # the screen the part belongs to (typed by each part)

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


def route(screen: object, name: str, action: str, *arguments: object) -> None:
    """Run the part *name*'s method *action* (a screen's ``action_part``)."""
    getattr(getattr(screen, name), action)(*arguments)


def check(screen: object, action: str, parameters: tuple[object, ...]) -> bool | None:
    """A screen's ``check_action`` for its parts' keys (True for its own)."""
    if action == "part" and len(parameters) >= 2:
        return getattr(screen, str(parameters[0])).check(str(parameters[1]))
    return True
