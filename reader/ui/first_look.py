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

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from reader.core.textsafe import one_line, safe_text

#: Enough of the text for the tallest terminal's first screen. (Padding below: the
#: reading screen's panes keep two columns for a scrollbar.)
PREVIEW_CHARS = 12_000
NARROW = 110  # as the reading screen's


class FirstLook(Vertical):
    """Title, article and summary, as the reading screen will show them."""

    DEFAULT_CSS = """
    FirstLook { height: 1fr; }
    FirstLook #fl-title { height: 1; background: $primary; color: $text; padding: 0 1;
                          text-style: bold; }
    FirstLook #fl-main { height: 1fr; }
    FirstLook #fl-article { width: 3fr; border: round $primary 50%; background: $surface;
                            padding: 0 2 0 1; align-horizontal: center; overflow: hidden; }
    FirstLook #fl-text { width: 1fr; }
    FirstLook #fl-sidebar { width: 2fr; min-width: 40; }
    FirstLook #fl-summary { height: 1fr; border: round $primary 50%;
                            border-title-align: left; padding: 0 3 0 1; overflow: hidden; }
    FirstLook #fl-side { height: 1fr; }
    FirstLook #fl-status { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    FirstLook.-narrow #fl-main { layout: vertical; }
    FirstLook.-narrow #fl-article { width: 1fr; height: 3fr; }
    FirstLook.-narrow #fl-sidebar { width: 1fr; height: 2fr; min-width: 0; }
    FirstLook.-narrow #fl-side { display: none; }
    """

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
        yield Static(Text(one_line(self._title)), id="fl-title")
        with Horizontal(id="fl-main"):
            with Vertical(id="fl-article"):
                text = Static(Text(self._text), id="fl-text")
                if self._max_width:
                    text.styles.max_width = self._max_width
                yield text
            with Vertical(id="fl-sidebar"):
                rule = "─" * 40
                summary = Static(Text("\n" + rule + "\n").join(
                    Text(safe_text(s)) for s in self._summary), id="fl-summary")
                summary.border_title = "Summary"
                yield summary
                yield Static(id="fl-side")  # where entities and quotes will be
        yield Static("opening…", id="fl-status")


def _preview(head: str, reflow: bool) -> str:
    """The start of the text as the reader will see it: control characters made visible,
    a hard-wrapped text's paragraphs joined (as the article view reflows them)."""
    if reflow:
        from reader.ui.wrapping import soft_breaks

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
    from reader.core.preanalysis import LOADED, SENTENCES

    first = pending.get(SENTENCES, timeout=0.1)
    if first is None or not first.picks:
        return None  # a book: its screen shows the text first, then the rest
    from reader.core.sources import display_source

    doc = pending.get(LOADED).document
    summary = [doc.text[slice(*first.spans[p.index])] for p in
               sorted(first.picks, key=lambda p: p.index) if 0 <= p.index < len(first.spans)]
    return FirstLook(f"{doc.title} — {display_source(paths[0])}", doc.text, summary,
                     width=size.width, height=size.height, max_width=config.max_width,
                     reflow=config.reflow)
