"""Paragraphs of a text as its writer meant them: in a hard-wrapped text (Project
Gutenberg's ~70 columns) a newline inside a paragraph only wraps it. Offsets are never
changed: a soft break is a newline that reads as a space."""

from __future__ import annotations

import itertools
import re

Span = tuple[int, int]

#: Hard-wrapped text (Project Gutenberg's ~70-column lines) is told by its lines: at least
#: this many, most of them ending near one width.
HARD_WRAP_MIN_LINES = 20
_LIST_ITEM = re.compile(r"\s*(?:[-*•·+]|\d+[.)]|[A-Za-z][.)])\s")


def soft_breaks(text: str) -> frozenset[int]:
    """The newlines of a hard-wrapped text that only wrap a paragraph: shown as spaces, so
    the paragraph reflows to the window (offsets are untouched: one character for one).

    A text counts as hard-wrapped when most of its lines end within a few columns of one
    width (at most 100). A newline then joins two lines when the first is long (it ran to
    the wrap width) and the next is text, not a blank line, an indented or list line.
    """
    lines = text.split("\n")
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < HARD_WRAP_MIN_LINES:
        return frozenset()
    wrap_at = lengths[int(len(lengths) * 0.9)]
    if not 40 <= wrap_at <= 100:
        return frozenset()
    near = sum(1 for n in lengths if wrap_at - 15 <= n <= wrap_at)
    if near < 0.5 * len(lengths):
        return frozenset()
    out = []
    pos = 0
    for line, nxt in itertools.pairwise(lines):
        pos += len(line)
        if (len(line.rstrip()) >= wrap_at - 15 and nxt.strip() and not nxt[:1].isspace()
                and not _LIST_ITEM.match(nxt)):
            out.append(pos)
        pos += 1
    return frozenset(out)


def paragraph_spans(text: str) -> list[Span]:
    """The paragraphs of *text* (non-blank runs of lines joined by soft breaks), as spans
    without their surrounding blank space."""
    soft = soft_breaks(text)
    out: list[Span] = []
    start = None
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            if start is None:
                start = pos
            if end not in soft:  # a hard break: the paragraph ends with this line
                out.append((start, end))
                start = None
        elif start is not None:
            out.append((start, pos - 1))
            start = None
        pos = end + 1
    if start is not None:
        out.append((start, len(text)))
    return out
