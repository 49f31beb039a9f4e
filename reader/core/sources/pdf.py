"""PDF with a text layer (pypdfium2 — PDFium, measured fastest of pypdf, pdfminer.six and
pypdfium2 with the same text; see README), read in a limited child process
(:mod:`.pdf_worker`): lines joined into paragraphs, hyphenation at line ends undone,
running headers, footers and page numbers dropped; chapters from the outline (its top
level), else found in the text like a plain-text book's. A PDF without a text layer (a
scan), an encrypted one, or a broken file is refused with one line."""

from __future__ import annotations

import re
from collections import Counter

from reader.core.document import Document
from reader.core.sources.book import book_document

#: A line seen at the top or bottom of at least this share of pages is a running header.
RUNNING_SHARE = 0.4

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s+of\s+\d+)?$",
                          re.IGNORECASE)


def _shape(line: str) -> str:
    """A line with its numbers blanked, so "Chapter 3 · 41" repeats as a running header."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _strip_running(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and lines repeated at the top or bottom of many pages."""
    edges: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    for lines in pages:
        for line in {*lines[:2], *lines[-2:]}:
            edges[_shape(line)] += 1
            exact[" ".join(line.split())] += 1
    enough = max(3, int(RUNNING_SHARE * len(pages)))
    running = {shape for shape, n in edges.items() if n >= enough} if len(pages) >= 3 else set()
    out = []
    for lines in pages:
        keep = list(lines)
        for end in (0, -1):
            for _ in range(2):
                if keep and (_shape(keep[end]) in running
                             or _PAGE_NUMBER.match(keep[end].strip())):
                    keep.pop(end)
        if not any(line.strip() for line in keep):
            # A page that would lose every line (short memo pages, alike but for their
            # numbers) keeps what is not word for word on many pages, nor a page number.
            keep = [line for line in lines if not _PAGE_NUMBER.match(line.strip())
                    and exact[" ".join(line.split())] < enough]
        out.append(keep)
    return out


def _join_lines(lines: list[str], width: int) -> list[str]:
    """Lines of a page as paragraphs: a short line ending a sentence ends its paragraph; a
    word hyphenated at a line end is joined again."""
    from reader.core.analysis.chapters import heading_kind

    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if len(line) < 0.7 * width and heading_kind(line) in ("keyword", "titled",
                                                               "unnumbered"):
            if current:  # a heading ("Chapter 3. The Calm") is a paragraph of its own
                paragraphs.append(current)
            paragraphs.append(line)
            current = ""
            continue
        if current.endswith("-") and len(current) > 1 and current[-2].isalpha() \
                and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}" if current else line
        if len(raw.rstrip()) < 0.8 * width and re.search(r"[.!?:\"”’)]$", line):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def pdf_document(data: bytes, source: str) -> Document:
    from reader.core.sources.pdf_worker import extract

    raw = extract(data)
    pages = _strip_running([[str(line) for line in lines] for lines in raw["pages"]])
    outline = [(int(level), int(page), str(title)) for level, page, title in raw["outline"]]
    meta = {str(k): str(v) for k, v in raw["meta"].items()}
    widths = sorted(len(line) for lines in pages for line in lines if line.strip())
    width = widths[int(0.9 * (len(widths) - 1))] if widths else 80
    top = min((level for level, _, _ in outline), default=0)
    starts = {}
    for level, page, title in outline:
        if level == top and page not in starts:
            starts[page] = " ".join(title.split())
    parts: list[tuple[str | None, list[str]]] = []
    for i, lines in enumerate(pages):
        parts.append((starts.get(i), _join_lines(lines, width)))
    parts = _continue_across_pages(parts)
    doc = book_document(parts, meta.get("Title", ""), meta.get("Author", ""), source, "pdf")
    if not outline:
        from reader.core.analysis.chapters import find_chapters

        found = find_chapters(doc.text)
        doc.chapters = [(c.start, c.end, c.title) for c in found]
        doc.structure = [(c.start, c.heading_end, "heading") for c in found]
    return doc


def _continue_across_pages(parts: list[tuple[str | None, list[str]]]
                           ) -> list[tuple[str | None, list[str]]]:
    """A paragraph cut by a page break (no sentence end, next page's first line in lower
    case) is one paragraph again."""
    out: list[tuple[str | None, list[str]]] = []
    for heading, paragraphs in parts:
        if (out and heading is None and paragraphs and out[-1][1]
                and not re.search(r"[.!?:\"”’)]$", out[-1][1][-1])
                and paragraphs[0][:1].islower()):
            previous = out[-1][1]
            tail = previous.pop()
            joiner = "" if tail.endswith("-") and tail[-2:-1].isalpha() else " "
            paragraphs = [(tail[:-1] if joiner == "" else tail) + joiner + paragraphs[0],
                          *paragraphs[1:]]
        out.append((heading, paragraphs))
    return out


def load(raw) -> Document:
    """A PDF document (see :class:`reader.core.sources.files.Raw`)."""
    return pdf_document(raw.data, raw.source)
