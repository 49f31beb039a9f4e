"""Typed messages the reading screen's widgets and workers post upward.

(Textual's ``Message`` supports dataclasses: its ``__post_init__`` does the set-up.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.core.analysis import Analysis, Settings
    from reader.core.analysis.entities import Entity
    from reader.core.analysis.quotes import Quote
    from reader.core.analysis.summarize import Pick
    from reader.core.document import Document

Span = tuple[int, int]


@dataclass
class JumpTo(Message):
    """Show this span of the article (mark it as current and scroll to it)."""

    start: int
    end: int
    #: What to say about the jump, if anything ("Zhao Lijian: mention 2 of 3").
    say: str | None = None
    #: Put the span at the top of the view (a chapter's heading), not in the middle.
    top: bool = False
    #: Then the keys go back to the text (a chapter chosen in the contents).
    to_text: bool = False


@dataclass
class Busy(Message):
    """A worker started (``what``) or finished (``what is None``) a piece of work."""

    key: str
    what: str | None


@dataclass
class DocumentLoaded(Message):
    document: Document


@dataclass
class LoadFailed(Message):
    message: str


@dataclass
class SentencesReady(Message):
    analysis: Analysis


@dataclass
class SummaryReady(Message):
    settings: Settings
    picks: list[Pick]


@dataclass
class SummaryFailed(Message):
    message: str


@dataclass
class MarksFound(Message):
    """Entities and quotations: the last step of the analysis."""

    entities: list[Entity]
    quotes: list[Quote]
    keyphrases: list = field(default_factory=list)


@dataclass
class FollowLink(Message):
    """Open this link in reader itself (Escape comes back)."""

    url: str
