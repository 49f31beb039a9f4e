"""The one analysis pipeline: Document -> sentences -> summary -> chapters -> marks, streamed.

:func:`stages` yields each result as soon as it is made. ``reader analyze`` collects them
(:func:`reader.core.analysis.analyze`); the start-up child (:mod:`reader.core.preanalysis`)
sends each through its pipe; the reading screen's worker posts each as a message. A caller
that already has a stage's result (the reading screen, from the start-up child) hands it in
through *given* and the pipeline uses it instead of making it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from reader.core.document import Document

#: Every part of the pipeline, in the order it runs ("entities", "quotes" and "keyphrases"
#: are the marks stage, made together when asked for together).
ALL_PARTS = ("summary", "chapters", "entities", "quotes", "keyphrases")


@dataclass
class Loaded:
    """The document (first: a book's text is shown while the rest is worked out)."""

    stage: ClassVar[str] = "load"
    document: Document


@dataclass
class Segmented:
    """Sentences (spans of the text) and the paragraph each is in."""

    stage: ClassVar[str] = "sentences"
    language: str
    spans: list[tuple[int, int]]
    paragraphs: list[int]


@dataclass
class Summarised:
    """The summary made with *settings* (a :class:`reader.core.analysis.Settings`)."""

    stage: ClassVar[str] = "summary"
    settings: Any
    picks: list


@dataclass
class SummaryFailed:
    stage: ClassVar[str] = "summary"
    settings: Any
    error: str


@dataclass
class ChaptersSummarised:
    """One summary per chapter of a book, in order."""

    stage: ClassVar[str] = "chapters"
    settings: Any
    summaries: list


@dataclass
class Marked:
    """Entities, quotations and key phrases."""

    stage: ClassVar[str] = "marks"
    language: str
    entities: list
    quotes: list
    keyphrases: list


Stage = Loaded | Segmented | Summarised | SummaryFailed | ChaptersSummarised | Marked

#: What a person is told while a stage runs.
WORKING_ON = {"sentences": "splitting sentences", "summary": "summarising",
              "chapters": "summarising each chapter", "marks": "finding entities and quotes"}


def stages(document: Document, settings: Any, parts: tuple[str, ...] = ALL_PARTS,
           given: Callable[[str], Stage | None] | None = None,
           starting: Callable[[str], object] | None = None,
           raise_errors: bool = False) -> Iterator[Stage]:
    """The analysis of *document* with *settings*, one result at a time (see the module
    doc). *given(stage)* returns a result already made, or None; *starting(stage)* is
    called before a stage is made here. A summary that fails is :class:`SummaryFailed`
    and the rest still comes (with *raise_errors*, its exception is raised instead)."""
    from reader.core.analysis import (
        Analysis,
        entities_and_quotes,
        keyphrases_of,
        segment,
        summarize_analysis,
        summarize_chapters,
    )

    def made(stage: str, make: Callable[[], Stage]) -> Stage:
        found = given(stage) if given is not None else None
        if found is not None:
            return found
        if starting is not None:
            starting(stage)
        return make()

    yield Loaded(document)
    seg = made("sentences", lambda: Segmented(settings.language,
                                              *segment(document, settings.language)))
    assert isinstance(seg, Segmented)
    yield seg
    analysis = Analysis(document, settings, seg.spans, seg.paragraphs)

    def summary() -> Stage:
        try:
            return Summarised(settings, summarize_analysis(analysis, settings))
        except Exception as exc:  # said where it is shown; the marks still come
            if raise_errors:
                raise
            return SummaryFailed(settings, str(exc))

    if "summary" in parts:
        yield made("summary", summary)
    if "chapters" in parts and document.chapters:
        yield made("chapters", lambda: ChaptersSummarised(
            settings, summarize_chapters(analysis, settings)))
    with_entities = "entities" in parts or "quotes" in parts
    with_keys = "keyphrases" in parts
    if with_entities or with_keys:
        def marks() -> Stage:
            entities, quotes = (entities_and_quotes(document, seg.spans, settings.language)
                                if with_entities else ([], []))
            keys = (keyphrases_of(document, seg.spans, settings.keyphrases, settings.language)
                    if with_keys else [])
            return Marked(settings.language, entities, quotes, keys)

        yield made("marks", marks)
