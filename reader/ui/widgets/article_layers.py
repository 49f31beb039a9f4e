"""What is drawn over one display line of the article: the layers (boilerplate, summary,
highlights, bookmarks, the current sentence, a selection, quotations, entities, search
matches, links) as styles on the line's text, each link's ``[n]`` after its text, and a
plain text's ``_emphasis_`` in italics, its underscores not drawn.

Pure drawing from offsets: the article view gives a line's span and a style for each
component class; nothing here knows about widgets.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from rich.style import Style
from rich.text import Text

from reader.core.textsafe import safe_text

Span = tuple[int, int]


@dataclass
class Marks:
    """Everything drawn over the text, as sorted spans."""

    entities: list[tuple[int, int, str]] = field(default_factory=list)
    quotes: list[Span] = field(default_factory=list)
    summary: list[Span] = field(default_factory=list)
    matches: list[Span] = field(default_factory=list)
    current: Span | None = None
    current_match: Span | None = None
    highlights: list[Span] = field(default_factory=list)
    bookmarks: list[Span] = field(default_factory=list)
    selection: Span | None = None
    bright: Span | None = None  # the reading ruler's sentence (all else dimmed)


class Layered(Protocol):
    """What a line is drawn from (the article view)."""

    layers: frozenset[str]
    marks: Marks
    boilerplate: list[Span]
    links: list[Span]
    link_numbers: dict[int, str]
    emphasis: list[Span]  # "_word_" in a plain text: italic, the underscores hidden
    ruler: bool  # everything but marks.bright dimmed


# Complex by nature: one branch for each layer drawn.
def styled_line(shown: str, s: int, e: int, view: Layered,  # noqa: C901
                style: Callable[[str], Style]) -> Text:
    """The text of the line spanning [s, e) (*shown*, one character for one) with every
    layer's style and the links' numbers; *style* gives a component class's style."""
    text = Text(safe_text(shown), end="", no_wrap=True)
    layers = view.layers
    marks = view.marks
    for b0, b1 in view.boilerplate:
        _apply(text, s, e, b0, b1, style("article--boilerplate"))
    if "summary" in layers:
        for a, b in _overlapping(marks.summary, s, e):
            _apply(text, s, e, a, b, style("article--summary"))
    for a, b in _overlapping(marks.highlights, s, e):
        _apply(text, s, e, a, b, style("article--highlight"))
    for a, b in _overlapping(marks.bookmarks, s, e):
        _apply(text, s, e, a, b, style("article--bookmark"))
    if marks.current is not None:
        _apply(text, s, e, *marks.current, style("article--current"))
    if marks.selection is not None:
        _apply(text, s, e, *marks.selection, style("article--selection"))
    if "quotes" in layers:
        for a, b in _overlapping(marks.quotes, s, e):
            _apply(text, s, e, a, b, style("article--quote"))
    if "entities" in layers:
        for a, b, label in _overlapping(marks.entities, s, e):
            _apply(text, s, e, a, b, style(_ENTITY_CLASS.get(label, "article--other")))
    if "matches" in layers:
        for a, b in _overlapping(marks.matches, s, e):
            _apply(text, s, e, a, b, style("article--match"))
        if marks.current_match is not None:
            _apply(text, s, e, *marks.current_match, style("article--current-match"))
    for a, b in _overlapping(view.links, s, e):
        _apply(text, s, e, a, b, style("article--link"))
    if view.ruler and marks.bright is not None:
        dim = style("article--dim")
        _apply(text, s, e, s, marks.bright[0], dim)
        _apply(text, s, e, marks.bright[1], e, dim)
    hidden: set[int] = set()
    for a, b in _overlapping(view.emphasis, s, e):
        _apply(text, s, e, a + 1, b - 1, _ITALIC)
        hidden.update(o for o in (a, b - 1) if s <= o < e)
    numbers = view.link_numbers
    ends = [o for o in range(s + 1, e + 1) if o in numbers] if numbers else []
    return _finished(text, s, ends, numbers, hidden, style) if ends or hidden else text


_ITALIC = Style(italic=True)


def _finished(text: Text, s: int, ends: list[int], numbers: dict[int, str],
              hidden: set[int], style: Callable[[str], Style]) -> Text:
    """The line with each link's ``[n]`` put after its last character, and the characters
    at the offsets *hidden* left out."""
    number_style = style("article--link-number")
    cuts = sorted({o - s for o in ends} | {o - s for o in hidden} | {o - s + 1 for o in hidden})
    out = Text(end="", no_wrap=True)
    at = 0
    for part in text.divide(cuts):
        if s + at not in hidden or len(part) != 1:
            out.append_text(part)
        at += len(part)
        if s + at in numbers and s + at in ends:
            out.append(numbers[s + at], style=number_style)
    return out


_ENTITY_CLASS = {
    "PERSON": "article--person",
    "ORGANIZATION": "article--organization",
    "LOCATION": "article--location",
    "GPE": "article--location",
}


def _apply(text: Text, s: int, e: int, a: int, b: int, style: Style) -> None:
    lo, hi = max(a, s), min(b, e)
    if lo < hi:
        text.stylize(style, lo - s, hi - s)


def _overlapping(spans: Sequence, s: int, e: int) -> list:
    """Spans ``(start, end, ...)``, sorted by start and disjoint, that overlap [s, e)."""
    if not spans:
        return []
    if len(spans) < 64:  # small lists (bookmarks, highlights) may overlap each other
        return [sp for sp in spans if sp[0] < e and sp[1] > s]
    k = max(0, bisect.bisect_right(spans, s, key=lambda sp: sp[0]) - 1)
    out = []
    while k < len(spans) and spans[k][0] < e:
        if spans[k][1] > s:
            out.append(spans[k])
        k += 1
    return out
