"""Plain text: the file's content, line endings normalised, a BOM dropped — nothing else
changed (every offset indexes it). A title from its first line; Project Gutenberg's header
and licence and a scraper's trailer ("See more / Comments") *marked* as boilerplate, never
removed; a book's chapters found in it."""

from __future__ import annotations

import re

from reader.core.document import Document

_BOILERPLATE_LINE = re.compile(
    r"^\s*(see more|read more|more from|related( articles| stories| posts)?|comments?"
    r"|post a comment|leave a (comment|reply)|share( this)?( article| story)?|advertisement"
    r"|subscribe|sign up|follow us|tags?|you may also like|recommended|click here"
    r"|\d+ comments?|print|email|tweet|newsletter|back to top|copyright|all rights reserved)"
    r"\b[\s\S]*$",
    re.IGNORECASE,
)


def title_from_text(text: str, fallback: str) -> str:
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        line = line.lstrip("#").strip() or line
        if len(line) <= 120:
            return line
        return _lead_title(line)
    return fallback


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s)")
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b[A-Z]\.[A-Z]"
                           r"|\b(?:e\.g|i\.e|etc|vs|cf|al|approx))\.$")


def _lead_title(line: str, most: int = 160) -> str:
    """The title of a text whose first line is a paragraph (a news story saved as .txt):
    its first sentence when that is not too long, else as many whole words as fit."""
    for m in _SENTENCE_END.finditer(line, 0, most + 1):
        if m.end() >= 30 and not _ABBREVIATION.search(line[:m.start() + 1]):
            return line[:m.end()]
    cut = line.rfind(" ", 0, 120)
    return line[:cut if cut > 60 else 117].rstrip(" ,;:") + "…"


_GUTENBERG_START = re.compile(r"^\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG.*$", re.M | re.I)
_GUTENBERG_END_LINE = re.compile(r"^[ \t]*End of (the )?Project Gutenberg", re.M | re.I)
_GUTENBERG_TITLE = re.compile(r"^Title:\s*(.+)$", re.M)
_GUTENBERG_END = re.compile(r"^\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG.*$", re.M | re.I)


def find_boilerplate(text: str) -> list[tuple[int, int]]:
    """Boilerplate spans: a Project Gutenberg header and licence, and a scraper's trailer."""
    spans: list[tuple[int, int]] = []
    start = _GUTENBERG_START.search(text)
    if start:
        spans.append((0, start.end()))
    end = _GUTENBERG_END.search(text, start.end() if start else 0)
    if end:
        cut = end.start()
        # "End of the Project Gutenberg EBook of ..." usually stands just before the marker.
        tail = _GUTENBERG_END_LINE.search(text, max(0, cut - 400), cut)
        if tail:
            cut = tail.start()
        spans.append((cut, len(text.rstrip())))
        return spans
    return spans + find_trailer(text)


def find_trailer(text: str) -> list[tuple[int, int]]:
    """Mark a trailing run of short scraper lines ("See more:", "Comments", ...).

    Scans lines from the end; the run is accepted when at least one line matches a known
    boilerplate phrase and every line in it is short.
    """
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    start_idx = None
    matched = False
    for i in range(len(lines) - 1, -1, -1):
        s, e = lines[i]
        line = text[s:e].strip()
        if not line:
            continue
        if len(line.split()) > 6 or len(line) > 60:
            break
        if _BOILERPLATE_LINE.match(line) and not line.endswith((".", "!", "?")):
            matched = True
            start_idx = i
        elif line[-1:] in ".!?\"”'’":
            break
        else:
            start_idx = i
    if not matched or start_idx is None:
        return []
    # Only keep the run from its first boilerplate-looking line.
    while start_idx < len(lines):
        s, e = lines[start_idx]
        line = text[s:e].strip()
        if _BOILERPLATE_LINE.match(line) and not line.endswith((".", "!", "?")):
            break
        start_idx += 1
    s = lines[start_idx][0]
    end = len(text.rstrip())
    return [(s, end)] if end > s else []


def gutenberg_title(text: str, header_end: int) -> str | None:
    """The title a Project Gutenberg header gives ("Title: …"), if it gives one."""
    m = _GUTENBERG_TITLE.search(text, 0, header_end)
    return m.group(1).strip() if m else None


def load(raw) -> Document:
    """A plain-text document (see :class:`reader.core.sources.files.Raw`)."""
    from reader.core.sources.decoding import normalise_newlines

    body = normalise_newlines(raw.text)
    return Document(text=body, title=title_from_text(body, raw.stem), source=raw.source)


#: Plain text's emphasis, as Project Gutenberg prints italics: "_word_", "_a few words_"
#: (across a line break, not a paragraph); never inside a word (snake_case) or a run of "_".
_EMPHASIS = re.compile(r"(?<![\w_])_(?=[^\s_])(?:[^_\n]|\n(?![ \t]*\n)){1,300}?(?<=[^\s_])_"
                       r"(?![\w_])")


def emphasis_spans(text: str) -> list[tuple[int, int]]:
    """The ``_emphasis_`` of a plain text, markers included (the text is not changed: a
    reader draws it in italics and leaves the underscores out)."""
    return [m.span() for m in _EMPHASIS.finditer(text)]
