"""Wrapping an article into display lines: each line a ``(start, end)`` span of the text.

Pure layout (no Textual): words are kept whole where they fit, wide characters count two
cells, and a word longer than the line is broken.
"""

from __future__ import annotations

import bisect
import functools
import re

from rich.cells import cell_len

Span = tuple[int, int]


def wrap(text: str, width: int, soft_breaks: frozenset[int] = frozenset(),
         extra: dict[int, int] | None = None, spaced: bool = False) -> list[Span]:
    """Greedy word wrap of *text* into display lines of at most *width* cells.

    Each line is a span of *text*; a newline ends a line (and is not in any span), except
    the newlines in *soft_breaks* (see :func:`soft_breaks`), which wrap like spaces.
    *extra* maps an offset to cells drawn there that are not in the text (a link's ``[3]``
    after its last character): the word ending there is measured with them. *spaced*: an
    empty line (a zero-length span at the newline) after each paragraph, for a text whose
    paragraphs are one newline apart (an HTML page's): the text itself is unchanged.
    """
    width = max(8, width)
    lines: list[Span] = []
    pos = 0
    n = len(text)
    inserts = sorted(extra) if extra else []
    while pos <= n:
        nl = text.find("\n", pos)
        while nl >= 0 and nl in soft_breaks:
            nl = text.find("\n", nl + 1)
        para_end = n if nl < 0 else nl
        k = bisect.bisect_right(inserts, pos)
        if k < len(inserts) and inserts[k] <= para_end:
            _wrap_paragraph(text, pos, para_end, width, lines, extra)
        else:
            _wrap_paragraph(text, pos, para_end, width, lines)
        if nl < 0:
            break
        if spaced and para_end > pos and text[nl + 1:nl + 2] not in ("\n", ""):
            lines.append((nl, nl))
        pos = nl + 1
    return lines


def space_lines(lines: list[Span], spacing: float) -> list[Span]:
    """*lines* with empty lines (zero-length spans at a line's end) between the lines of a
    paragraph: *spacing* 2 after every line, 1.5 after every second one (a terminal has
    only whole rows), 1 none."""
    if spacing <= 1 or not lines:
        return lines
    every = 1 if spacing >= 2 else 2
    out: list[Span] = []
    run = 0
    for k, (s, e) in enumerate(lines):
        out.append((s, e))
        if e == s:
            run = 0  # a paragraph's blank line: count afresh
            continue
        run += 1
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if nxt is not None and nxt[1] > nxt[0] and run % every == 0:
            out.append((e, e))
    return out


def needs_spacing(text: str) -> bool:
    """Paragraphs one newline apart, never a blank line between them (an HTML page's text,
    a news file): drawn with an empty line between paragraphs."""
    return "\n\n" not in text and text.count("\n") >= 2


_WORD_RUN = re.compile(r"\S+[ \n]*|[ \n]+")


def _wrap_paragraph(text: str, start: int, end: int, width: int, out: list[Span],
                    extra: dict[int, int] | None = None) -> None:
    """Wrap text[start:end] greedily at spaces (and soft newlines); over-long words are
    cut. *extra*: cells drawn after some offsets (see :func:`wrap`)."""
    if start == end:
        out.append((start, end))
        return
    para = text[start:end]
    ascii_only = para.isascii()
    if ascii_only and len(para) <= width and not extra:
        out.append((start, end))
        return
    if not extra and (ascii_only or _ONE_CELL.match(para)) and not para[:1].isspace() \
            and _long_word(width).search(para) is None:
        # Every character one cell, no indentation, no word wider than a line: the same
        # greedy wrap, by one regular expression (a whole book's paragraphs at C speed).
        for m in _line_rx(width).finditer(para):
            a, b = m.span(1)
            while b > a and para[b - 1] in " \n":
                b -= 1
            out.append((start + a, start + b))
        return
    measure = len if ascii_only else _cells
    line_start = 0      # where the current line starts (index into para)
    line_cells = 0      # cells used, including spaces after the last word
    last_end = 0        # end of the last word placed on the line
    for m in _WORD_RUN.finditer(para):
        ws, we = m.span()
        core_end = ws + len(m.group().rstrip(" \n"))
        if core_end == ws:  # a run of spaces before any word (indentation)
            if line_cells + (we - ws) > width:
                line_start, line_cells = we, 0
            else:
                line_cells += we - ws
            continue
        core_cells = measure(para[ws:core_end])
        if extra:
            core_cells += sum(extra.get(o, 0) for o in _ends_in(extra, start + ws,
                                                                 start + core_end))
        if line_cells + core_cells > width and last_end > line_start:
            out.append((start + line_start, start + last_end))
            line_start, line_cells = ws, 0
        if line_cells == 0 and core_cells > width:
            ws = _hard_break(para, start, ws, core_end, width, measure, out)
            line_start = ws
            core_cells = measure(para[ws:core_end])
        line_cells += core_cells + (we - core_end)
        last_end = core_end
    if last_end > line_start:
        out.append((start + line_start, start + last_end))
    elif not out or out[-1][1] <= start:
        out.append((start + line_start, start + line_start))


def _ends_in(extra: dict[int, int], a: int, b: int) -> list[int]:
    """The offsets of *extra* in (a, b]: what is drawn after this word's characters."""
    if b - a < 64:
        return [o for o in range(a + 1, b + 1) if o in extra]
    return [o for o in extra if a < o <= b]


#: Text whose every character takes one cell: Latin, Greek, Cyrillic, general punctuation
#: (’ “ — …), currency and letter-like symbols; no combining, zero-width or wide characters.
_ONE_CELL = re.compile(r"[ \n!-~\u00a0-\u02ff\u0370-\u0482\u048a-\u04ff\u2010-\u2027"
                       r"\u2030-\u205e\u20a0-\u20c0\u2100-\u214f]*\Z")


@functools.lru_cache(maxsize=8)
def _line_rx(width: int) -> re.Pattern[str]:
    """A display line: as many characters as fit, ending before spaces (or the end)."""
    return re.compile(r"(?=\S)(.{1," + str(width) + r"})(?:[ \n]+|\Z)", re.DOTALL)


@functools.lru_cache(maxsize=8)
def _long_word(width: int) -> re.Pattern[str]:
    return re.compile(r"[^ \n]{" + str(width + 1) + ",}")


def _cells(s: str) -> int:
    return sum(max(cell_len(ch), 0 if ch in "\u200b\u200d" else 1) for ch in s)


def _hard_break(para: str, start: int, ws: int, core_end: int, width: int, measure,
                out: list[Span]) -> int:
    """Cut an over-long word into full lines; returns where its last piece starts."""
    pos = ws
    while True:
        cells = 0
        i = pos
        while i < core_end:
            w = measure(para[i])
            if cells + w > width and i > pos:
                break
            cells += w
            i += 1
        if i >= core_end:
            return pos
        out.append((start + pos, start + i))
        pos = i
