"""The reading screen's analysis, in thread workers: load (if needed), split sentences,
summarise, then find entities and quotes; each step posts a message (workers never touch
widgets)."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.worker import get_current_worker

from reader.core.analysis import Analysis, Settings
from reader.core.summarize import ALGORITHM_NAMES
from reader.ui.messages import (
    Busy,
    DocumentLoaded,
    LoadFailed,
    MarksFound,
    SentencesReady,
    SummaryFailed,
    SummaryReady,
)


class ReadingAnalysis:
    """Mixed into :class:`reader.ui.reading.ReadingScreen`."""

    document: Any
    source: str
    settings: Settings
    analysis: Analysis | None
    app: Any
    post_message: Any
    text_shown: Any  # a threading.Event set once the article's text has been painted

    @work(thread=True, exclusive=True, exit_on_error=False, group="analysis")
    def run_analysis(self) -> None:
        """Load (if needed), split, summarise, then find entities and quotes; each step
        posts a message (workers never touch widgets). What the start-up child already
        did (``reader FILE``: see reader.core.preanalysis) is taken from it instead."""
        from reader.core.analysis import entities_and_quotes, keyphrases_of, segment
        from reader.core.preanalysis import LOADED, MARKS, SENTENCES
        from reader.core.sources import load

        worker = get_current_worker()
        post = self.post_message
        pre = self.app.take_preanalysis(self.source) if self.document is None else None

        def child(k: int) -> Any:
            return pre.get(k) if pre is not None else None  # None: do it here

        doc = self.document
        if doc is None:
            loaded = child(LOADED)
            if loaded is not None:
                doc = loaded.document
            else:
                post(Busy("load", "loading"))
                try:
                    library = self.app.library  # a feed's item opens as that item
                    doc = library.open_source(self.source) if library else load(self.source)
                except Exception as exc:
                    post(LoadFailed(f"{self.source}: {exc}"))
                    return
            if worker.is_cancelled:
                return
            post(DocumentLoaded(doc))
            # The text first: with a warm cache everything else arrives at once, and the
            # screen would paint only after it all (1.4 s instead of 0.8 s for a 3 MB book).
            if loaded is None or len(doc.text) > 200_000:
                self.text_shown.wait(2.0)
        sent = child(SENTENCES)
        if sent is not None:
            spans, paras = sent.spans, sent.paragraphs
        else:
            post(Busy("sentences", "splitting sentences"))
            spans, paras = segment(doc, self.settings.language)
        if worker.is_cancelled:
            return
        analysis = Analysis(doc, self.settings, spans, paras)
        post(SentencesReady(analysis))
        if sent is not None and sent.settings == self.settings and sent.picks is not None:
            post(SummaryReady(self.settings, sent.picks))
        else:  # the summary first, in this thread: a second one would only share the GIL
            self._compute_summary(analysis, self.settings, worker)
        if worker.is_cancelled:
            return
        post(Busy("entities", "finding entities and quotes"))
        marks = child(MARKS)
        if marks is not None:
            entities, quotes, keys = marks.entities, marks.quotes, marks.keyphrases
        else:
            entities, quotes = entities_and_quotes(doc, spans, self.settings.language)
            if worker.is_cancelled:
                return
            keys = keyphrases_of(doc, spans, 12, self.settings.language)
        if not worker.is_cancelled:
            post(MarksFound(entities, quotes, keys))

    @work(thread=True, exclusive=True, exit_on_error=False, group="summary")
    def recompute_summary(self, settings: Settings) -> None:
        analysis = self.analysis
        if analysis is None:
            return  # the analysis worker computes the summary once sentences are ready
        self._compute_summary(analysis, settings, get_current_worker())

    def _compute_summary(self, analysis: Analysis, settings: Settings, worker) -> None:
        """Runs in a worker thread; posts the result unless the worker was cancelled."""
        from reader.core.analysis import summarize_analysis

        name = ALGORITHM_NAMES.get(settings.algorithm, settings.algorithm)
        self.post_message(Busy("summary", f"summarising with {name}"))
        try:
            picks = summarize_analysis(analysis, settings)
        except Exception as exc:
            self.post_message(SummaryFailed(f"Summary failed: {exc}"))
            return
        if not worker.is_cancelled:
            self.post_message(SummaryReady(settings, picks))

