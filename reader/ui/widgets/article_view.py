"""A virtualised article view: the Line API with cached wrapped lines.

The document's text is wrapped into display lines, each a ``(start, end)`` span of the text,
so every layer (entities, quotations, summary sentences, search matches, the current
sentence) is drawn from offsets, never by re-finding substrings. Only visible lines are
rendered; rendered strips are kept in an LRU cache that is cleared when layers change.
Text goes through :func:`reader.core.textsafe.safe_text` one character for one, so control
characters are shown as symbols and nothing in the article is parsed as markup.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.analysis.paragraphs import soft_breaks
from reader.ui.widgets.article_layers import Marks, styled_line
from reader.ui.widgets.wrapping import needs_spacing, space_lines, wrap

Span = tuple[int, int]

LAYERS = ("entities", "quotes", "summary", "matches")


class ArticleView(ScrollView, can_focus=True):
    """Shows a document's text with layered marks; scrolls by display lines."""

    COMPONENT_CLASSES = {
        "article--person",
        "article--organization",
        "article--location",
        "article--other",
        "article--quote",
        "article--summary",
        "article--match",
        "article--current-match",
        "article--current",
        "article--boilerplate",
        "article--highlight",
        "article--bookmark",
        "article--selection",
        "article--link",
        "article--link-number",
        "article--dim",
    }

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        padding: 0 1;
        scrollbar-gutter: stable;  /* the wrap width must not change when a scrollbar shows */
        overflow-x: hidden;
    }
    ArticleView > .article--person { color: $text-primary; text-style: bold; }
    ArticleView > .article--organization { color: $text-warning; text-style: bold; }
    ArticleView > .article--location { color: $text-success; text-style: bold; }
    ArticleView > .article--other { color: $text-secondary; }
    ArticleView > .article--quote { text-style: italic; color: $text; }
    ArticleView > .article--summary { background: $primary-muted; }
    ArticleView > .article--match { background: $warning-muted; }
    ArticleView > .article--current-match { background: $warning; color: $background; }
    ArticleView > .article--current { background: $accent-muted; text-style: underline; }
    ArticleView > .article--boilerplate { text-style: dim strike; }
    ArticleView > .article--dim { color: $text-disabled; }
    ArticleView > .article--highlight { background: $secondary-muted; }
    ArticleView > .article--bookmark { text-style: underline; color: $text-secondary; }
    ArticleView > .article--selection { background: $secondary; color: $background; }
    ArticleView > .article--link { text-style: underline; }
    ArticleView > .article--link-number { color: $text-accent; text-style: bold; }
    """

    layers: reactive[frozenset[str]] = reactive(frozenset(LAYERS))

    class Scrolled(Message):
        def __init__(self, view: ArticleView) -> None:
            super().__init__()
            self.view = view

    class ExtendSelection(Message):
        """Up/down while sentences are being selected: grow or shrink the selection."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class FocusPane(Message):
        """Left/right (the lines are wrapped, nothing to scroll sideways): the next pane."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def __init__(self, text: str = "", *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        #: Set by the screen while the reader selects sentences (keys then extend it).
        self.selecting = False
        self._text = text
        #: The longest line shown, in cells (centred in a wider pane); None: the pane's width.
        self.max_width: int | None = None
        #: Whether hard-wrapped text is reflowed into paragraphs.
        self.reflow = False
        self._soft: frozenset[int] = frozenset()
        self._spaced = False  # an empty line between paragraphs (see needs_spacing)
        self._lines: list[Span] = []
        self._line_starts: list[int] = []
        self._wrap_width = -1
        self.marks = Marks()
        self.boilerplate: list[Span] = []
        #: Link texts (underlined), and the "[n]" drawn after each one's last character.
        self.links: list[Span] = []
        self.link_numbers: dict[int, str] = {}
        self.emphasis: list[Span] = []
        #: The reading ruler: everything but ``marks.bright`` dimmed.
        self.ruler = False
        #: Line spacing: 1, 1.5 or 2 (see :func:`space_lines`).
        self.spacing = 1.0
        self._cache: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        # A place asked for before the view had its real size (scrolling is clamped until
        # then): (offset, center), applied again when the layout settles.
        self._pending: tuple[int, bool] | None = None
        self._pending_tries = 0
        #: The last place reached ((offset, center), the top line then), re-applied when
        #: the view changes size before the reader has scrolled.
        self._settled: tuple[tuple[int, bool], int] | None = None
        #: While the saved place is being looked up the text is not drawn (no flash of the
        #: top before the jump); see :meth:`hold`.
        self.held = False

    # ------------------------------------------------------------------ data
    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str, boilerplate: Sequence[Span] = (),
                 links: Sequence[tuple[int, int, str]] = (), emphasis: Sequence[Span] = ()
                 ) -> None:
        """Show *text*; *links* ``(start, end, url)`` are underlined and numbered in order,
        ``[1]`` drawn after the first one's text (like newsboat), not part of the text;
        *emphasis* spans (``_word_``, markers included) are italic, their markers hidden."""
        self._text = text
        self.emphasis = sorted(emphasis)
        self._soft = soft_breaks(text) if self.reflow else frozenset()
        self._spaced = needs_spacing(text)
        self.boilerplate = list(boilerplate)
        self.links, self.link_numbers = [], {}
        for n, (a, b, _url) in enumerate(links, 1):
            b = a + len(text[a:b].rstrip())  # the number follows the last visible character
            if b > a:
                self.links.append((a, b))
                self.link_numbers[b] = self.link_numbers.get(b, "") + f"[{n}]"
        self.links.sort()
        self.marks = Marks()
        self._wrap_width = -1
        self._pending = None
        self._settled = None
        self._rewrap()
        self.scroll_to(0, 0, animate=False)

    def hold(self, held: bool) -> None:
        """Draw nothing (True) until the place to show is known, then the text (False)."""
        if held != self.held:
            self.held = held
            self.refresh()

    def set_marks(self, **changes: object) -> None:
        for key, value in changes.items():
            setattr(self.marks, key, value)
        self.refresh_marks()

    def refresh_marks(self) -> None:
        self._cache.clear()
        self.refresh()

    def watch_layers(self) -> None:
        self.refresh_marks()

    def toggle_layer(self, layer: str) -> bool:
        layers = set(self.layers)
        on = layer not in layers
        if on:
            layers.add(layer)
        else:
            layers.discard(layer)
        self.layers = frozenset(layers)
        return on

    # ------------------------------------------------------------------ geometry
    @property
    def line_count(self) -> int:
        return len(self._lines)

    def _content_width(self) -> int:
        return max(8, self.scrollable_content_region.width)

    def _measure(self, width: int) -> int:
        """The text's width: the pane's, up to :attr:`max_width` (a comfortable measure)."""
        return min(width, self.max_width) if self.max_width else width

    def _margin(self, width: int) -> int:
        """Blank cells left of each line, centring a measure narrower than the pane."""
        return (width - self._measure(width)) // 2

    def set_measure(self, max_width: int | None, reflow: bool) -> None:
        """Lines at most *max_width* cells, centred (None: the pane's width); *reflow*
        joins the lines of hard-wrapped text into paragraphs that fill the measure."""
        self.max_width = max_width
        self.reflow = reflow
        self._soft = soft_breaks(self._text) if reflow else frozenset()
        self._wrap_width = -1
        self._rewrap()

    def set_spacing(self, spacing: float) -> None:
        """Line spacing 1, 1.5 or 2; the first line on screen stays."""
        if spacing != self.spacing:
            self.spacing = spacing
            self._wrap_width = -1
            self._rewrap()

    def _rewrap(self) -> None:
        width = self._content_width() if self.is_mounted else 80
        if width == self._wrap_width and self._lines:
            return
        anchor = self.offset_at_top() if self._lines else 0
        self._wrap_width = width
        self._lines = space_lines(
            wrap(self._text, self._measure(width), self._soft,
                 {o: len(label) for o, label in self.link_numbers.items()},
                 spaced=self._spaced), self.spacing)
        self._line_starts = [s for s, _ in self._lines]
        self._cache.clear()
        self.virtual_size = Size(width, len(self._lines))
        if self._pending is not None:
            self._apply_pending()
        elif self.is_mounted and anchor:
            self.scroll_to(y=self.line_of(anchor), animate=False)

    def on_resize(self) -> None:
        settled, self._settled = self._settled, None
        if (settled is not None and self._pending is None
                and int(self.scroll_offset.y) == settled[1]):
            self._pending, self._pending_tries = settled[0], 50  # not scrolled since
        self._rewrap()
        self._apply_pending()

    def _apply_pending(self) -> None:
        if self._pending is None or not self._lines:
            return
        offset, center = self._pending
        line = self.line_of(offset)
        if center:
            line = max(0, line - self.scrollable_content_region.height // 3)
        self.scroll_to(y=line, animate=False, immediate=True)
        # Right after new text, Textual may not scroll yet (its scrollbar, and so the scroll
        # range, come with the next layout): the place is kept and tried again then, until
        # the view is there (a search hit in a book opened at its start).
        reached = int(self.scroll_offset.y) == min(line, max(0, self.max_scroll_y))
        laid_out = (self.is_mounted and self.size.height > 0
                    and self._wrap_width == self._content_width())
        if reached and laid_out:
            # Kept until the reader scrolls: a pane that changes size right after (the
            # footer arriving) keeps the place in view.
            self._settled = (self._pending, int(self.scroll_offset.y))
            self._pending = None
        elif self.is_mounted and self._pending_tries > 0:
            self._pending_tries -= 1
            self.call_after_refresh(self._apply_pending)

    def line_of(self, offset: int) -> int:
        """Display line holding character *offset*."""
        if not self._lines:
            return 0
        k = bisect.bisect_right(self._line_starts, offset) - 1
        return max(0, min(k, len(self._lines) - 1))

    def cell_of(self, offset: int) -> tuple[int, int]:
        """Where character *offset* is drawn, ``(x, y)`` in the content region (y may be
        off screen)."""
        from rich.cells import cell_len

        line = self.line_of(offset)
        s, e = self._lines[line] if self._lines else (0, 0)
        x = self._margin(self._content_width()) + cell_len(self._text[s:max(s, min(offset, e))])
        return x, line - int(self.scroll_offset.y)

    @property
    def display_lines(self) -> tuple[Span, ...]:
        """The wrapped lines as spans of the text (what each screen line shows)."""
        return tuple(self._lines)

    def offset_at_top(self) -> int:
        """Character offset of the first visible line (a place that survives re-wrapping)."""
        if not self._lines:
            return 0
        y = max(0, min(int(self.scroll_offset.y), len(self._lines) - 1))
        return self._lines[y][0]

    def top_line_span(self) -> Span:
        """The first visible line, as a span of the text."""
        if not self._lines:
            return (0, 0)
        return self._lines[max(0, min(int(self.scroll_offset.y), len(self._lines) - 1))]

    @property
    def progress(self) -> float:
        if self.max_scroll_y <= 0:
            return 1.0
        return min(1.0, max(0.0, self.scroll_offset.y / self.max_scroll_y))

    def scroll_to_offset(self, offset: int, *, center: bool = True) -> None:
        """Scroll so that character *offset* is at the top (or a third down, centred). Asked
        before the view is laid out, the place is kept and reached once it is."""
        self._pending = (offset, center)
        self._pending_tries = 50  # frames to wait for the layout, at most
        self._apply_pending()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.post_message(self.Scrolled(self))

    # ------------------------------------------------------------------ keys
    # A reader pages instantly (like less or vim); the inherited actions animate.
    def action_scroll_up(self) -> None:
        if not self._delegate("up"):
            self.scroll_relative(y=-1, animate=False)

    def action_scroll_down(self) -> None:
        if not self._delegate("down"):
            self.scroll_relative(y=1, animate=False)

    def _delegate(self, direction: str) -> bool:
        """While sentences are being selected, up and down extend the selection."""
        if self.selecting:
            self.post_message(self.ExtendSelection(1 if direction == "down" else -1))
            return True
        return False

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    # At once rather than after the next refresh (Textual's default), so that a key typed
    # right after ("G?": the help screen) finds the move done.
    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False, immediate=True)

    def action_scroll_left(self) -> None:
        # Lines are wrapped: left and right move between panes instead.
        self.post_message(self.FocusPane(-1))

    def action_scroll_right(self) -> None:
        self.post_message(self.FocusPane(1))

    # ------------------------------------------------------------------ rendering
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width
        if index >= len(self._lines) or self.held:
            return Strip.blank(width, self.rich_style)
        key = (index, width)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_index(index, width)
            self._cache[key] = strip
        return strip.crop(scroll_x, scroll_x + width)

    def notify_style_update(self) -> None:
        # A theme change (T) restyles the component classes: drop the rendered lines so the
        # article takes the new colours at once, not after reopening.
        super().notify_style_update()
        self._cache.clear()
        self.refresh()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _render_index(self, index: int, width: int) -> Strip:
        s, e = self._lines[index]
        shown = self._text[s:e]
        if self._soft:  # a reflowed line holds the source's newlines: shown as spaces
            shown = shown.replace("\n", " ")
        text = styled_line(shown, s, e, self, self._style)
        base = self.rich_style
        segments = [Segment(seg.text, base + seg.style if seg.style else base)
                    for seg in text.render(self.app.console) if seg.text]
        margin = self._margin(width)
        if margin:
            segments.insert(0, Segment(" " * margin, base))
        return Strip(segments).extend_cell_length(width, base).simplify()
