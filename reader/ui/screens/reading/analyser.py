"""The reading screen's analysis, in thread workers: load (if needed), then the pipeline's
stages (:mod:`reader.core.analysis.pipeline`), each posted to the screen as a message
(workers never touch widgets)."""

from __future__ import annotations

from typing import Any

from textual.worker import Worker, get_current_worker

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
from reader.ui.parts import Part


class Analyser(Part):
    """Starts (and, by group, replaces) the analysis workers of the screen."""

    def run(self) -> Worker:
        """The whole analysis, once, when the screen opens."""
        screen = self.screen
        return screen.run_worker(
            lambda: self._analyse(screen.document, screen.settings), thread=True,
            exclusive=True, exit_on_error=False, group="analysis")

    def _analyse(self, document: Any, settings: Settings) -> None:
        """What the start-up child already made (``reader FILE``: see
        :mod:`reader.core.preanalysis`) is taken from it instead, when it was made with these
        settings."""
        from reader.core.analysis.pipeline import Loaded, Marked, Segmented, Summarised, stages
        from reader.core.analysis.pipeline import SummaryFailed as Failed
        from reader.core.feeds import open_source

        screen = self.screen
        worker = get_current_worker()
        post = screen.post_message
        pre = screen.app.take_preanalysis(screen.source) if document is None else None

        def from_child(stage: str) -> Any:
            return _fits(pre.get(stage) if pre is not None else None, settings)

        doc, loaded = document, None
        if doc is None:
            loaded = from_child("load")
            if loaded is not None:
                doc = loaded.document
            else:
                post(Busy("load", "loading"))
                try:  # a feed's item opens as that item
                    doc = open_source(screen.source, screen.app.library)
                except Exception as exc:
                    post(LoadFailed(f"{screen.source}: {exc}"))
                    return

        def starting(stage: str) -> None:
            post(_busy(stage, settings))

        for result in stages(doc, settings, ("summary", "entities", "quotes", "keyphrases"),
                             given=from_child, starting=starting):
            if worker.is_cancelled:
                return
            if isinstance(result, Loaded):
                if document is None:
                    post(DocumentLoaded(doc))
                    # The text first: with a warm cache everything else arrives at once, and
                    # the screen would paint only after it all (1.4 s, not 0.8 s, for 3 MB).
                    if loaded is None or len(doc.text) > 200_000:
                        screen.text_shown.wait(2.0)
            elif isinstance(result, Segmented):
                post(SentencesReady(Analysis(doc, settings, result.spans, result.paragraphs)))
            elif isinstance(result, Summarised):
                post(SummaryReady(result.settings, result.picks))
            elif isinstance(result, Failed):
                post(SummaryFailed(f"Summary failed: {result.error}"))
            elif isinstance(result, Marked):
                post(MarksFound(result.entities, result.quotes, result.keyphrases))

    def recompute_summary(self, settings: Settings) -> None:
        """The summary again, with *settings* (a newer request replaces an older one)."""
        analysis = self.screen.analysis
        if analysis is None:
            return  # the analysis worker computes the summary once sentences are ready
        self.screen.run_worker(lambda: self._summarise(analysis, settings), thread=True,
                               exclusive=True, exit_on_error=False, group="summary")

    def _summarise(self, analysis: Analysis, settings: Settings) -> None:
        """Runs in a worker thread; posts the result unless the worker was cancelled."""
        from reader.core.analysis import summarize_analysis

        worker = get_current_worker()
        post = self.screen.post_message
        name = ALGORITHM_NAMES.get(settings.algorithm, settings.algorithm)
        post(Busy("summary", f"summarising with {name}"))
        try:
            picks = summarize_analysis(analysis, settings)
        except Exception as exc:
            post(SummaryFailed(f"Summary failed: {exc}"))
            return
        if not worker.is_cancelled:
            post(SummaryReady(settings, picks))


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
