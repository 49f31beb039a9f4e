"""The first frame of ``reader FILE``: the article and its summary as plain text.

The start-up child (:mod:`reader.core.preanalysis`) has usually sent the document and its
summary before the app has mounted, while building the interactive reading screen takes a
good tenth of a second more. So the first frame is not an empty splash: it shows the
article's first lines and its summary, laid out like the reading screen (title, article,
summary beside it or below it in a narrow terminal), in plain widgets that are cheap to
build; the reading screen then takes their place with every mark and key.
Text from the file is data: shown through :func:`~reader.core.textsafe.safe_text`, never
parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from reader.core.textsafe import one_line, safe_text

#: Enough of the text for the tallest terminal's first screen. (Padding below: the
#: reading screen's panes keep two columns for a scrollbar.)
PREVIEW_CHARS = 12_000
#: Below this many columns the reading screen (and this frame) stack the summary under
#: the article.
NARROW = 110

#: The reading layout, for the reading screen and this frame alike (ROOT: the class).
_LAYOUT = """
ROOT #title { height: 1; background: $primary; color: $text; padding: 0 1; text-style: bold; }
ROOT #main { height: 1fr; }
ROOT #article { width: 3fr; border: round $primary 50%; }
ROOT #sidebar { width: 2fr; min-width: 40; }
ROOT #summary { height: 1fr; border: round $primary 50%; border-title-align: left; }
ROOT #side { height: 1fr; }
ROOT #status { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
ROOT.-narrow #main { layout: vertical; }
ROOT.-narrow #article { width: 1fr; height: 3fr; }
ROOT.-narrow #sidebar { width: 1fr; height: 2fr; min-width: 0; }
ROOT.-narrow #side { display: none; }
"""


def layout_css(root: str) -> str:
    """The reading layout's stylesheet for widgets laid out under *root* (a class name)."""
    return _LAYOUT.replace("ROOT", root)


class FirstLook(Vertical):
    """Title, article and summary, as the reading screen will show them."""

    DEFAULT_CSS = "FirstLook { height: 1fr; } FirstLook #article { background: $surface; }" + \
        layout_css("FirstLook")

    def __init__(self, title: str, text: str, summary: list[str], *, width: int,
                 height: int, max_width: int | None, reflow: bool) -> None:
        super().__init__(id="first-look")
        self._title = title
        # What can be seen of it: a screenful of lines (wrapping more would only cost time).
        self._text = _preview(text[:min(PREVIEW_CHARS, width * height)], reflow)
        self._summary = summary
        self._max_width = max_width
        self.set_class(width < NARROW, "-narrow")

    def compose(self) -> ComposeResult:
        yield Static(Text(one_line(self._title)), id="title")
        with Horizontal(id="main"):
            yield PlainLines([self._text], measure=self._max_width, id="article")
            with Vertical(id="sidebar"):
                summary = PlainLines([safe_text(" ".join(s.split())) for s in self._summary],
                                     rules=True, id="summary")
                summary.border_title = "Summary"
                yield summary
                yield Static(id="side")  # where entities and quotes will be
        yield Static("opening…", id="status")


class PlainLines(Widget):
    """Paragraphs drawn line by line (the Line API), wrapped by reader's own word wrap at
    the widget's width, at most *measure* cells centred, a rule between paragraphs if
    asked: a screenful in a few milliseconds. Padded as the reading screen's lists and
    article are (one column each side and two kept for a scrollbar), so lines fall where
    they will fall there."""

    DEFAULT_CSS = "PlainLines { height: 1fr; padding: 0 3 0 1; }"

    def __init__(self, paragraphs: Sequence[str], *, measure: int | None = None,
                 rules: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self._paragraphs = list(paragraphs)
        self._measure = measure
        self._rules = rules
        self._lines: list[str] = []
        self._width = -1

    def _layout(self, width: int) -> None:
        from reader.ui.widgets.wrapping import needs_spacing, wrap

        if width == self._width:
            return
        self._width = width
        measure = min(width, self._measure) if self._measure else width
        margin = " " * ((width - measure) // 2)
        lines: list[str] = []
        for k, para in enumerate(self._paragraphs):
            if k and self._rules:
                lines.append("─" * width)
            spaced = needs_spacing(para)
            lines += [margin + para[a:b] for a, b in wrap(para, measure, spaced=spaced)]
        self._lines = lines

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        self._layout(width)
        style = self.rich_style
        line = self._lines[y] if y < len(self._lines) else ""
        return Strip([Segment(line, style)]).extend_cell_length(width, style).crop(0, width)


def _preview(head: str, reflow: bool) -> str:
    """The start of the text as the reader will see it: control characters made visible,
    a hard-wrapped text's paragraphs joined (as the article view reflows them)."""
    if reflow:
        from reader.core.analysis.paragraphs import soft_breaks

        breaks = soft_breaks(head)
        if breaks:
            chars = list(head)
            for k in breaks:
                chars[k] = " "
            head = "".join(chars)
    return safe_text(head)


def first_look(pending, paths: list[str], size, config) -> FirstLook | None:
    """The first frame's widget for ``reader FILE``, if the start-up child has sent the
    summary (waiting a moment for it); None otherwise."""
    if pending is None or len(paths) != 1 or pending.source != paths[0]:
        return None
    summary_made = pending.get("summary", timeout=0.1)
    picks = getattr(summary_made, "picks", None)
    if not picks:
        return None  # a book: its screen shows the text first, then the rest
    from reader.core.sources import display_source

    doc = pending.get("load").document
    spans = pending.get("sentences").spans
    summary = [doc.text[slice(*spans[p.index])] for p in
               sorted(picks, key=lambda p: p.index) if 0 <= p.index < len(spans)]
    return FirstLook(f"{doc.title} — {display_source(paths[0])}", doc.text, summary,
                     width=size.width, height=size.height, max_width=config.max_width,
                     reflow=config.reflow)
