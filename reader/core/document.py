"""The document model: what every source becomes. Imports nothing of reader's own."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

#: How a feed item without a link is named as a source: ``feed-item:<id>``.
FEED_ITEM_PREFIX = "feed-item:"


class LoadError(Exception):
    """A source could not be loaded; the message is one line meant for a person."""


@dataclass
class Document:
    text: str
    title: str
    source: str
    kind: str = "text"
    meta: dict[str, str] = field(default_factory=dict)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    #: Spans that are not prose, with their kind ("heading", "code", "front" — a book's
    #: title page and contents before its first chapter): never summary sentences or
    #: quotations (code holds no entities either).
    structure: list[tuple[int, int, str]] = field(default_factory=list)
    #: Links kept from the source: (start, end, url), the span being the link's text.
    links: list[tuple[int, int, str]] = field(default_factory=list)
    #: Chapters of a book: (start, end, title), in order; empty for an article.
    chapters: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def reading_start(self) -> int:
        """Where a reader starts: after a header of boilerplate (Project Gutenberg's) and the
        blank lines that follow it; 0 for everything else."""
        if self.boilerplate and self.boilerplate[0][0] == 0:
            end = self.boilerplate[0][1]
            return end + len(self.text[end:]) - len(self.text[end:].lstrip())
        return 0

    def in_boilerplate(self, start: int, end: int) -> bool:
        return any(start >= b0 and end <= b1 for b0, b1 in self.boilerplate)

    def not_prose(self, start: int, end: int) -> bool:
        """Whether text[start:end] touches a heading or a code block."""
        return any(start < e and s < end for s, e, _ in self.structure)

    def skipped(self, kinds: tuple[str, ...] = ("heading", "code")) -> list[tuple[int, int]]:
        """Boilerplate and the structure spans of *kinds*: what analysis leaves out."""
        return self.boilerplate + [(s, e) for s, e, k in self.structure if k in kinds]
