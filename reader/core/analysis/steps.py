"""Each step of the analysis with its cache (a long document's results are kept): sentences,
summary, chapter summaries, entities and quotations, key phrases — all as spans of the
document's text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Any

from reader.core import cache
from reader.core.analysis.entities import Entity, recognise
from reader.core.analysis.keyphrases import Keyphrase, keyphrases
from reader.core.analysis.ner import model_id as ner_model_id
from reader.core.analysis.quotes import Quote, find_quotes
from reader.core.analysis.sentences import Span, paragraph_ids, sentence_index, split_sentences
from reader.core.analysis.summarize import (
    ALGORITHMS,
    DEFAULT_ALGORITHM,
    DEFAULT_SENTENCES,
    Pick,
    summarize,
)
from reader.core.document import Document


@dataclass(frozen=True)
class Settings:
    algorithm: str = DEFAULT_ALGORITHM
    sentences: int | None = DEFAULT_SENTENCES
    ratio: float | None = None
    language: str = "english"
    engine: str = "fast"
    words: int | None = None  # a budget in words instead of a number of sentences
    keyphrases: int = 10  # how many key phrases

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


@dataclass
class Analysis:
    document: Document
    settings: Settings
    sentences: list[Span]
    paragraphs: list[int]
    summary: list[Pick] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    #: One summary per chapter (``analyze(..., parts=(..., "chapters"))``), in order.
    chapter_summaries: list[list[Pick]] = field(default_factory=list)
    #: What the text is about (``parts=(..., "keyphrases")``), best first.
    keyphrases: list[Keyphrase] = field(default_factory=list)

    @property
    def eligible(self) -> list[int]:
        return eligible_sentences(self.document, self.sentences)

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence containing (or following) character *offset*."""
        return sentence_index(self.sentences, offset)

    def summary_dicts(self, picks: list[Pick] | None = None) -> list[dict[str, Any]]:
        text = self.document.text
        out = []
        for p in self.summary if picks is None else picks:
            s, e = self.sentences[p.index]
            out.append({"index": p.index, "start": s, "end": e, "text": text[s:e],
                        "score": round(p.score, 6)})
        return out

    def to_dict(self, parts: tuple[str, ...] = ("sentences", "summary", "entities", "quotes"),
                source: str | None = None) -> dict[str, Any]:
        doc = self.document
        out: dict[str, Any] = {"source": source if source is not None else doc.source,
                               "title": doc.title, "text": doc.text}
        if doc.meta:
            out["meta"] = {k: v for k, v in doc.meta.items() if k != "path"}
        if doc.boilerplate:
            out["boilerplate"] = [{"start": s, "end": e} for s, e in doc.boilerplate]
        if doc.structure:
            out["structure"] = [{"start": s, "end": e, "kind": k} for s, e, k in doc.structure]
        if doc.links:
            out["links"] = [{"start": s, "end": e, "url": u} for s, e, u in doc.links]
        if doc.chapters:
            out["chapters"] = [{"title": t, "start": s, "end": e} for s, e, t in doc.chapters]
            for row, picks in zip(out["chapters"], self.chapter_summaries):  # noqa: B905
                row["summary"] = self.summary_dicts(picks)
        if "sentences" in parts:
            out["sentences"] = [{"start": s, "end": e} for s, e in self.sentences]
        if "summary" in parts:
            out["algorithm"] = self.settings.algorithm
            out["language"] = self.settings.language
            out["summary"] = self.summary_dicts()
        if "entities" in parts:
            out["entities"] = [e.as_dict() for e in self.entities]
        if "quotes" in parts:
            from reader.core.analysis.names import speaker_groups

            out["quotes"] = [q.as_dict() for q in self.quotes]
            out["speakers"] = [{"name": name, "also": also, "quotes": n} for name, also, n
                               in speaker_groups(q.speaker for q in self.quotes)]
        if "keyphrases" in parts:
            out["keyphrases"] = [k.as_dict() for k in self.keyphrases]
        return out


#: A web page's line that ends as no sentence does is furniture (a byline, a dateline, "1
#: minute read"), not a sentence to summarise.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")


def eligible_sentences(doc: Document, sentences: list[Span]) -> list[int]:
    """Sentences that may be summarised: not boilerplate, headings or code, with at least one
    letter, not the title again, not a repeat of an earlier one (a summary never says the same
    thing twice), and in a web page, ending as a sentence does. (A text's title is its first
    line: that line is its lead, and stays.)"""
    text = doc.text
    title = " ".join(doc.title.lower().split()).rstrip(".!?") if doc.kind == "html" else ""
    seen: set[str] = {title} if title else set()
    out = []
    for i, (s, e) in enumerate(sentences):
        if doc.in_boilerplate(s, e) or doc.not_prose(s, e):
            continue
        words = " ".join(text[s:e].lower().split())
        bare = words.rstrip(".!?")
        if (words in seen or bare in seen or not any(c.isalpha() for c in words)
                or (len(bare) > 20 and title.startswith(bare))  # the title, less its site
                or (doc.kind == "html" and not _SENTENCE_END.search(words))):
            continue
        seen.add(words)
        out.append(i)
    return out


#: Documents at least this long have their analysis cached (short ones are quicker to redo).
CACHE_MIN_CHARS = 20_000


def _cached(doc: Document) -> bool:
    return len(doc.text) >= CACHE_MIN_CHARS


def segment(doc: Document, language: str = "english") -> tuple[list[Span], list[int]]:
    name = cache.key("sentences", doc.content_hash, language=language)
    if _cached(doc):
        hit = cache.get(name)
        if hit is not None:
            return [tuple(x) for x in hit[0]], list(hit[1])
    spans = split_sentences(doc.text, language)
    paras = paragraph_ids(doc.text, spans)
    if _cached(doc):
        cache.put(name, [spans, paras])
    return spans, paras


def summarize_analysis(analysis: Analysis, settings: Settings) -> list[Pick]:
    doc = analysis.document
    name = cache.key("summary", doc.content_hash, algorithm=settings.algorithm,
                     sentences=settings.sentences, ratio=settings.ratio,
                     language=settings.language, title=doc.title, engine=settings.engine,
                     words=settings.words)
    if _cached(doc):
        hit = cache.get(name)
        if hit is not None:
            return [Pick(int(i), float(score)) for i, score in hit]
    picks = summarize(
        doc.text, analysis.sentences,
        algorithm=settings.algorithm, count=settings.sentences, ratio=settings.ratio,
        language=settings.language, title=doc.title, paragraphs=analysis.paragraphs,
        eligible=analysis.eligible, engine=settings.engine, words_budget=settings.words,
    )
    if _cached(doc):
        cache.put(name, [[p.index, p.score] for p in picks])
    return picks


def summarize_chapters(analysis: Analysis, settings: Settings) -> list[list[Pick]]:
    """A summary of each chapter (at least one sentence each, in document order), ranked as
    parts of a book; cached like the whole book's."""
    doc = analysis.document
    if not doc.chapters:
        return []
    name = cache.key("chapters", doc.content_hash, algorithm=settings.algorithm,
                     sentences=settings.sentences, ratio=settings.ratio,
                     language=settings.language, engine=settings.engine, words=settings.words,
                     chapters=[(s, e) for s, e, _ in doc.chapters])
    if _cached(doc):
        hit = cache.get(name)
        if hit is not None:
            return [[Pick(int(i), float(score)) for i, score in row] for row in hit]
    eligible = analysis.eligible  # sorted sentence indices
    starts = [s for s, _ in analysis.sentences]
    out = []
    for start, end, title in doc.chapters:
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        inside = eligible[bisect.bisect_left(eligible, lo):bisect.bisect_left(eligible, hi)]
        picks = summarize(
            doc.text, analysis.sentences, algorithm=settings.algorithm,
            count=settings.sentences if settings.sentences else None, ratio=settings.ratio,
            language=settings.language, title=title, paragraphs=analysis.paragraphs,
            eligible=inside, engine=settings.engine, words_budget=settings.words,
            part_of_book=True)
        if not picks and inside:
            picks = [Pick(inside[0], 0.0)]  # every chapter says something
        out.append(picks)
    if _cached(doc):
        cache.put(name, [[[p.index, p.score] for p in row] for row in out])
    return out


def entities_and_quotes(doc: Document, sentences: list[Span],
                        language: str = "english") -> tuple[list[Entity], list[Quote]]:
    name = cache.key("marks", doc.content_hash, language=language, model=ner_model_id())
    if _cached(doc):
        hit = cache.get(name)
        if hit is not None:
            text = doc.text
            ents = [Entity(s, e, label, text[s:e]) for s, e, label in hit[0]]
            quotes = [Quote(s, e, text[s:e], speaker) for s, e, speaker in hit[1]]
            return ents, quotes
    # A book's title page and contents are not its prose: "By Jane Austen" there must not
    # make every "Jane" of the story the author.
    ents = recognise(doc.text, sentences, doc.skipped(("code", "front")))
    quotes = find_quotes(doc.text, sentences, ents, doc.skipped(("heading", "code", "front")))
    if _cached(doc):
        cache.put(name, [[[e.start, e.end, e.label] for e in ents],
                         [[q.start, q.end, q.speaker] for q in quotes]])
    return ents, quotes


def keyphrases_of(doc: Document, sentences: list[Span], top: int = 10,
                  language: str = "english") -> list[Keyphrase]:
    """The key phrases of *doc*, cached like the other parts (a book's take seconds)."""
    name = cache.key("keyphrases", doc.content_hash, top=top, language=language)
    if _cached(doc):
        hit = cache.get(name)
        if hit is not None:
            return [Keyphrase(text, float(score)) for text, score in hit]
    found = keyphrases(doc.text, sentences, top, language, doc.skipped())
    if _cached(doc):
        cache.put(name, [[k.text, k.score] for k in found])
    return found


def analyze(doc: Document, settings: Settings | None = None,
            parts: tuple[str, ...] = ("summary", "entities", "quotes")) -> Analysis:
    """Run the requested parts of the analysis on *doc*: the pipeline's stages, collected
    (see :mod:`reader.core.analysis.pipeline`)."""
    from reader.core.analysis.pipeline import (
        ChaptersSummarised,
        Marked,
        Segmented,
        Summarised,
        stages,
    )

    settings = settings or Settings()
    if settings.algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {settings.algorithm!r}")
    analysis: Analysis | None = None
    for stage in stages(doc, settings, parts, raise_errors=True):
        if isinstance(stage, Segmented):
            analysis = Analysis(doc, settings, stage.spans, stage.paragraphs)
        elif analysis is None:
            continue
        elif isinstance(stage, Summarised):
            analysis.summary = stage.picks
        elif isinstance(stage, ChaptersSummarised):
            analysis.chapter_summaries = stage.summaries
        elif isinstance(stage, Marked):
            analysis.entities, analysis.quotes = stage.entities, stage.quotes
            analysis.keyphrases = stage.keyphrases
    assert analysis is not None
    return analysis
