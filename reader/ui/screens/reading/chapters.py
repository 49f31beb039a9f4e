"""Chapters: the Contents tab (``t``), next and previous chapter (``}`` ``{``), the chapter
named in the status line, and the summary of this chapter or of the whole book (``c``)."""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from textual.binding import Binding
from textual.worker import get_current_worker

from reader.core.analysis.chapters import Chapter, chapter_at
from reader.core.textsafe import one_line
from reader.ui.parts import Command, Part


class Chapters(Part):
    """The document's chapters, and whether the summary is of one of them."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("t", "contents", "Contents", show=False, id="reading.contents"),
        Binding("right_curly_bracket", "next", "Next chapter", show=False,
                id="reading.next_chapter"),
        Binding("left_curly_bracket", "previous", "Previous chapter", show=False,
                id="reading.prev_chapter"),
        Binding("c", "toggle_scope", "Chapter/book summary", show=False,
                id="reading.chapter_summary"),
    ]

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.scope = False  # the summary shows the current chapter, not the whole book
        self.shown: int | None = None  # the chapter whose summary is shown
        self._of: tuple[int, list[Chapter]] = (0, [])  # (id of the document, its chapters)

    @property
    def all(self) -> list[Chapter]:
        """The document's chapters (made once per document: the status line asks on every
        scroll)."""
        doc = self.screen.document
        if doc is None:
            return []
        if self._of[0] != id(doc):
            self._of = (id(doc), [Chapter(t, s, e) for s, e, t in doc.chapters])
        return self._of[1]

    def current(self) -> int | None:
        chapters = self.all
        if not chapters:
            return None
        # The top line's last character: a heading indented on the top line is this chapter.
        start, end = self.screen.article.top_line_span()
        return chapter_at(chapters, max(start, end - 1))

    def title_at(self, offset: int) -> str:
        """The title of the chapter holding *offset* ("" for an article or front matter)."""
        chapters = self.all
        k = chapter_at(chapters, offset) if chapters else None
        return chapters[k].title if k is not None else ""

    def status(self) -> str | None:
        """"CHAPTER 12. Biographical. (14/138)" for the status line (None: no chapters)."""
        chapters = self.all
        if not chapters:
            return None
        k = self.current()
        if k is None:
            return f"before chapter 1 of {len(chapters)}"
        return f"{one_line(chapters[k].title, 40)} ({k + 1}/{len(chapters)})"

    def show_contents(self) -> None:
        """Fill the Contents tab (after the document is shown)."""
        doc = self.screen.document
        self.screen.side.show_contents(self.all, len(doc.text) if doc is not None else 0)

    def _go_to(self, k: int) -> None:
        chapters = self.all
        if not chapters:
            self.say("This text has no chapters.", timeout=2)
            return
        k = max(0, min(len(chapters) - 1, k))
        self.screen.history.remember()
        self.screen.article.scroll_to_offset(chapters[k].start, center=False)
        self.screen.place.jumped_to(chapters[k].start)
        self.say(one_line(chapters[k].title, 60), timeout=1.5)
        self.screen.call_after_refresh(self.scrolled)

    def next(self) -> None:
        k = self.current()
        self._go_to(0 if k is None else k + 1)

    def previous(self) -> None:
        k = self.current()
        chapters = self.all
        if k is not None and chapters[k].start < self.screen.article.top_line_span()[0]:
            self._go_to(k)  # inside a chapter: back to its start first
        else:
            self._go_to((k if k is not None else 0) - 1)

    def contents(self) -> None:
        if not self.all:
            self.say("This text has no chapters.", timeout=2)
            return
        self.screen.panes.show_tab("contents")
        self.screen.side.select_chapter(self.current())

    def toggle_scope(self) -> None:
        """Switch the summary between this chapter and the whole book."""
        if not self.all:
            self.say("This text has no chapters: the summary is of the whole text.",
                     timeout=2)
            return
        self.scope = not self.scope
        self.shown = None
        if self.scope:
            self.scrolled()
        else:
            self.screen.analyser.recompute_summary(self.screen.settings)
            self.show_side(None)

    def scrolled(self) -> None:
        """The place changed: a chapter summary follows the chapter being read."""
        if not self.scope or self.screen.analysis is None:
            return
        k = self.current()
        if k is None or k == self.shown:
            return
        self.shown = k
        self.screen.run_worker(partial(self._summarise, k, self.screen.settings), thread=True,
                               exclusive=True, exit_on_error=False, group="chapter-summary")

    def summary_changed(self) -> None:
        """New settings: the chapter's summary is made again."""
        self.shown = None
        self.scrolled()

    def _summarise(self, k: int, settings: Any) -> None:
        """In a worker thread."""
        import bisect

        from reader.core.analysis.summarize import summarize

        analysis = self.screen.analysis
        chapter = self.all[k]
        starts = [s for s, _ in analysis.sentences]
        lo = bisect.bisect_left(starts, chapter.start)
        hi = bisect.bisect_left(starts, chapter.end)
        inside = [i for i in analysis.eligible if lo <= i < hi]
        picks = summarize(analysis.document.text, analysis.sentences,
                          algorithm=settings.algorithm, count=settings.sentences,
                          ratio=settings.ratio, language=settings.language,
                          title=chapter.title, paragraphs=analysis.paragraphs,
                          eligible=inside, engine=settings.engine, part_of_book=True)
        if not get_current_worker().is_cancelled:
            self.screen.app.call_from_thread(self._show_summary, k, picks)

    def _show_summary(self, k: int, picks: list) -> None:
        screen = self.screen
        analysis = screen.analysis
        if not self.scope or self.shown != k or analysis is None:
            return
        indices = [p.index for p in picks]
        spans = [analysis.sentences[i] for i in indices]
        screen.article.set_marks(summary=spans)
        screen.summary.show(analysis.document.text, indices, spans)
        screen.summary.border_title = f"Summary · {one_line(self.all[k].title, 30)}"
        self.show_side(k)

    def show_side(self, k: int | None) -> None:
        """Entities and quotes of chapter *k* (None: of the whole book)."""
        a = self.screen.analysis
        if a is None or not (a.entities or a.quotes):
            return
        side = self.screen.side
        if k is None:
            side.show(a.entities, a.quotes, a.keyphrases)
            return
        c = self.all[k]
        side.show([e for e in a.entities if c.start <= e.start < c.end],
                  [q for q in a.quotes if c.start <= q.start < c.end], a.keyphrases)

    def commands(self) -> list[Command]:
        if not self.all:
            return []
        return [("chapters: Contents", self.contents, "The table of contents (t)"),
                ("chapters: Next chapter", self.next, "}"),
                ("chapters: Previous chapter", self.previous, "{"),
                ("chapters: Summary of this chapter / the whole book", self.toggle_scope, "c")]
