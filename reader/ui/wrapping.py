"""Wrapping an article into display lines: each line a ``(start, end)`` span of the text.

Pure layout (no Textual): words are kept whole where they fit, wide characters count two
cells, and a word longer than the line is broken.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

Span = tuple[int, int]


def wrap(text: str, width: int) -> list[Span]:
    """Greedy word wrap of *text* into display lines of at most *width* cells.

    Each line is a span of *text*; a newline ends a line (and is not in any span).
    """
    width = max(8, width)
    lines: list[Span] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        para_end = n if nl < 0 else nl
        _wrap_paragraph(text, pos, para_end, width, lines)
        if nl < 0:
            break
        pos = nl + 1
    return lines


_WORD_RUN = re.compile(r"\S+ *| +")


def _wrap_paragraph(text: str, start: int, end: int, width: int, out: list[Span]) -> None:
    """Wrap text[start:end] (no newlines) greedily at spaces; over-long words are cut."""
    if start == end:
        out.append((start, end))
        return
    para = text[start:end]
    ascii_only = para.isascii()
    if ascii_only and len(para) <= width:
        out.append((start, end))
        return
    measure = len if ascii_only else _cells
    line_start = 0      # where the current line starts (index into para)
    line_cells = 0      # cells used, including spaces after the last word
    last_end = 0        # end of the last word placed on the line
    for m in _WORD_RUN.finditer(para):
        ws, we = m.span()
        core_end = ws + len(m.group().rstrip(" "))
        if core_end == ws:  # a run of spaces before any word (indentation)
            if line_cells + (we - ws) > width:
                line_start, line_cells = we, 0
            else:
                line_cells += we - ws
            continue
        core_cells = measure(para[ws:core_end])
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
