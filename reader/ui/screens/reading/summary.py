"""The summary's keys: ``]`` and ``[`` step through its sentences in the text, ``a``/``A``
choose the algorithm, ``+``/``-`` the length; and the summary pane's title."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding

from reader.core.analysis.summarize import ALGORITHM_NAMES, ALGORITHMS, DEFAULT_SENTENCES
from reader.ui.parts import Command, Part
from reader.ui.widgets.summary_list import length_label

#: The longest summary + will make.
MAX_SUMMARY_SENTENCES = 50


class SummaryControl(Part):
    """Which summary sentence is current; the algorithm and length asked for."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("right_square_bracket", "next", "Next summary", id="reading.next_summary"),
        Binding("left_square_bracket", "previous", "Prev summary", show=False,
                id="reading.prev_summary"),
        Binding("a", "next_algorithm", "Algorithm", id="reading.next_algorithm"),
        Binding("A", "previous_algorithm", "Prev algorithm", show=False,
                id="reading.prev_algorithm"),
        Binding("plus,equals_sign", "longer", "Longer", show=False, id="reading.longer"),
        Binding("minus", "shorter", "Shorter", show=False, id="reading.shorter"),
    ]

    def _step(self, step: int) -> None:
        """The next (*step* 1) or previous (-1) summary sentence from where the reader is —
        not from the one last jumped to; at either end it says so and stays."""
        screen = self.screen
        summary = screen.summary
        if not summary.indices:
            self.say("No summary yet", timeout=2)
            return
        top = screen.article.offset_at_top()
        # Where the reader is: the span last jumped to if they have not scrolled since,
        # else the line at the top of the view.
        jumped = screen.place.jumped
        stepping = jumped is not None and jumped[1] == top
        here = jumped[0] if stepping and jumped is not None else top
        if step > 0:
            k = next((k for k, (s, _) in enumerate(summary.spans)
                      if s > here or (not stepping and s == here)), None)
        else:
            k = next((k for k in range(len(summary.spans) - 1, -1, -1)
                      if summary.spans[k][0] < here), None)
        if k is None:
            self.say("No summary sentence " + ("after" if step > 0 else "before") +
                     " this point", timeout=2)
            return
        screen.mark_sentence(summary.indices[k])
        summary.highlighted = k

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def set_algorithm(self, algorithm: str) -> None:
        self._ask(self.screen.settings.with_(algorithm=algorithm))

    def next_algorithm(self) -> None:
        k = ALGORITHMS.index(self.screen.settings.algorithm)
        self.set_algorithm(ALGORITHMS[(k + 1) % len(ALGORITHMS)])

    def previous_algorithm(self) -> None:
        k = ALGORITHMS.index(self.screen.settings.algorithm)
        self.set_algorithm(ALGORITHMS[(k - 1) % len(ALGORITHMS)])

    def set_length(self, sentences: int) -> None:
        # Never longer than the article: its sentences that can be chosen (boilerplate not).
        most = MAX_SUMMARY_SENTENCES
        analysis = self.screen.analysis
        if analysis is not None:
            most = min(most, max(1, len(analysis.eligible)))
        sentences = max(1, min(most, sentences))
        self._ask(self.screen.settings.with_(sentences=sentences, ratio=None))

    def longer(self) -> None:
        self.set_length((self.screen.settings.sentences or DEFAULT_SENTENCES) + 1)

    def shorter(self) -> None:
        self.set_length((self.screen.settings.sentences or DEFAULT_SENTENCES) - 1)

    def _ask(self, settings) -> None:
        screen = self.screen
        screen.settings = settings
        self.show_title()
        screen.analyser.recompute_summary(settings)
        screen.update_status()

    def show_title(self, title: str | None = None) -> None:
        """The summary pane's title: the algorithm (or *title*) and the length."""
        settings = self.screen.settings
        summary = self.screen.summary
        name = ALGORITHM_NAMES.get(settings.algorithm, settings.algorithm)
        summary.border_title = f"Summary · {title or name}"
        summary.border_subtitle = length_label(settings)

    def status(self) -> str:
        settings = self.screen.settings
        return f"{settings.algorithm} · {length_label(settings)}"

    def commands(self) -> list[Command]:
        return [
            *((f"summary: Use {ALGORITHM_NAMES[alg]}", lambda a=alg: self.set_algorithm(a),
               f"Recompute the summary with {alg}") for alg in ALGORITHMS),
            ("summary: Longer", self.longer, "One more summary sentence"),
            ("summary: Shorter", self.shorter, "One fewer summary sentence"),
            ("summary: Next sentence in text", self.next, "Jump to the next summary sentence"),
            ("summary: Previous sentence in text", self.previous,
             "Jump to the previous summary sentence"),
        ]
