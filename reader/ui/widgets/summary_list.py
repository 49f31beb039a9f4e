"""The summary beside the article: one option per summary sentence, in document order.

Data comes down through :meth:`SummaryList.show`; choosing a sentence (Enter) posts
:class:`~reader.ui.messages.JumpTo` for it. Moving the highlight, or focusing the list,
never moves the article (nor the saved place).
"""

from __future__ import annotations

from textual import on
from textual.widgets.option_list import Option

from reader.core.textsafe import one_line
from reader.ui.accessibility import plain
from reader.ui.messages import JumpTo
from reader.ui.widgets.common import VimOptionList

Span = tuple[int, int]


def length_label(settings) -> str:
    """How long the summary is, as the status line and the summary's border say it."""
    if settings.ratio is not None:
        return f"{settings.ratio:.0%}"
    return f"{settings.sentences} sentences"


class SummaryList(VimOptionList):
    """The summary sentences; the screen sets the title (algorithm) and subtitle (length)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.indices: list[int] = []
        self.spans: list[Span] = []

    def show(self, text: str, indices: list[int], spans: list[Span]) -> None:
        """Show these sentences (their index in the document and their span of *text*)."""
        from rich.text import Text

        self.indices, self.spans = list(indices), list(spans)
        self.clear_options()
        items: list[Option | None] = []
        rules = not plain(self.app)
        for i, (s, e) in zip(self.indices, self.spans, strict=True):
            if items and rules:
                items.append(None)
            items.append(Option(Text(one_line(text[s:e])), id=str(i)))
        self.add_options(items)

    def step_of(self, index: int) -> int:
        """Position of document sentence *index* in the summary."""
        return self.indices.index(index)

    @on(VimOptionList.OptionHighlighted)
    def _highlighted(self, event: VimOptionList.OptionHighlighted) -> None:
        event.stop()  # looking is not moving: only Enter jumps

    @on(VimOptionList.OptionSelected)
    def _chosen(self, event: VimOptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        step = self.step_of(int(event.option.id))
        start, end = self.spans[step]
        self.post_message(JumpTo(start, end))
