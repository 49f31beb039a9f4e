"""The reading screen: the article beside its summary, entities and quotations.

The screen coordinates its widgets (attributes down, messages up). Analysis runs in thread
workers (exclusive per group, cancelled when the screen goes away) and comes back through
``call_from_thread``; a status line says what is being computed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.core.analysis import Analysis, Settings
from reader.core.documents import Document
from reader.core.entities import canonical_names
from reader.core.summarize import ALGORITHM_NAMES, ALGORITHMS
from reader.core.textsafe import safe_text
from reader.ui.article_view import LAYERS, ArticleView
from reader.ui.widgets import StatusLine, VimOptionList, display_source

LABEL_NAMES = {"PERSON": "People", "ORGANIZATION": "Organisations", "LOCATION": "Places"}
NARROW = 110


def plain(text: str, limit: int | None = None) -> Text:
    """Article text as a Rich Text object: never markup, control characters neutralised."""
    one_line = " ".join(text.split())
    if limit is not None and len(one_line) > limit:
        one_line = one_line[: limit - 1] + "…"
    return Text(safe_text(one_line))


class ReadingScreen(Screen):
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
        Binding("m", "bookmark", "Bookmark", id="reading.bookmark"),
        Binding("v", "select", "Select", id="reading.select"),
        Binding("enter", "finish_selection", "Highlight", show=False,
                id="reading.highlight"),
        Binding("w", "article_note", "Note", id="reading.article_note"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="reading.focus_next"),
    ]

    DEFAULT_CSS = """
    ReadingScreen { layout: vertical; }
    ReadingScreen #title { height: 1; background: $primary; color: $text; padding: 0 1;
                           text-style: bold; }
    ReadingScreen #main { height: 1fr; }
    ReadingScreen #article { width: 3fr; border: round $primary 50%; }
    ReadingScreen #article:focus { border: round $accent; }
    ReadingScreen #sidebar { width: 2fr; min-width: 40; }
    ReadingScreen #summary { height: 1fr; border: round $primary 50%; }
    ReadingScreen #summary > .option-list--separator { color: $primary 30%; }
    ReadingScreen #summary:focus { border: round $accent; }
    ReadingScreen #side { height: 1fr; }
    ReadingScreen #side.-hidden { display: none; }
    ReadingScreen #side VimOptionList { height: 1fr; border: none; }
    ReadingScreen #status { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    ReadingScreen #search { dock: bottom; display: none; }
    ReadingScreen #search.-open { display: block; }
    ReadingScreen.-narrow #main { layout: vertical; }
    ReadingScreen.-narrow #article { width: 1fr; height: 3fr; }
    ReadingScreen.-narrow #sidebar { width: 1fr; height: 2fr; min-width: 0; }
    ReadingScreen.-narrow #side { display: none; }
    """

    def __init__(self, source: str, document: Document | None = None,
                 settings: Settings | None = None, goto: int | None = None) -> None:
        super().__init__()
        self.source = source
        self.goto = goto
        self.stored_article = None
        self.selection: tuple[int, int] | None = None  # (anchor, moving end) sentence indices
        self._save_timer = None
        self.document = document
        self.settings = settings or Settings()
        self.analysis: Analysis | None = None
        self.summary_spans: list[tuple[int, int]] = []
        self.summary_indices: list[int] = []
        self.mentions: dict[str, list[tuple[int, int]]] = {}
        self.mention_pos: dict[str, int] = {}
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
            yield self._article_view
            with Vertical(id="sidebar"):
                yield VimOptionList(id="summary")
                with TabbedContent(id="side"):
                    with TabPane("Entities", id="tab-entities"):
                        yield VimOptionList(id="entities")
                    with TabPane("Quotes", id="tab-quotes"):
                        yield VimOptionList(id="quotes")
        yield Input(placeholder="Search the article (Enter to find, Escape to close)",
                    id="search")
        yield StatusLine(id="status")
        yield Footer()

    @property
    def article(self) -> ArticleView:
        # Held directly: it is still readable while the screen unmounts (saving the place).
        return self._article_view

    def on_mount(self) -> None:
        self._update_summary_title()
        self.query_one("#title", Static).update(Text(safe_text(display_source(self.source))))
        self._apply_width(self.size.width)
        self.article.focus()
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
        if self.analysis is not None:
            parts.append(f"{len(self.analysis.sentences)} sentences")
        parts.append(f"{self.settings.algorithm} · {self.settings.length_label}")
        layers = "".join(name[0].upper() if name in a.layers else "·" for name in LAYERS)
        parts.append(f"layers {layers}")
        if self.matches:
            parts.append(f"match {self.match_index + 1}/{len(self.matches)}"
                         f" for {self.search_query!r}")
        elif self.search_query:
            parts.append(f"no match for {self.search_query!r}")
        if self.selection is not None:
            first, last = sorted(self.selection)
            parts.append(f"selecting {last - first + 1} sentence(s): Enter highlights")
        if self.busy:
            parts.append("⏳ " + ", ".join(self.busy.values()))
        self.query_one("#status", StatusLine).text = Text(safe_text("  │  ".join(parts)))

    def _update_summary_title(self) -> None:
        summary = self.query_one("#summary", VimOptionList)
        name = ALGORITHM_NAMES.get(self.settings.algorithm, self.settings.algorithm)
        summary.border_title = f"Summary · {name}"
        summary.border_subtitle = self.settings.length_label

    @on(ArticleView.Scrolled)
    def _scrolled(self) -> None:
        self._update_status()
        if self.stored_article is not None:
            self._schedule_save()

    # ------------------------------------------------------------------ analysis
    @work(thread=True, exclusive=True, exit_on_error=False, group="analysis")
    def run_analysis(self) -> None:
        from reader.core.analysis import segment
        from reader.core.documents import load

        worker = get_current_worker()
        call = self.app.call_from_thread
        doc = self.document
        if doc is None:
            call(self._set_busy, "load", "loading")
            try:
                store = self.store
                item = store.feed_item_for_link(self.source) if store is not None else None
                if item is not None:
                    from reader.core.feeds import item_document
                    from reader.core.store import Store

                    with Store() as own:  # this thread's own connection
                        doc = item_document(own, self.source)
                else:
                    doc = load(self.source)
            except Exception as exc:
                call(self._failed, f"{self.source}: {exc}")
                return
            if worker.is_cancelled:
                return
            call(self._show_document, doc)
        call(self._set_busy, "sentences", "splitting sentences")
        spans, paras = segment(doc, self.settings.language)
        if worker.is_cancelled:
            return
        analysis = Analysis(doc, self.settings, spans, paras)
        call(self._show_sentences, analysis)
        # The summary first, in this thread: a second thread would only share the GIL.
        settings = self.settings
        self._compute_summary(analysis, settings, worker)
        if worker.is_cancelled:
            return
        call(self._set_busy, "entities", "finding entities and quotes")
        from reader.core.analysis import entities_and_quotes

        entities, quotes = entities_and_quotes(doc, spans, self.settings.language)
        if worker.is_cancelled:
            return
        call(self._show_entities, entities, quotes)

    def _failed(self, message: str) -> None:
        self.busy.clear()
        self._update_status()
        self.notify(message, title="Could not open", severity="error", markup=False)

    def _show_document(self, doc: Document) -> None:
        self.document = doc
        self.query_one("#title", Static).update(
            Text(safe_text(f"{' '.join(doc.title.split())} — {display_source(self.source)}")))
        self.article.set_text(doc.text, doc.boilerplate)
        self._set_busy("load", None)
        if doc.meta.get("offline"):
            self.notify(f"Showing {doc.meta['offline']}", title="Offline", timeout=6,
                        markup=False)
        self._restore_place(doc)

    def _show_sentences(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._set_busy("sentences", None)
        self._attach_store(analysis)

    # ------------------------------------------------------------------ store
    # Every store call runs in a thread (app.store_call): a locked or full store never
    # freezes the screen, and a failure is said once, in words, with nothing lost.
    @property
    def store(self):
        return getattr(self.app, "store", None)

    def _key(self, doc: Document) -> str:
        from reader.core.store import source_key

        return source_key(self.source, doc.meta)

    def _restore_place(self, doc: Document) -> None:
        # Scroll once the new text's size is laid out (before that, scrolling is clamped).
        if self.goto is not None:
            self.call_after_refresh(self.article.scroll_to_offset, self.goto)
            return
        key = self._key(doc)

        def read(store):
            art = store.lookup(doc.content_hash, key)
            return store.position(art) if art is not None else None

        def done(pos) -> None:
            if pos is not None and self.document is doc:
                self.call_after_refresh(self.article.scroll_to_offset, pos[0], center=False)

        self.app.store_call(read, done, partial(self._store_warning,
                                                "Could not read the reading position"))

    def _store_warning(self, what: str, why: str) -> None:
        self.notify(f"{what}: {why}", severity="warning", markup=False)

    def _attach_store(self, analysis: Analysis,
                      then: Callable[[], None] | None = None) -> None:
        """Find (or make) this article in the store and show its marks."""
        doc = analysis.document
        key = self._key(doc)

        def attach(store):
            art = store.article(doc.content_hash, key, doc.title, doc.meta.get("url"),
                                analysis.sentences, doc.text)
            return art, store.marks(art)

        def done(found) -> None:
            self.stored_article, marks = found
            self._show_marks(marks)
            if then is not None:
                then()

        failed = partial(self._store_warning, "Bookmarks are unavailable for now")
        self.app.store_call(attach, done, failed)

    def _refresh_marks(self) -> None:
        art = self.stored_article
        if art is not None:
            self.app.store_call(lambda store: store.marks(art), self._show_marks)

    def _show_marks(self, marks) -> None:
        self.article.set_marks(
            highlights=[(m.start, m.end) for m in marks if m.kind == "highlight"],
            bookmarks=[(m.start, m.end) for m in marks if m.kind == "bookmark"],
        )

    def place_to_save(self):
        """(article, offset, progress) to remember, or None before the article is known."""
        art = self.stored_article
        if art is None or self.document is None:
            return None
        return art, self.article.offset_at_top(), self.article.progress

    def save_position(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        place = self.place_to_save()
        if place is None or self.store is None:
            return
        self.app.store_call(lambda store: store.set_position(*place), None,
                            partial(self._store_warning, "Could not save the reading position"))

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(0.8, self.save_position)

    def on_unmount(self) -> None:
        self.save_position()

    def current_sentence(self) -> int | None:
        """The sentence the reader is on: the marked one if visible, else the first on screen."""
        a = self.analysis
        if a is None or not a.sentences:
            return None
        view = self.article
        top = view.offset_at_top()
        bottom_line = int(view.scroll_offset.y) + view.scrollable_content_region.height - 1
        cur = view.marks.current
        if cur is not None and view.line_of(top) <= view.line_of(cur[0]) <= bottom_line:
            return a.sentence_at(cur[0])
        k = a.sentence_at(top)
        if a.sentences[k][1] <= top and k + 1 < len(a.sentences):
            k += 1
        return k

    def _with_article(self, then: Callable[[], None]) -> None:
        """Run *then* once the article is in the store, trying again if it was not yet."""
        if self.stored_article is not None:
            then()
        elif self.store is None:
            self.notify("Bookmarks are not available: the store could not be opened",
                        severity="warning", timeout=3)
        elif self.analysis is None:
            self.notify("The article is still being analysed", timeout=2)
        else:
            self._attach_store(self.analysis, then)

    def action_bookmark(self) -> None:
        k = self.current_sentence()
        if k is not None:
            self._with_article(partial(self._bookmark, k))

    def _bookmark(self, k: int) -> None:
        from reader.ui.notes import NoteEditor

        a, art, store = self.analysis, self.stored_article, self.store
        s, e = a.sentences[k]
        text = a.document.text[s:e]

        def save(result) -> None:
            store.add_mark(art, "bookmark", k, k, s, e, text, result.note, result.tags)

        def done(result) -> None:
            if result is not None:
                self._refresh_marks()
                self.notify(f"Bookmarked sentence {k + 1}", timeout=2)

        self.app.push_screen(NoteEditor("New bookmark (note optional)", text, save=save), done)

    def action_select(self) -> None:
        if self.selection is not None:
            self._end_selection()
            return
        k = self.current_sentence()
        if k is None:
            return
        self.selection = (k, k)
        self._show_selection()
        self.notify("Selecting: j/k extend by sentence, Enter highlights, Escape cancels",
                    timeout=3)

    def extend_selection(self, step: int) -> None:
        if self.selection is None or self.analysis is None:
            return
        anchor, end = self.selection
        end = max(0, min(len(self.analysis.sentences) - 1, end + step))
        self.selection = (anchor, end)
        self._show_selection()
        self.article.scroll_to_offset(self.analysis.sentences[end][0], center=True)

    def _show_selection(self) -> None:
        if self.selection is None or self.analysis is None:
            self.article.set_marks(selection=None)
            return
        first, last = sorted(self.selection)
        sents = self.analysis.sentences
        self.article.set_marks(selection=(sents[first][0], sents[last][1]))
        self._update_status()

    def _end_selection(self) -> None:
        self.selection = None
        self.article.set_marks(selection=None)
        self._update_status()

    def action_finish_selection(self) -> None:
        if self.selection is not None:
            self._with_article(self._highlight)

    def _highlight(self) -> None:
        if self.selection is None:
            return
        first, last = sorted(self.selection)
        a, art, store = self.analysis, self.stored_article, self.store
        s, e = a.sentences[first][0], a.sentences[last][1]
        text = a.document.text[s:e]
        from reader.ui.notes import NoteEditor

        def save(result) -> None:
            store.add_mark(art, "highlight", first, last, s, e, text, result.note, result.tags)

        def done(result) -> None:
            self._end_selection()
            if result is None:
                return
            self._refresh_marks()
            n = last - first + 1
            self.notify(f"Highlighted {n} sentence{'s' if n > 1 else ''}", timeout=2)

        self.app.push_screen(NoteEditor("New highlight (note optional)", text, save=save),
                             done)

    def action_article_note(self) -> None:
        self._with_article(self._article_note)

    def _article_note(self) -> None:
        from reader.ui.notes import NoteEditor

        art = self.stored_article

        def edit(note: str) -> None:
            def save(result) -> None:
                self.app.store.set_article_note(art, result.note)

            def done(result) -> None:
                if result is not None:
                    self.notify("Note saved", timeout=2)

            self.app.push_screen(NoteEditor(f"Note on {art.title} (Markdown)", "", note,
                                            with_tags=False, save=save), done)

        self.app.store_call(lambda store: store.article_note(art), edit,
                            partial(self._store_warning, "Could not read the note"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finish_selection":
            return self.selection is not None
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="summary")
    def recompute_summary(self, settings: Settings) -> None:
        analysis = self.analysis
        if analysis is None:
            return  # the analysis worker computes the summary once sentences are ready
        self._compute_summary(analysis, settings, get_current_worker())

    def _compute_summary(self, analysis: Analysis, settings: Settings, worker) -> None:
        """Runs in a worker thread; shows the result unless the worker was cancelled."""
        from reader.core.analysis import summarize_analysis

        name = ALGORITHM_NAMES.get(settings.algorithm, settings.algorithm)
        self.app.call_from_thread(self._set_busy, "summary", f"summarising with {name}")
        try:
            picks = summarize_analysis(analysis, settings)
        except Exception as exc:
            self.app.call_from_thread(self._set_busy, "summary", None)
            self.app.call_from_thread(self.notify, f"Summary failed: {exc}",
                                      severity="error", markup=False)
            return
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self._show_summary, settings, picks)

    def _show_summary(self, settings: Settings, picks) -> None:
        analysis = self.analysis
        if analysis is None or settings != self.settings:
            return  # stale: the reader has asked for another algorithm or length since
        analysis.summary = picks
        text = analysis.document.text
        self.summary_indices = [p.index for p in picks]
        self.summary_spans = [analysis.sentences[i] for i in self.summary_indices]
        self.article.set_marks(summary=self.summary_spans)
        options = self.query_one("#summary", VimOptionList)
        options.clear_options()
        items: list[Option | None] = []
        for i, (s, e) in zip(self.summary_indices, self.summary_spans, strict=True):
            if items:
                items.append(None)
            items.append(Option(plain(text[s:e]), id=str(i)))
        options.add_options(items)
        self._set_busy("summary", None)
        self._update_summary_title()

    def _show_entities(self, entities, quotes) -> None:
        if self.analysis is None:
            return
        self.analysis.entities = entities
        self.analysis.quotes = quotes
        self.article.set_marks(
            entities=[(e.start, e.end, e.label) for e in entities],
            quotes=[(q.start, q.end) for q in quotes],
        )
        groups: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(dict)
        canonical = canonical_names(entities)
        for e in entities:
            name = canonical.get(e.text, e.text)
            groups[e.label].setdefault(name, []).append((e.start, e.end))
        self.mentions = {}
        ent_list = self.query_one("#entities", VimOptionList)
        ent_list.clear_options()
        options: list[Option] = []
        for label in ("PERSON", "ORGANIZATION", "LOCATION"):
            names = groups.get(label)
            if not names:
                continue
            total = sum(len(v) for v in names.values())
            options.append(Option(Text(f"{LABEL_NAMES[label]} ({total})", style="bold"),
                                  disabled=True))
            for name, spans in sorted(names.items(), key=lambda kv: (-len(kv[1]), kv[0])):
                key = f"{label}:{name}"
                self.mentions[key] = spans
                prompt = Text("  ") + plain(name, 40) + Text(f"  ×{len(spans)}", style="dim")
                options.append(Option(prompt, id=key))
        ent_list.add_options(options)
        q_list = self.query_one("#quotes", VimOptionList)
        q_list.clear_options()
        q_list.add_options([
            Option(Text.assemble((safe_text(q.speaker or "unattributed"), "bold"), "  ",
                                 plain(q.text, 90)), id=f"q{i}")
            for i, q in enumerate(quotes)
        ])
        tabs = self.query_one("#side", TabbedContent)
        tabs.get_tab("tab-entities").label = f"Entities ({len(entities)})"
        tabs.get_tab("tab-quotes").label = f"Quotes ({len(quotes)})"
        self._set_busy("entities", None)
        self.analysis_done = True

    # ------------------------------------------------------------------ selection
    def mark_sentence(self, index: int) -> None:
        if self.analysis is None or not 0 <= index < len(self.analysis.sentences):
            return
        span = self.analysis.sentences[index]
        self.article.set_marks(current=span)
        self.article.scroll_to_offset(span[0])

    @on(VimOptionList.OptionHighlighted, "#summary")
    @on(VimOptionList.OptionSelected, "#summary")
    def _summary_chosen(self, event) -> None:
        if event.option.id is not None:
            index = int(event.option.id)
            self._summary_step = self.summary_indices.index(index)
            self.mark_sentence(index)

    @on(VimOptionList.OptionSelected, "#entities")
    def _entity_chosen(self, event) -> None:
        key = event.option.id
        if key is None or key not in self.mentions:
            return
        spans = self.mentions[key]
        k = (self.mention_pos.get(key, -1) + 1) % len(spans)
        self.mention_pos[key] = k
        self.article.set_marks(current=spans[k])
        self.article.scroll_to_offset(spans[k][0])
        name = key.split(":", 1)[1]
        self.notify(f"{name}: mention {k + 1} of {len(spans)}", timeout=2, markup=False)

    @on(VimOptionList.OptionSelected, "#quotes")
    def _quote_chosen(self, event) -> None:
        if self.analysis is None or event.option.id is None:
            return
        q = self.analysis.quotes[int(event.option.id[1:])]
        self.article.set_marks(current=(q.start, q.end))
        self.article.scroll_to_offset(q.start)

    # ------------------------------------------------------------------ actions
    def action_back(self) -> None:
        if self.selection is not None:
            self._end_selection()
            return
        search = self.query_one("#search", Input)
        if search.has_class("-open"):
            self._close_search()
            return
        self.app.show_library()

    def action_scroll_down(self) -> None:
        if self.selection is not None:
            self.extend_selection(1)
        else:
            self.article.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        if self.selection is not None:
            self.extend_selection(-1)
        else:
            self.article.scroll_relative(y=-1, animate=False)

    def action_page_down(self) -> None:
        self.article.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.article.scroll_page_up(animate=False)

    def action_top(self) -> None:
        self.article.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.article.scroll_end(animate=False)

    def _panes(self) -> list:
        panes = [self.article, self.query_one("#summary")]
        if not self.query_one("#side").has_class("-hidden") and not self.has_class("-narrow"):
            tabs = self.query_one("#side", TabbedContent)
            panes.append(self.query_one("#entities" if tabs.active == "tab-entities"
                                        else "#quotes"))
        return panes

    def _focus_step(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        idx = next((i for i, p in enumerate(panes) if p is focused), 0)
        panes[(idx + step) % len(panes)].focus()

    def action_focus_left(self) -> None:
        self._focus_step(-1)

    def action_focus_right(self) -> None:
        self._focus_step(1)

    def _step_summary(self, step: int) -> None:
        if not self.summary_indices:
            self.notify("No summary yet", timeout=2)
            return
        top = self.article.offset_at_top()
        if self._summary_step < 0:
            # Start from where the reader is.
            ahead = [k for k, (s, _) in enumerate(self.summary_spans) if s > top]
            k = (ahead[0] if ahead else 0) if step > 0 else (
                ahead[0] - 1 if ahead else len(self.summary_spans) - 1)
        else:
            k = self._summary_step + step
        k %= len(self.summary_indices)
        self._summary_step = k
        self.mark_sentence(self.summary_indices[k])
        self.query_one("#summary", VimOptionList).highlighted = k

    def action_next_summary(self) -> None:
        self._step_summary(1)

    def action_prev_summary(self) -> None:
        self._step_summary(-1)

    def set_algorithm(self, algorithm: str) -> None:
        self.settings = self.settings.with_(algorithm=algorithm)
        self._update_summary_title()
        self.recompute_summary(self.settings)
        self._update_status()

    def action_next_algorithm(self) -> None:
        k = ALGORITHMS.index(self.settings.algorithm)
        self.set_algorithm(ALGORITHMS[(k + 1) % len(ALGORITHMS)])

    def action_prev_algorithm(self) -> None:
        k = ALGORITHMS.index(self.settings.algorithm)
        self.set_algorithm(ALGORITHMS[(k - 1) % len(ALGORITHMS)])

    def set_length(self, sentences: int) -> None:
        self.settings = self.settings.with_(sentences=max(1, min(50, sentences)), ratio=None)
        self._update_summary_title()
        self.recompute_summary(self.settings)
        self._update_status()

    def action_longer(self) -> None:
        self.set_length((self.settings.sentences or 5) + 1)

    def action_shorter(self) -> None:
        self.set_length((self.settings.sentences or 5) - 1)

    def action_toggle_layer(self, layer: str) -> None:
        on = self.article.toggle_layer(layer)
        self.notify(f"{layer.capitalize()} {'shown' if on else 'hidden'}", timeout=1.5)
        self._update_status()

    def action_toggle_panel(self) -> None:
        side = self.query_one("#side")
        side.toggle_class("-hidden")

    # ------------------------------------------------------------------ search
    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("-open")
        search.value = self.search_query
        search.focus()

    def _close_search(self) -> None:
        search = self.query_one("#search", Input)
        search.remove_class("-open")
        self.article.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.find(event.value)
        self._close_search()

    def find(self, query: str) -> int:
        """Find every match of *query* (case-insensitive); returns how many."""
        self.search_query = query
        text = self.article.text
        if query:
            rx = re.compile(re.escape(query), re.IGNORECASE)
            self.matches = [m.span() for m in rx.finditer(text)]
        else:
            self.matches = []
        top = self.article.offset_at_top()
        self.match_index = next((k for k, (s, _) in enumerate(self.matches) if s >= top), 0) - 1
        self.article.set_marks(matches=self.matches, current_match=None)
        if self.matches:
            self.action_next_match()
        else:
            self._update_status()
            if query:
                self.notify(f"No match for {query!r}", severity="warning", timeout=2,
                            markup=False)
        return len(self.matches)

    def _goto_match(self, step: int) -> None:
        if not self.matches:
            if self.search_query:
                self.notify(f"No match for {self.search_query!r}", severity="warning", timeout=2,
                            markup=False)
            return
        self.match_index = (self.match_index + step) % len(self.matches)
        span = self.matches[self.match_index]
        self.article.set_marks(current_match=span)
        self.article.scroll_to_offset(span[0])
        self._update_status()

    def action_next_match(self) -> None:
        self._goto_match(1)

    def action_prev_match(self) -> None:
        self._goto_match(-1)

    # ------------------------------------------------------------------ palette
    def palette_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        cmds: list[tuple[str, Callable[[], object], str]] = []
        for alg in ALGORITHMS:
            cmds.append((f"summary: Use {ALGORITHM_NAMES[alg]}",
                         lambda a=alg: self.set_algorithm(a),
                         f"Recompute the summary with {alg}"))
        cmds += [
            ("summary: Longer", self.action_longer, "One more summary sentence"),
            ("summary: Shorter", self.action_shorter, "One fewer summary sentence"),
            ("summary: Next sentence in text", self.action_next_summary,
             "Jump to the next summary sentence"),
            ("summary: Previous sentence in text", self.action_prev_summary,
             "Jump to the previous summary sentence"),
            ("layers: Toggle entities", lambda: self.action_toggle_layer("entities"),
             "Show or hide entity colours"),
            ("layers: Toggle quotes", lambda: self.action_toggle_layer("quotes"),
             "Show or hide quotation styling"),
            ("layers: Toggle summary marks", lambda: self.action_toggle_layer("summary"),
             "Show or hide summary sentences in the text"),
            ("layers: Toggle search matches", lambda: self.action_toggle_layer("matches"),
             "Show or hide search matches"),
            ("search: Find in article", self.action_search, "Search the article"),
            ("search: Next match", self.action_next_match, "Go to the next match"),
            ("search: Previous match", self.action_prev_match, "Go to the previous match"),
            ("view: Go to top", self.action_top, "Scroll to the start"),
            ("view: Go to bottom", self.action_bottom, "Scroll to the end"),
            ("view: Toggle side panel", self.action_toggle_panel,
             "Show or hide entities and quotes"),
            ("library: Back to library", self.action_back, "Return to the article list"),
            ("bookmark: Add at current sentence", self.action_bookmark,
             "Bookmark the sentence you are reading, with an optional note"),
            ("bookmark: Select passage to highlight", self.action_select,
             "Select whole sentences with j/k, Enter to highlight"),
            ("bookmark: Note on this article", self.action_article_note,
             "Write a Markdown note about the whole article"),
        ]
        return cmds
