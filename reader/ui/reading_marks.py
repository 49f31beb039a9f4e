"""The reading screen's part that talks to the store: finding the article, its marks and
reading position, bookmarks, highlights (sentence selection) and the article note.

Every store call runs in a thread (``app.store_call``): a locked or full store never freezes
the screen, and a failure is said once, in words, with nothing lost.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from reader.core.anchors import context_of

if TYPE_CHECKING:
    from reader.core.analysis import Analysis
    from reader.core.documents import Document
    from reader.core.library import Library


class ReadingMarks:
    """Mixed into :class:`reader.ui.reading.ReadingScreen` (uses its widgets and state)."""

    # Every store call runs on the store thread (app.store_call): a locked or full store
    # never freezes the screen, and a failure is said once, in words, with nothing lost.
    @property
    def library(self) -> Library | None:
        return self.app.library

    def _restore_place(self, doc: Document) -> None:
        # Scroll once the new text's size is laid out (before that, scrolling is clamped).
        if self.goto is not None:
            self.call_after_refresh(self.article.scroll_to_offset, self.goto)
            return
        source = self.source
        article = self.article
        # The text waits for its place (no flash of the top), a quarter second at most.
        article.hold(True)
        self.set_timer(0.25, partial(article.hold, False))

        def show(offset: int) -> None:
            article.scroll_to_offset(offset, center=False)
            self.call_after_refresh(article.hold, False)

        def done(offset: int | None) -> None:
            if offset is not None and self.document is doc:
                self.call_after_refresh(show, offset)
            else:
                article.hold(False)

        def failed(why: str) -> None:
            article.hold(False)
            self._store_warning("Could not read the reading position", why)

        self.app.store_call(lambda library: library.place(doc, source), done, failed)

    def _store_warning(self, what: str, why: str) -> None:
        self.notify(f"{what}: {why}", severity="warning", markup=False)

    def _attach_store(self, analysis: Analysis,
                      then: Callable[[], None] | None = None) -> None:
        """Find (or make) this article in the library and show its marks."""
        doc, source = analysis.document, self.source

        def attach(library: Library):
            art = library.register(doc, source, analysis.sentences)
            return art, library.marks(art)

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
            self.app.store_call(lambda library: library.marks(art), self._show_marks)

    def _show_marks(self, marks) -> None:
        marks = [m for m in marks if m.review is None]  # held for review: no place to draw
        self.article.set_marks(
            highlights=[(m.start, m.end) for m in marks if m.kind == "highlight"],
            bookmarks=[(m.start, m.end) for m in marks if m.kind == "bookmark"],
        )

    def place_to_save(self) -> Callable[[Library], None] | None:
        """A store call that remembers the current place, or None before the text is shown
        (it works before the article is registered too: quitting right after opening)."""
        doc = self.document
        if doc is None:
            return None
        art, source = self.stored_article, self.source
        offset, progress = self.article.offset_at_top(), self.article.progress
        return lambda library: library.remember_place(doc, source, offset, progress, art)

    def save_position(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        save = self.place_to_save()
        if save is None or self.library is None:
            return
        self.app.store_call(save, None,
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
        elif self.library is None and not self.app.store_opened:
            # The store is still opening (its thread answers in order): ask again then.
            self.app.store_call(lambda library: None, lambda _: self._with_article(then),
                                lambda why: self.notify(f"Bookmarks are not available: {why}",
                                                        severity="warning", timeout=3))
        elif self.library is None:
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

        a, art, library = self.analysis, self.stored_article, self.library
        span = a.sentences[k]
        text = a.document.text[span[0]:span[1]]

        chapter = self.chapter_title_at(span[0])
        context = context_of(a.document.text, *span)

        def save(result) -> None:
            library.add_mark(art, "bookmark", k, k, span, text, result.note, result.tags,
                             chapter, context)

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
        self.article.selecting = True
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
        self.article.selecting = False
        self.article.set_marks(selection=None)
        self._update_status()

    def action_finish_selection(self) -> None:
        if self.selection is not None:
            self._with_article(self._highlight)

    def _highlight(self) -> None:
        if self.selection is None:
            return
        first, last = sorted(self.selection)
        a, art, library = self.analysis, self.stored_article, self.library
        s, e = a.sentences[first][0], a.sentences[last][1]
        text = a.document.text[s:e]
        from reader.ui.notes import NoteEditor

        chapter = self.chapter_title_at(s)
        context = context_of(a.document.text, s, e)

        def save(result) -> None:
            library.add_mark(art, "highlight", first, last, (s, e), text, result.note,
                             result.tags, chapter, context)

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
                self.app.library.set_note(art, result.note)

            def done(result) -> None:
                if result is not None:
                    self.notify("Note saved", timeout=2)

            self.app.push_screen(NoteEditor(f"Note on {art.title} (Markdown)", "", note,
                                            with_tags=False, save=save), done)

        self.app.store_call(lambda library: library.note(art), edit,
                            partial(self._store_warning, "Could not read the note"))
