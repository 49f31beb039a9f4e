"""Markdown: plain text with the marks taken off, keeping where its headings, code blocks
and links are (headings and code are never summary sentences, quotations or entities)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from reader.core.document import Document

_MD_STRONG = (
    re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M),  # ATX heading ("#hashtag" is not one)
    re.compile(r"\[[^\]\n]+\]\((?:https?://|/|\.{0,2}/|#)[^)\s]*\)"),  # [text](link)
    re.compile(r"^ {0,3}(```|~~~)", re.M),  # fenced code
)
_MD_WEAK = (
    re.compile(r"^ {0,3}[-*+][ \t]+\S", re.M),  # list item
    re.compile(r"(\*\*|__)(?=\S)[^\n]+?(?<=\S)\1"),  # bold
    re.compile(r"`[^`\n]+`"),  # code span
)


def looks_like_markdown(text: str) -> bool:
    """Markdown without a file name (a pipe, a file with no suffix): two strong signs
    (headings, links, fenced code), or one with a weaker one (lists, bold, code spans)."""
    head = text[:65536]
    # each kind of strong sign counts at most twice
    strong = sum(len(list(islice(rx.finditer(head), 2))) for rx in _MD_STRONG)
    weak = sum(1 for rx in _MD_WEAK if rx.search(head))
    return strong >= 2 or (strong >= 1 and weak >= 1)


@dataclass
class MarkdownText:
    """Plain text from Markdown, with what its marks said: headings and code blocks (not
    prose: never summary sentences, quotations or entities) and links (their URLs)."""

    text: str
    title: str | None
    headings: list[tuple[int, int]]
    code: list[tuple[int, int]]
    links: list[tuple[int, int, str]]


#: Blocks nested deeper than this (quotes in quotes…) are not parsed: markdown-it skips
#: them, so such a text is shown as it is written instead (never a word lost).
MAX_NESTING = 50
#: A text with more inline marks than this is shown as written: parsing costs about 20 µs a
#: mark (250,000 marks: 5 s), and only a machine writes that many.
MAX_MARKS = 250_000
_MARK = re.compile(r"[\[*_`<]")
_TAG = re.compile(r"<[^>\n]+>")


def _parser():
    from markdown_it import MarkdownIt

    # CommonMark with tables and strikethrough; raw HTML is parsed (so its tags can be
    # dropped and its words kept), never rendered.
    return MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(
        ["table", "strikethrough"])


class _Writer:
    """The plain text being written, with the spans it records."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.headings: list[tuple[int, int]] = []
        self.code: list[tuple[int, int]] = []
        self.links: list[tuple[int, int, str]] = []
        self.last_line = -2  # the source line the previous block ended on
        self.row = False  # the previous block was a table's row

    def block(self, lines: tuple[int, int] | None, text: str,
              row: bool = False) -> tuple[int, int] | None:
        """Append one block's text (None if it has none): right under the previous one when
        the source has them on adjacent lines (or both are rows of a table), else after one
        blank line."""
        if not text.strip():
            return None
        after_row, self.row = self.row, row
        if self.pieces:
            adjacent = (row and after_row) or (lines is not None and lines[0] <= self.last_line)
            self._put("\n" if adjacent else "\n\n")
        if lines is not None:
            self.last_line = lines[1]
        start = self.length
        self._put(text)
        return start, self.length

    def _put(self, text: str) -> None:
        self.pieces.append(text)
        self.length += len(text)


def _inline(children, at: int, links: list[tuple[int, int, str]]) -> str:
    """An inline token's children as plain text; each link's span (from *at*) and URL."""
    out: list[str] = []
    length = 0
    opened: list[tuple[int, str]] = []
    for tok in children or ():
        kind = tok.type
        piece = ""
        if kind in ("text", "code_inline"):
            piece = tok.content
        elif kind in ("softbreak", "hardbreak"):
            piece = "\n"
        elif kind == "html_inline":
            piece = ""  # a tag: its words are text tokens of their own
        elif kind == "image":
            piece = "".join(c.content for c in tok.children or () if c.type == "text")
        elif kind == "link_open":
            opened.append((length, str(tok.attrs.get("href") or "")))
        elif kind == "link_close" and opened:
            start, href = opened.pop()
            if href and length > start:
                links.append((at + start, at + length, href))
        out.append(piece)
        length += len(piece)
    return "".join(out)


def markdown_text(md: str) -> MarkdownText:
    """Markdown as plain text (CommonMark, by markdown-it-py), keeping where its headings,
    code blocks and links are. Line breaks inside a paragraph stay; blocks are separated as
    the source separates them (one blank line at most); raw HTML and rules are dropped; an
    image is its alt text; a table is one line per row."""
    tokens = _tokens(md)
    if tokens is None:
        return MarkdownText(md.strip("\n"), None, [], [], [])  # as written: nothing lost
    w = _Writer()
    title = None
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        lines = tuple(tok.map) if tok.map else None
        if tok.type == "heading_open":
            inline = tokens[k + 1]
            links: list[tuple[int, int, str]] = []
            text = _inline(inline.children, 0, links)
            span = w.block(lines, text)
            if span is not None:
                w.headings.append(span)
                w.links += [(span[0] + s, span[0] + e, u) for s, e, u in links]
                if title is None and tok.tag == "h1":
                    title = text.strip()
            k += 3
            continue
        if tok.type == "inline":  # a paragraph (in a list, a quote or alone)
            links = []
            text = _inline(tok.children, 0, links)
            span = w.block(lines, text)
            if span is not None:
                w.links += [(span[0] + s, span[0] + e, u) for s, e, u in links]
        elif tok.type == "html_block":  # its words, without the tags
            w.block(lines, "\n".join(" ".join(line.split()) for line in
                                     _TAG.sub("", tok.content).strip("\n").split("\n")))
        elif tok.type in ("fence", "code_block"):
            span = w.block(lines, tok.content.rstrip("\n"))
            if span is not None:
                pos = span[0]
                for line in tok.content.rstrip("\n").split("\n"):
                    if line.strip():
                        w.code.append((pos, pos + len(line)))
                    pos += len(line) + 1
        elif tok.type == "tr_open":
            k = _table_row(tokens, k, w, lines)
            continue
        k += 1
    return MarkdownText("".join(w.pieces), title, w.headings, w.code, w.links)


def _tokens(md: str) -> list | None:
    """markdown-it's tokens, or None for a text it would not read whole (too many marks,
    blocks nested too deep)."""
    if sum(1 for _ in islice(_MARK.finditer(md), MAX_MARKS + 1)) > MAX_MARKS:
        return None
    try:
        tokens = _parser().parse(md)
    except RecursionError:
        return None
    return None if any(t.level >= MAX_NESTING - 2 for t in tokens) else tokens


def _table_row(tokens, k: int, w: _Writer, lines) -> int:
    """One table row as one line (cells two spaces apart); the index after the row."""
    cells: list[str] = []
    links: list[tuple[int, int, str]] = []
    at = 0
    k += 1
    while k < len(tokens) and tokens[k].type != "tr_close":
        if tokens[k].type == "inline":
            if cells:
                at += 2
            cell = _inline(tokens[k].children, at, links)
            cells.append(cell)
            at += len(cell)
        k += 1
    span = w.block(lines, "  ".join(cells), row=True)
    if span is not None:
        w.links += [(span[0] + s, span[0] + e, u) for s, e, u in links]
    return k + 1


def markdown_to_text(md: str) -> tuple[str, str | None]:
    """Plain text from Markdown (headings, emphasis, links and code marks removed)."""
    converted = markdown_text(md)
    return converted.text, converted.title


def load(raw) -> Document:
    """A Markdown document (see :class:`reader.core.sources.files.Raw`)."""
    from reader.core.sources.decoding import normalise_newlines
    from reader.core.sources.text import title_from_text

    converted = markdown_text(normalise_newlines(raw.text))
    return Document(text=converted.text,
                    title=converted.title or title_from_text(converted.text, raw.stem),
                    source=raw.source, kind="markdown",
                    structure=sorted([(s, e, "heading") for s, e in converted.headings]
                                     + [(s, e, "code") for s, e in converted.code]),
                    links=converted.links)
