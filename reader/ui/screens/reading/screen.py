"""The reading screen: the article beside its summary, entities and quotations.

The screen lays out the widgets and holds what flows down to them (the document, its
analysis, the settings); each of its responsibilities is a part (see the package's
docstring) that owns its state and keys. Keys reach a part through one routing action,
``part('name', 'action', *arguments)``; widgets and workers talk up by messages.
"""

from __future__ import annotations

import threading
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.core.analysis import Analysis, Settings
from reader.core.document import Document
from reader.core.sources.text import emphasis_spans
from reader.core.textsafe import one_line, safe_text
from reader.ui import parts
from reader.ui.accessibility import plain
from reader.ui.messages import (
    Busy,
    DocumentLoaded,
    FollowLink,
    JumpTo,
    LoadFailed,
    MarksFound,
    SentencesReady,
    SummaryFailed,
    SummaryReady,
)
from reader.ui.parts import Command, Part, routed
from reader.ui.screens.reading.analyser import Analyser
from reader.ui.screens.reading.annotations import Annotations
from reader.ui.screens.reading.chapters import Chapters
from reader.ui.screens.reading.finder import Finder
from reader.ui.screens.reading.history import History
from reader.ui.screens.reading.links import Links
from reader.ui.screens.reading.listen import Listen
from reader.ui.screens.reading.pace import Pace
from reader.ui.screens.reading.panes import Panes
from reader.ui.screens.reading.place import Place
from reader.ui.screens.reading.ruler import Ruler
from reader.ui.screens.reading.summary import SummaryControl
from reader.ui.widgets.article_view import LAYERS, ArticleView
from reader.ui.widgets.common import StatusLine, display_source
from reader.ui.widgets.first_look import NARROW, layout_css
from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.side_panel import SidePanel
from reader.ui.widgets.summary_list import SummaryList

#: The parts, by the name their keys are routed with (and the screen's attribute).
PARTS: dict[str, type[Part]] = {
    "listen": Listen,  # first: its keys (Space, Escape) come before the text's own
    "panes": Panes, "summary_control": SummaryControl, "finder": Finder,
    "chapters": Chapters, "links": Links, "annotations": Annotations, "history": History,
    "ruler": Ruler,
}


#: The keys the footer shows, in this order.
FOOTER = ("reading.back", "reading.next_summary", "reading.search", "reading.next_algorithm",
          "reading.toggle_entities", "reading.bookmark", "reading.select",
          "reading.article_note")


def _footer_first(binding: Binding) -> int:
    return FOOTER.index(binding.id) if binding.id in FOOTER else len(FOOTER)


class ReadingScreen(Screen):
    """Read one article."""

    BINDINGS: ClassVar[list[Binding]] = sorted([
        Binding("escape", "back", "Library", id="reading.back"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="reading.focus_next"),
        *(binding for name, part in PARTS.items() for binding in routed(name, part.BINDINGS)),
    ], key=_footer_first)

    DEFAULT_CSS = layout_css("ReadingScreen") + """
    ReadingScreen { layout: vertical; }
    ReadingScreen #article:focus { border: round $accent; }
    ReadingScreen #summary { scrollbar-gutter: stable; }  /* wrapped at one width, always */
    ReadingScreen #summary > .option-list--separator { color: $primary 30%; }
    ReadingScreen #summary:focus { border: round $accent; }
    ReadingScreen #side.-hidden { display: none; }
    ReadingScreen #side VimOptionList { height: 1fr; border: none; }
    ReadingScreen.-narrow.-side-shown #side { display: block; }
    ReadingScreen.-narrow.-side-shown #summary { display: none; }
    ReadingScreen.-narrow.-text-only #sidebar { display: none; }
    """

    def __init__(self, source: str, document: Document | None = None,
                 settings: Settings | None = None, goto: int | tuple[int, int] | None = None,
                 followed: bool = False) -> None:
        super().__init__()
        self.source = source
        self.followed = followed  # opened from a link of another article: Escape goes back
        self.text_shown = threading.Event()  # set once the article's text has been painted
        # What flows down to the widgets and parts.
        self.document = document
        self.settings = settings or Settings()
        self.analysis: Analysis | None = None
        self.analysis_done = False
        self.busy: dict[str, str] = {}  # what the workers are doing, for the status line
        # The parts.
        self.analyser = Analyser(self)
        self.place = Place(self, goto)
        self.panes = Panes(self)
        self.summary_control = SummaryControl(self)
        self.finder = Finder(self)
        self.chapters = Chapters(self)
        self.links = Links(self)
        self.annotations = Annotations(self)
        self.history = History(self)
        self.listen = Listen(self)
        self.ruler = Ruler(self)
        self.pace = Pace(self)

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

    def on_mount(self) -> None:
        self.summary_control.show_title()
        self.query_one("#title", Static).update(Text(safe_text(display_source(self.source))))
        # The terminal's width: the screen's own is not known before its first layout, and
        # a wrong guess restyles every widget twice.
        self._apply_width(self.app.size.width)
        self.article.focus()
        self.ruler.start()
        self.set_timer(0.5, self._add_footer)  # at the latest
        if self.document is not None:
            self._show_document(self.document)
        self.analyser.run()

    def screen_reader_offset(self) -> int | None:
        """Where a screen reader's cursor goes in the article: the sentence spoken while
        listening, else the one read (see :meth:`Place.sentence`)."""
        if self.listen.on and self.article.marks.current is not None:
            return self.article.marks.current[0]
        k = self.place.sentence()
        if k is not None and self.analysis is not None:
            return self.analysis.sentences[k][0]
        return self.article.offset_at_top()

    def on_unmount(self) -> None:
        self.listen.leave()  # silence at once
        self.place.save()

    def on_resize(self, event) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < NARROW, "-narrow")

    async def _add_footer(self) -> None:
        if self.is_mounted and not self.query(Footer):
            await self.mount(Footer())
            self.refresh_bindings()  # a footer lists the keys when the bindings change

    # ------------------------------------------------------------------ keys
    def action_part(self, name: str, action: str, *arguments: object) -> None:
        """Every part's key: the part's method *action*."""
        parts.route(self, name, action, *arguments)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return parts.check(self, action, parameters)

    def action_back(self) -> None:
        """Escape closes what has focus first: the selection, the search bar, a list or pane
        (the keys go back to the text), the search; then it leaves the article (back to the
        one a link was followed from, or to the library). Listening stops first of all."""
        if self.listen.on:
            self.listen.stop()
        elif self.annotations.selection is not None:
            self.annotations.end_selection()
        elif self.search_bar.is_open:
            self.finder.close()
        elif self.focused is not None and self.focused is not self.article:
            self.panes.back_to_text()
        elif self.finder.query:
            self.finder.find("")
        elif self.followed:  # back to the article this link was followed from, at its place
            self.place.save()
            self.app.pop_screen()
        else:
            self.app.show_library()  # type: ignore[attr-defined]

    def palette_commands(self) -> list[Command]:
        back: Command = ("library: Back to library", self.action_back,
                         "Return to the article list")
        parts = (self.summary_control, self.panes, self.history, self.finder,
                 self.annotations, self.chapters, self.links)
        return [command for part in parts for command in part.commands()] + [back]

    # ------------------------------------------------------------------ status
    def update_status(self) -> None:
        if not self.is_mounted:
            return
        a = self.article
        parts = [f"{a.progress:.0%}", self.chapters.status(), self.pace.status()]
        if self.analysis is not None:
            parts.append(f"{len(self.analysis.sentences)} sentences")
        parts.append(self.summary_control.status())
        layers = "".join(name[0].upper() if name in a.layers else "·" for name in LAYERS)
        parts += [f"layers {layers}", self.finder.status(), self.annotations.status()]
        if self.busy:
            parts.append("⏳ " + ", ".join(self.busy.values()))
        if not self.is_attached:
            return  # a store call's answer after the screen has gone
        self.query_one("#status", StatusLine).text = Text(
            safe_text(("; " if plain(self.app) else "  │  ").join(p for p in parts if p)))

    @on(Busy)
    def _busy(self, event: Busy) -> None:
        if event.what is None:
            self.busy.pop(event.key, None)
        else:
            self.busy[event.key] = event.what
        self.update_status()

    def _done(self, key: str) -> None:
        self.post_message(Busy(key, None))

    # ------------------------------------------------------------------ the widgets' messages
    @on(ArticleView.Scrolled)
    def _scrolled(self) -> None:
        self.pace.sample(self.article.offset_at_top())
        self.update_status()
        self.chapters.scrolled()
        self.place.scrolled()
        self.ruler.follow()

    @on(ArticleView.ExtendSelection)
    def _extend_selection(self, event: ArticleView.ExtendSelection) -> None:
        self.annotations.extend_selection(event.step)

    @on(ArticleView.FocusPane)
    def _focus_pane(self, event: ArticleView.FocusPane) -> None:
        self.panes.focus_step(event.step)

    @on(SearchBar.Find)
    def _search_submitted(self, event: SearchBar.Find) -> None:
        self.finder.find(event.query)
        self.finder.close()

    @on(FollowLink)
    def _follow_link(self, event: FollowLink) -> None:
        self.links.follow(event.url)

    @on(JumpTo)
    def _jump(self, event: JumpTo) -> None:
        """A widget asked to show a span (a summary sentence, a mention, a quote)."""
        self.history.remember()
        self.article.set_marks(current=(event.start, event.end))
        self.article.scroll_to_offset(event.start, center=not event.top)
        self.place.jumped_to(event.start)
        if event.to_text:
            self.panes.back_to_text()
        if event.say:
            self.notify(event.say, timeout=2, markup=False)

    def mark_sentence(self, index: int) -> None:
        """Mark sentence *index* as current and show it (a jump: Backspace comes back)."""
        if self.analysis is None or not 0 <= index < len(self.analysis.sentences):
            return
        self.history.remember()
        span = self.analysis.sentences[index]
        self.article.set_marks(current=span)
        self.article.scroll_to_offset(span[0])
        self.place.jumped_to(span[0])

    # ------------------------------------------------------------------ the analysis' messages
    @on(LoadFailed)
    def _failed(self, event: LoadFailed) -> None:
        self.busy.clear()
        self.update_status()
        if self.app.screen is not self:
            return
        # Opened alone (the start screen below it), the list built now lists the file and
        # says why it cannot be read: said once. Otherwise said here, then back.
        if self.followed or len(self.app.screen_stack) > 2:
            self.notify(event.message, title="Could not open", severity="error", markup=False)
        if self.followed:  # a link or a mark: back where it was
            self.app.pop_screen()
        else:
            self.app.show_library()  # type: ignore[attr-defined]

    @on(DocumentLoaded)
    def _document_loaded(self, event: DocumentLoaded) -> None:
        self._show_document(event.document)

    def _show_document(self, doc: Document) -> None:
        self.document = doc
        self.query_one("#title", Static).update(
            Text(one_line(f"{doc.title} — {display_source(self.source)}")))
        self.article.set_text(doc.text, doc.boilerplate, doc.links,
                              emphasis_spans(doc.text) if doc.kind == "text" else ())
        self.chapters.show_contents()
        self.links.show_list()
        self.call_after_refresh(self.text_shown.set)
        self._busy(Busy("load", None))
        if doc.meta.get("offline"):
            # A saved copy is "Offline"; a feed's own text because the page failed is not.
            offline = doc.meta["offline"]
            title = "Offline" if offline.startswith("saved copy") else "Page unavailable"
            self.notify(f"Showing {offline}", title=title, timeout=6, markup=False)
        self.place.restore(doc)

    @on(SentencesReady)
    def _sentences_ready(self, event: SentencesReady) -> None:
        self.analysis = event.analysis
        self._busy(Busy("sentences", None))
        self.place.attach(event.analysis)
        self.call_after_refresh(self.ruler.follow)  # once the place is reached
        self.call_after_refresh(self.listen.begin_queued)

    @on(SummaryFailed)
    async def _summary_failed(self, event: SummaryFailed) -> None:
        await self._add_footer()
        self._busy(Busy("summary", None))
        self.notify(event.message, severity="error", markup=False)

    @on(SummaryReady)
    def _show_summary(self, event: SummaryReady) -> None:
        analysis = self.analysis
        if analysis is None or event.settings != self.settings:
            return  # stale: the reader has asked for another algorithm or length since
        analysis.summary = event.picks
        self._busy(Busy("summary", None))
        if self.chapters.scope:  # the chapter's summary, with the new algorithm or length
            return self.chapters.summary_changed()
        indices = [p.index for p in event.picks]
        spans = [analysis.sentences[i] for i in indices]
        self.article.set_marks(summary=spans)
        self.summary.show(analysis.document.text, indices, spans)
        self.summary_control.show_title()
        self.call_after_refresh(self._add_footer)
        # Now the rest of NLTK and sumy load (before, they would slow the first summary).
        prewarm = getattr(self.app, "prewarm", None)
        if prewarm is not None:
            self.call_after_refresh(prewarm)

    @on(MarksFound)
    def _show_entities(self, event: MarksFound) -> None:
        analysis = self.analysis
        if analysis is None:
            return
        analysis.entities, analysis.quotes = event.entities, event.quotes
        analysis.keyphrases = event.keyphrases
        self.article.set_marks(
            entities=[(e.start, e.end, e.label) for e in event.entities],
            quotes=[(q.start, q.end) for q in event.quotes],
        )
        self.side.show(event.entities, event.quotes, event.keyphrases)
        if self.chapters.scope and self.chapters.shown is not None:
            self.chapters.show_side(self.chapters.shown)
        self._busy(Busy("entities", None))
        self.analysis_done = True
