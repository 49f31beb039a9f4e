"""The reading screen: the article beside its summary, entities and quotations.

The screen coordinates its widgets (attributes down, messages up). Analysis runs in thread
workers (exclusive per group, cancelled when the screen goes away) and comes back through
``call_from_thread``; a status line says what is being computed.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.core.analysis import Analysis, Settings
from reader.core.analysis.summarize import ALGORITHM_NAMES
from reader.core.documents import Document
from reader.core.textsafe import one_line, plural, safe_text
from reader.ui.article_view import LAYERS, ArticleView
from reader.ui.first_look import NARROW
from reader.ui.messages import (
    Busy,
    DocumentLoaded,
    JumpTo,
    LoadFailed,
    MarksFound,
    SentencesReady,
    SummaryFailed,
    SummaryReady,
)
from reader.ui.reading_analysis import ReadingAnalysis
from reader.ui.reading_chapters import ReadingChapters
from reader.ui.reading_links import ReadingLinks
from reader.ui.reading_marks import ReadingMarks
from reader.ui.reading_nav import ReadingNavigation
from reader.ui.search_bar import SearchBar
from reader.ui.side_panel import SidePanel
from reader.ui.summary_list import SummaryList, length_label
from reader.ui.widgets import StatusLine, display_source


class ReadingScreen(ReadingAnalysis, ReadingChapters, ReadingLinks, ReadingMarks,
                    ReadingNavigation, Screen):
    """Read one article."""

    BINDINGS = [
        Binding("escape", "back", "Library", id="reading.back"),
        Binding("j,down", "scroll_down", "Down", show=False, id="reading.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="reading.up"),
        Binding("space,pagedown,ctrl+f", "page_down", "Page down", show=False,
                id="reading.page_down"),
        Binding("b,pageup,ctrl+b", "page_up", "Page up", show=False, id="reading.page_up"),
        Binding("g,home", "top", "Top", show=False, id="reading.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="reading.bottom"),
        Binding("h,left", "focus_left", "Left pane", show=False, id="reading.focus_left"),
        Binding("l,right", "focus_right", "Right pane", show=False, id="reading.focus_right"),
        Binding("right_square_bracket", "next_summary", "Next summary", id="reading.next_summary"),
        Binding("left_square_bracket", "prev_summary", "Prev summary", show=False,
                id="reading.prev_summary"),
        Binding("slash", "search", "Search", id="reading.search"),
        Binding("n", "next_match", "Next match", show=False, id="reading.next_match"),
        Binding("N", "prev_match", "Prev match", show=False, id="reading.prev_match"),
        Binding("a", "next_algorithm", "Algorithm", id="reading.next_algorithm"),
        Binding("A", "prev_algorithm", "Prev algorithm", show=False, id="reading.prev_algorithm"),
        Binding("plus,equals_sign", "longer", "Longer", show=False, id="reading.longer"),
        Binding("minus", "shorter", "Shorter", show=False, id="reading.shorter"),
        Binding("1", "toggle_layer('entities')", "Entities", id="reading.toggle_entities"),
        Binding("2", "toggle_layer('quotes')", "Quotes", show=False,
                id="reading.toggle_quotes"),
        Binding("3", "toggle_layer('summary')", "Summary marks", show=False,
                id="reading.toggle_summary"),
        Binding("4", "toggle_layer('matches')", "Matches", show=False,
                id="reading.toggle_matches"),
        Binding("p", "toggle_panel", "Panel", show=False, id="reading.toggle_panel"),
        Binding("e", "show_tab('entities')", "Entities list", show=False,
                id="reading.show_entities"),
        Binding("quotation_mark", "show_tab('quotes')", "Quotes list", show=False,
                id="reading.show_quotes"),
        Binding("m", "bookmark", "Bookmark", id="reading.bookmark"),
        Binding("v", "select", "Select", id="reading.select"),
        Binding("enter", "finish_selection", "Highlight", show=False,
                id="reading.highlight"),
        Binding("w", "article_note", "Note", id="reading.article_note"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="reading.focus_next"),
        Binding("t", "contents", "Contents", show=False, id="reading.contents"),
        Binding("right_curly_bracket", "next_chapter", "Next chapter", show=False,
                id="reading.next_chapter"),
        Binding("left_curly_bracket", "prev_chapter", "Previous chapter", show=False,
                id="reading.prev_chapter"),
        Binding("c", "chapter_summary", "Chapter/book summary", show=False,
                id="reading.chapter_summary"),
        Binding("f", "links", "Links", show=False, id="reading.links"),
        Binding("o", "open_in_browser", "Open link in browser", show=False,
                id="reading.open_link"),
        Binding("y", "copy_link", "Copy link", show=False, id="reading.copy_link"),
    ]

    DEFAULT_CSS = """
    ReadingScreen { layout: vertical; }
    ReadingScreen #title { height: 1; background: $primary; color: $text; padding: 0 1;
                           text-style: bold; }
    ReadingScreen #main { height: 1fr; }
    ReadingScreen #article { width: 3fr; border: round $primary 50%; }
    ReadingScreen #article:focus { border: round $accent; }
    ReadingScreen #sidebar { width: 2fr; min-width: 40; }
    ReadingScreen #summary { height: 1fr; border: round $primary 50%;
                             scrollbar-gutter: stable; }  /* wrapped at one width, always */
    ReadingScreen #summary > .option-list--separator { color: $primary 30%; }
    ReadingScreen #summary:focus { border: round $accent; }
    ReadingScreen #side { height: 1fr; }
    ReadingScreen #side.-hidden { display: none; }
    ReadingScreen #side VimOptionList { height: 1fr; border: none; }
    ReadingScreen #status { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    ReadingScreen.-narrow #main { layout: vertical; }
    ReadingScreen.-narrow #article { width: 1fr; height: 3fr; }
    ReadingScreen.-narrow #sidebar { width: 1fr; height: 2fr; min-width: 0; }
    ReadingScreen.-narrow #side { display: none; }
    ReadingScreen.-narrow.-side-shown #side { display: block; }
    ReadingScreen.-narrow.-side-shown #summary { display: none; }
    """

    def __init__(self, source: str, document: Document | None = None,
                 settings: Settings | None = None, goto: int | None = None,
                 followed: bool = False) -> None:
        super().__init__()
        self.followed = followed  # opened from a link of another article: Escape goes back
        import threading

        self.text_shown = threading.Event()
        self.source = source
        self.goto = goto
        self.stored_article = None
        self.selection: tuple[int, int] | None = None  # (anchor, moving end) sentence indices
        self._save_timer = None
        self.document = document
        self.settings = settings or Settings()
        self.analysis: Analysis | None = None
        self.matches: list[tuple[int, int]] = []
        self.match_index = -1
        self.search_query = ""
        self.busy: dict[str, str] = {}
        self._summary_step = -1
        self.analysis_done = False

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        with Horizontal(id="main"):
            self._article_view = ArticleView(id="article")
            config = self.app.user_config  # type: ignore[attr-defined]
            self._article_view.max_width = config.max_width
            self._article_view.reflow = config.reflow
            yield self._article_view
            with Vertical(id="sidebar"):
                yield SummaryList(id="summary")
                yield SidePanel(id="side")
        yield SearchBar(id="search")
        yield StatusLine(id="status")
        # The footer (a widget per key, restyled as it is built) comes once the summary
        # is on screen: the article and its summary are painted first.

    @property
    def article(self) -> ArticleView:
        # Held directly: it is still readable while the screen unmounts (saving the place).
        return self._article_view

    @property
    def summary(self) -> SummaryList:
        return self.query_one(SummaryList)

    @property
    def side(self) -> SidePanel:
        return self.query_one(SidePanel)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def summary_indices(self) -> list[int]:
        """Document indices of the summary sentences shown."""
        return self.summary.indices

    @property
    def summary_spans(self) -> list[tuple[int, int]]:
        return self.summary.spans

    @property
    def mentions(self) -> dict[str, list[tuple[int, int]]]:
        return self.side.mentions

    def on_mount(self) -> None:
        self._update_summary_title()
        self.query_one("#title", Static).update(Text(safe_text(display_source(self.source))))
        # The terminal's width: the screen's own is not known before its first layout, and
        # a wrong guess restyles every widget twice.
        self._apply_width(self.app.size.width)
        self.article.focus()
        self.set_timer(0.5, self._add_footer)  # at the latest
        if self.document is not None:
            self._show_document(self.document)
        self.run_analysis()

    def on_resize(self, event) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < NARROW, "-narrow")

    # ------------------------------------------------------------------ status
    def _set_busy(self, key: str, what: str | None) -> None:
        if what is None:
            self.busy.pop(key, None)
        else:
            self.busy[key] = what
        self._update_status()

    def _update_status(self) -> None:
        if not self.is_mounted:
            return
        parts = []
        a = self.article
        parts.append(f"{a.progress:.0%}")
        chapter = self.chapter_label()
        if chapter:
            parts.append(chapter)
        if self.analysis is not None:
            parts.append(f"{len(self.analysis.sentences)} sentences")
        parts.append(f"{self.settings.algorithm} · {length_label(self.settings)}")
        layers = "".join(name[0].upper() if name in a.layers else "·" for name in LAYERS)
        parts.append(f"layers {layers}")
        if self.matches:
            parts.append(f"match {self.match_index + 1}/{len(self.matches)}"
                         f" for {self.search_query!r}")
        elif self.search_query:
            parts.append(f"no match for {self.search_query!r}")
        if self.selection is not None:
            first, last = sorted(self.selection)
            parts.append(f"selecting {plural(last - first + 1, 'sentence')}: Enter highlights")
        if self.busy:
            parts.append("⏳ " + ", ".join(self.busy.values()))
        self.query_one("#status", StatusLine).text = Text(safe_text("  │  ".join(parts)))

    def _update_summary_title(self) -> None:
        summary = self.summary
        name = ALGORITHM_NAMES.get(self.settings.algorithm, self.settings.algorithm)
        summary.border_title = f"Summary · {name}"
        summary.border_subtitle = length_label(self.settings)

    @on(ArticleView.Scrolled)
    def _scrolled(self) -> None:
        self._update_status()
        self.chapter_scrolled()
        if self.stored_article is not None:
            self._schedule_save()

    # ------------------------------------------------------------------ analysis
    @on(Busy)
    def _busy(self, event: Busy) -> None:
        self._set_busy(event.key, event.what)

    @on(LoadFailed)
    def _failed(self, event: LoadFailed) -> None:
        self.busy.clear()
        self._update_status()
        if self.app.screen is not self:
            return
        # Opened alone (the start screen below it), the list built now lists the file and
        # says why it cannot be read: said once. Otherwise said here, then back.
        if self.followed or len(self.app.screen_stack) > 2:
            self.notify(event.message, title="Could not open", severity="error", markup=False)
        if self.followed:  # a link or a mark: back where it was
            self.app.pop_screen()
        else:
            self.app.show_library()

    @on(DocumentLoaded)
    def _document_loaded(self, event: DocumentLoaded) -> None:
        self._show_document(event.document)

    def _show_document(self, doc: Document) -> None:
        self.document = doc
        self.query_one("#title", Static).update(
            Text(one_line(f"{doc.title} — {display_source(self.source)}")))
        self.article.set_text(doc.text, doc.boilerplate, doc.links)
        self.show_contents()
        self.show_links()
        self.call_after_refresh(self.text_shown.set)
        self._set_busy("load", None)
        if doc.meta.get("offline"):
            # A saved copy is "Offline"; a feed's own text because the page failed is not.
            offline = doc.meta["offline"]
            title = "Offline" if offline.startswith("saved copy") else "Page unavailable"
            self.notify(f"Showing {offline}", title=title, timeout=6)
        self._restore_place(doc)

    @on(SentencesReady)
    def _sentences_ready(self, event: SentencesReady) -> None:
        self.analysis = event.analysis
        self._set_busy("sentences", None)
        self._attach_store(event.analysis)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finish_selection":
            # None: shown (in ? help) but inactive until there is a selection.
            return True if self.selection is not None else None
        return True

    async def _add_footer(self) -> None:
        if self.is_mounted and not self.query(Footer):
            await self.mount(Footer())
            self.refresh_bindings()  # a footer lists the keys when the bindings change

    @on(SummaryFailed)
    async def _summary_failed(self, event: SummaryFailed) -> None:
        await self._add_footer()
        self._set_busy("summary", None)
        self.notify(event.message, severity="error", markup=False)

    @on(SummaryReady)
    def _show_summary(self, event: SummaryReady) -> None:
        analysis = self.analysis
        if analysis is None or event.settings != self.settings:
            return  # stale: the reader has asked for another algorithm or length since
        analysis.summary = event.picks
        if self.chapter_scope:  # the chapter's summary, with the new algorithm or length
            self._chapter_shown = None
            self._set_busy("summary", None)
            return self.chapter_scrolled()
        indices = [p.index for p in event.picks]
        spans = [analysis.sentences[i] for i in indices]
        self.article.set_marks(summary=spans)
        self.summary.show(analysis.document.text, indices, spans)
        self._set_busy("summary", None)
        self._update_summary_title()
        self.call_after_refresh(self._add_footer)
        # Now the rest of NLTK and sumy load (before, they would slow the first summary).
        prewarm = getattr(self.app, "prewarm", None)
        if prewarm is not None:
            self.call_after_refresh(prewarm)

    @on(MarksFound)
    def _show_entities(self, event: MarksFound) -> None:
        if self.analysis is None:
            return
        entities, quotes = event.entities, event.quotes
        self.analysis.entities = entities
        self.analysis.quotes = quotes
        self.article.set_marks(
            entities=[(e.start, e.end, e.label) for e in entities],
            quotes=[(q.start, q.end) for q in quotes],
        )
        self.analysis.keyphrases = event.keyphrases
        self.side.show(entities, quotes, event.keyphrases)
        if self.chapter_scope and self._chapter_shown is not None:
            self._show_side(self._chapter_shown)
        self._set_busy("entities", None)
        self.analysis_done = True

    # ------------------------------------------------------------------ selection
    def mark_sentence(self, index: int) -> None:
        if self.analysis is None or not 0 <= index < len(self.analysis.sentences):
            return
        span = self.analysis.sentences[index]
        self.article.set_marks(current=span)
        self.article.scroll_to_offset(span[0])

    @on(JumpTo)
    def _jump(self, event: JumpTo) -> None:
        """A widget asked to show a span (a summary sentence, a mention, a quote)."""
        if event.summary_step is not None:
            self._summary_step = event.summary_step
        self.article.set_marks(current=(event.start, event.end))
        self.article.scroll_to_offset(event.start, center=not event.top)
        if event.say:
            self.notify(event.say, timeout=2, markup=False)

    @on(ArticleView.ExtendSelection)
    def _extend_selection(self, event: ArticleView.ExtendSelection) -> None:
        self.extend_selection(event.step)

    @on(SearchBar.Find)
    def _search_submitted(self, event: SearchBar.Find) -> None:
        self.find(event.query)
        self._close_search()
