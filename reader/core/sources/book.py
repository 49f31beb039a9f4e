"""What EPUB and PDF books share: telling a book by its bytes, the size they may be, and a
document made of chapters (a title, then paragraphs) with each printed heading marked."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.document import Document, LoadError

BOOK_SUFFIXES = {".epub", ".pdf"}
#: Books carry images and fonts: a larger limit than text files.
MAX_BOOK_BYTES = 96 * 1024 * 1024


def is_book(data: bytes) -> str | None:
    """".pdf" or ".epub" when the bytes are one (whatever the file is called)."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04") and b"application/epub+zip" in data[:200]:
        return ".epub"
    return None


def book_document(parts: Sequence[tuple[str | None, list[str]]], title: str, author: str,
                  source: str, kind: str) -> Document:
    """A document from (chapter title or None to continue the previous one, paragraphs)."""
    pieces: list[str] = []
    chapters: list[list] = []
    structure: list[tuple[int, int, str]] = []
    pos = 0
    for heading, paragraphs in parts:
        paragraphs = [p for p in paragraphs if p.strip()]
        if not paragraphs and heading is None:
            continue
        if heading is not None:
            if chapters:
                chapters[-1][1] = pos
            chapters.append([pos, 0, heading])
            if not paragraphs or not _prints_title(paragraphs[0], heading):
                paragraphs = [heading, *paragraphs]  # the title is shown where it starts
            structure.append((pos, pos + len(paragraphs[0]), "heading"))
        for p in paragraphs:
            pieces.append(p)
            pos += len(p) + 2
    text = "\n\n".join(pieces)
    if chapters:
        chapters[-1][1] = len(text)
    if not text.strip():
        raise LoadError(f"no text found in this {kind.upper()}")
    doc = Document(text=text, title=title.strip() or _stem(source), source=source, kind=kind,
                   structure=structure, chapters=[(s, e, t) for s, e, t in chapters])
    if author:
        doc.meta["author"] = author
    return doc


def _prints_title(first: str, title: str) -> bool:
    """Whether a chapter's first paragraph is its printed heading: the title itself, or the
    title after a short label ("Chapter 1. The Harbour" for "The Harbour"). That line is then
    the heading (never a summary sentence), and the title is not shown twice."""
    line = " ".join(first.split()).lower().rstrip(" .:")
    head = " ".join(title.split()).lower().rstrip(" .:")
    return bool(head) and line.endswith(head) and len(line) <= len(head) + 20


def _stem(source: str) -> str:
    import os

    return os.path.splitext(os.path.basename(source))[0] or source
