"""The article in the store and the reader's place in it: finding (or registering) the
article, drawing its bookmarks and highlights, restoring and saving the reading position.

Every store call runs on the store thread (``app.store_call``): a locked or full store never
freezes the screen, and a failure is said once, in words, with nothing lost.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from reader.ui.parts import Part

if TYPE_CHECKING:
    from reader.core.analysis import Analysis
    from reader.core.document import Document
    from reader.core.library import Library


class Place(Part):
    """The stored article (None until the store has answered) and the saved place."""

    def __init__(self, screen, goto: int | tuple[int, int] | None) -> None:
        super().__init__(screen)
        # Where to open instead of the saved place: an offset (a mark), or a span shown
        # marked (a search hit).
        self.goto = goto
        self.article: Any = None  # the store's row for this article
        self._save_timer: Any = None
        #: (start of the span last jumped to, the view's top line right after the jump).
        self.jumped: tuple[int, int] | None = None

    @property
    def library(self) -> Library | None:
        return self.screen.app.library

    def warn(self, what: str, why: str) -> None:
        self.say(f"{what}: {why}", severity="warning")

    def restore(self, doc: Document) -> None:
        """Scroll to where the reader was (or to ``goto``)."""
        screen, view = self.screen, self.screen.article
        # Scroll once the new text's size is laid out (before that, scrolling is clamped).
        if self.goto is not None:
            start = self.goto if isinstance(self.goto, int) else self.goto[0]
            if not isinstance(self.goto, int) and self.goto[1] > start:
                view.set_marks(current=self.goto)  # the match, marked where it opens
            screen.call_after_refresh(view.scroll_to_offset, start)
            self.jumped = None
            return
        source = screen.source
        # The text waits for its place (no flash of the top), a quarter second at most.
        view.hold(True)
        screen.set_timer(0.25, partial(view.hold, False))

        def show(offset: int) -> None:
            view.scroll_to_offset(offset, center=False)
            screen.call_after_refresh(view.hold, False)

        def done(offset: int | None) -> None:
            if offset is None and doc.reading_start:
                offset = doc.reading_start  # never read: past the licence header
            if offset is not None and screen.document is doc:
                screen.call_after_refresh(show, offset)
            else:
                view.hold(False)

        def failed(why: str) -> None:
            view.hold(False)
            self.warn("Could not read the reading position", why)

        screen.app.store_call(lambda library: library.place(doc, source), done, failed)

    def attach(self, analysis: Analysis, then: Callable[[], None] | None = None) -> None:
        """Find (or make) this article in the library and show its marks."""
        doc, source = analysis.document, self.screen.source

        def attach(library: Library):
            art = library.register(doc, source, analysis.sentences)
            return art, library.marks(art)

        def done(found) -> None:
            self.article, marks = found
            self.show_marks(marks)
            if then is not None:
                then()

        failed = partial(self.warn, "Bookmarks are unavailable for now")
        self.screen.app.store_call(attach, done, failed)

    def refresh_marks(self) -> None:
        art = self.article
        if art is not None:
            self.screen.app.store_call(lambda library: library.marks(art), self.show_marks)

    def show_marks(self, marks) -> None:
        marks = [m for m in marks if m.review is None]  # held for review: no place to draw
        self.screen.article.set_marks(
            highlights=[(m.start, m.end) for m in marks if m.kind == "highlight"],
            bookmarks=[(m.start, m.end) for m in marks if m.kind == "bookmark"],
        )

    def to_save(self) -> Callable[[Library], None] | None:
        """A store call that remembers the current place, or None before the text is shown
        (it works before the article is registered too: quitting right after opening)."""
        screen = self.screen
        doc = screen.document
        if doc is None:
            return None
        art, source = self.article, screen.source
        offset, progress = screen.article.offset_at_top(), screen.article.progress
        return lambda library: library.remember_place(doc, source, offset, progress, art)

    def save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        save = self.to_save()
        if save is None or self.library is None:
            return
        self.screen.app.store_call(save, None,
                                   partial(self.warn, "Could not save the reading position"))

    def scrolled(self) -> None:
        """The place changed: saved when the reader has stopped scrolling for a moment."""
        if self.article is None:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.screen.set_timer(0.8, self.save)

    def jumped_to(self, start: int) -> None:
        """A jump has shown the span starting at *start*: stepping goes on from it until
        the reader scrolls."""
        self.jumped = (start, self.screen.article.offset_at_top())

    def visible_current(self) -> tuple[int, int] | None:
        """The span marked current (a jump's target), if it is on screen."""
        view = self.screen.article
        cur = view.marks.current
        if cur is None:
            return None
        top_line = view.line_of(view.offset_at_top())
        bottom_line = int(view.scroll_offset.y) + view.scrollable_content_region.height - 1
        return cur if top_line <= view.line_of(cur[0]) <= bottom_line else None

    def reading_offset(self) -> int:
        """Where the reader is: the start of the span marked current if it is on screen,
        else the line at the top of the view."""
        cur = self.visible_current()
        return cur[0] if cur is not None else self.screen.article.offset_at_top()

    def sentence(self) -> int | None:
        """The sentence the reader is on: the marked one if visible, else the first on screen
        — never a heading (right after a chapter jump, the chapter's first sentence of text)."""
        a = self.screen.analysis
        if a is None or not a.sentences:
            return None
        cur = self.visible_current()
        top = self.screen.article.offset_at_top()
        k = a.sentence_at(cur[0] if cur is not None else top)
        if cur is None and a.sentences[k][1] <= top and k + 1 < len(a.sentences):
            k += 1
        headings = [(s, e) for s, e, kind in a.document.structure if kind == "heading"]
        while k + 1 < len(a.sentences) and any(
                s <= a.sentences[k][0] and a.sentences[k][1] <= e + 1 for s, e in headings):
            k += 1  # a heading alone is not a place to bookmark: the text under it is
        return k

    def with_article(self, then: Callable[[], None]) -> None:
        """Run *then* once the article is in the store, trying again if it was not yet."""
        app = self.screen.app
        if self.article is not None:
            then()
        elif self.library is None and not app.store_opened:
            # The store is still opening (its thread answers in order): ask again then.
            app.store_call(lambda library: None, lambda _: self.with_article(then),
                           lambda why: self.say(f"Bookmarks are not available: {why}",
                                                severity="warning", timeout=3))
        elif self.library is None:
            self.say("Bookmarks are not available: the store could not be opened",
                     severity="warning", timeout=3)
        elif self.screen.analysis is None:
            self.say("The article is still being analysed", timeout=2)
        else:
            self.attach(self.screen.analysis, then)
