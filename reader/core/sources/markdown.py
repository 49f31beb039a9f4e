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


_MD_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+")
_MD_RULE_LINE = re.compile(r"^ {0,3}([-*_][ \t]*){3,}$")
_MD_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_MD_LIST = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])[ \t]+")
_MD_INLINE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)]*)\)"  # image: its alt text
    r"|\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)"  # link
    r"|(?P<strong>\*\*|__)(?=\S)(?P<strong_text>.+?)(?<=\S)(?P=strong)"
    r"|(?<![\w*])\*(?=\S)(?P<em_text>[^*\n]+?)(?<=\S)\*(?!\w)"
    r"|`(?P<code>[^`\n]+)`"
    r"|<[^>\n]+>"  # inline HTML tags are dropped
)


@dataclass
class MarkdownText:
    """Plain text from Markdown, with what its marks said: headings and code blocks (not
    prose: never summary sentences, quotations or entities) and links (their URLs)."""

    text: str
    title: str | None
    headings: list[tuple[int, int]]
    code: list[tuple[int, int]]
    links: list[tuple[int, int, str]]


def markdown_text(md: str) -> MarkdownText:
    """Convert Markdown line by line, keeping offsets of headings, code and links."""
    out: list[str] = []
    pos = 0
    headings: list[tuple[int, int]] = []
    code: list[tuple[int, int]] = []
    links: list[tuple[int, int, str]] = []
    title = None
    in_fence = False
    blank_run = 0
    for line in md.split("\n"):
        if _MD_FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            piece = line
            if piece.strip():
                code.append((pos, pos + len(piece)))
        elif _MD_RULE_LINE.match(line):
            piece = ""
        else:
            heading = _MD_HEADING.match(line)
            body = line[heading.end():].rstrip().rstrip("#").rstrip() if heading else line
            if not heading:
                body = _MD_QUOTE.sub("", body, count=1)
                body = _MD_LIST.sub("", body, count=1)
            piece = _inline(body, pos, links)
            if heading and piece.strip():
                headings.append((pos, pos + len(piece)))
                if title is None and line.lstrip().startswith("# "):
                    title = piece.strip()
        if not piece.strip():
            blank_run += 1
            if blank_run > 1 or not out:
                continue  # at most one blank line in a row, none at the start
            piece = ""
        else:
            blank_run = 0
        out.append(piece)
        pos += len(piece) + 1
    while out and not out[-1].strip():
        out.pop()
    return MarkdownText("\n".join(out), title, headings, code, links)


def _inline(line: str, at: int, links: list[tuple[int, int, str]]) -> str:
    """One line's inline marks removed; each link's text span and URL recorded."""
    parts: list[str] = []
    length = 0
    last = 0
    for m in _MD_INLINE.finditer(line):
        parts.append(line[last:m.start()])
        length += m.start() - last
        last = m.end()
        if m.group("alt") is not None:
            inner = m.group("alt")
        elif m.group("label") is not None:
            inner = _inline(m.group("label"), at + length, [])
            if m.group("url") and inner:
                links.append((at + length, at + length + len(inner), m.group("url")))
        elif m.group("strong_text") is not None:
            inner = _inline(m.group("strong_text"), at + length, links)
        elif m.group("em_text") is not None:
            inner = m.group("em_text")
        elif m.group("code") is not None:
            inner = m.group("code")
        else:
            inner = ""
        parts.append(inner)
        length += len(inner)
    parts.append(line[last:])
    return "".join(parts)


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
