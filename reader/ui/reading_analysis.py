"""The reading screen's analysis, in thread workers: load (if needed), split sentences,
summarise, then find entities and quotes; each step posts a message (workers never touch
widgets)."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.worker import get_current_worker

from reader.core.analysis import Analysis, Settings
from reader.core.analysis.summarize import ALGORITHM_NAMES
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
        """Load (if needed), then the pipeline's stages (reader.core.analysis.pipeline), each
        posted as a message (workers never touch widgets). What the start-up child already
        made (``reader FILE``: see reader.core.preanalysis) is taken from it instead, when
        it was made with these settings."""
        from reader.core.analysis.pipeline import (
            Loaded,
            Marked,
            Segmented,
            Summarised,
            stages,
        )
        from reader.core.analysis.pipeline import SummaryFailed as Failed
        from reader.core.sources import load

        worker = get_current_worker()
        post = self.post_message
        settings = self.settings
        pre = self.app.take_preanalysis(self.source) if self.document is None else None

        def from_child(stage: str) -> Any:
            return _fits(pre.get(stage) if pre is not None else None, settings)

        doc = self.document
        loaded = None
        if doc is None:
            loaded = from_child("load")
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

        def starting(stage: str) -> None:
            post(_busy(stage, settings))

        for result in stages(doc, settings, ("summary", "entities", "quotes", "keyphrases"),
                             given=from_child, starting=starting):
            if worker.is_cancelled:
                return
            if isinstance(result, Loaded):
                if self.document is None:
                    post(DocumentLoaded(doc))
                    # The text first: with a warm cache everything else arrives at once, and
                    # the screen would paint only after it all (1.4 s, not 0.8 s, for 3 MB).
                    if loaded is None or len(doc.text) > 200_000:
                        self.text_shown.wait(2.0)
            elif isinstance(result, Segmented):
                post(SentencesReady(Analysis(doc, settings, result.spans, result.paragraphs)))
            elif isinstance(result, Summarised):
                post(SummaryReady(result.settings, result.picks))
            elif isinstance(result, Failed):
                post(SummaryFailed(f"Summary failed: {result.error}"))
            elif isinstance(result, Marked):
                post(MarksFound(result.entities, result.quotes, result.keyphrases))

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


def _fits(found: Any, settings: Settings) -> Any:
    """The start-up child's result, if it was made as this screen would make it."""
    from reader.core.analysis.pipeline import Marked, Segmented, Summarised, SummaryFailed

    if isinstance(found, SummaryFailed) or (isinstance(found, Summarised)
                                            and found.settings != settings):
        return None  # failed there, or made with other settings: made here
    if isinstance(found, (Segmented, Marked)) and found.language != settings.language:
        return None
    return found


def _busy(stage: str, settings: Settings) -> Busy:
    """What the status line says while *stage* is made here."""
    from reader.core.analysis.pipeline import WORKING_ON

    label = WORKING_ON.get(stage, stage)
    if stage == "summary":
        name = ALGORITHM_NAMES.get(settings.algorithm, settings.algorithm)
        label = f"summarising with {name}"
    return Busy("entities" if stage == "marks" else stage, label)
