"""Chapters on the reading screen: the Contents tab (``t``), next and previous chapter
(``}`` ``{``), the chapter named in the status line, and the summary of this chapter or of
the whole book (``c``)."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.worker import get_current_worker

from reader.core.analysis.chapters import Chapter, chapter_at
from reader.core.textsafe import one_line


class ReadingChapters:
    """Mixed into :class:`reader.ui.reading.ReadingScreen` (uses its widgets and state)."""

    document: Any
    analysis: Any
    settings: Any
    article: Any
    summary: Any
    side: Any
    chapter_scope = False  # the summary shows the current chapter, not the whole book
    _chapter_shown: int | None = None  # the chapter whose summary is shown

    _chapters_of: tuple[int, list[Chapter]] = (0, [])  # (id of the document, its chapters)

    @property
    def chapters(self) -> list[Chapter]:
        """The document's chapters (made once per document: the status line asks on every
        scroll)."""
        doc = self.document
        if doc is None:
            return []
        if self._chapters_of[0] != id(doc):
            self._chapters_of = (id(doc), [Chapter(t, s, e) for s, e, t in doc.chapters])
        return self._chapters_of[1]

    def current_chapter(self) -> int | None:
        chapters = self.chapters
        if not chapters:
            return None
        # The top line's last character: a heading indented on the top line is this chapter.
        start, end = self.article.top_line_span()
        return chapter_at(chapters, max(start, end - 1))

    def chapter_title_at(self, offset: int) -> str:
        """The title of the chapter holding *offset* ("" for an article or front matter)."""
        chapters = self.chapters
        k = chapter_at(chapters, offset) if chapters else None
        return chapters[k].title if k is not None else ""

    def chapter_label(self) -> str | None:
        """"CHAPTER 12. Biographical. (14/138)" for the status line (None: no chapters)."""
        chapters = self.chapters
        if not chapters:
            return None
        k = self.current_chapter()
        if k is None:
            return f"before chapter 1 of {len(chapters)}"
        return f"{one_line(chapters[k].title, 40)} ({k + 1}/{len(chapters)})"

    def show_contents(self) -> None:
        """Fill the Contents tab (after the document is shown)."""
        self.side.show_contents(self.chapters)

    def _go_to_chapter(self, k: int) -> None:
        chapters = self.chapters
        if not chapters:
            self.notify("This text has no chapters.", timeout=2)
            return
        k = max(0, min(len(chapters) - 1, k))
        self.article.scroll_to_offset(chapters[k].start, center=False)
        self.notify(one_line(chapters[k].title, 60), timeout=1.5, markup=False)
        self.call_after_refresh(self.chapter_scrolled)

    def action_next_chapter(self) -> None:
        k = self.current_chapter()
        self._go_to_chapter(0 if k is None else k + 1)

    def action_prev_chapter(self) -> None:
        k = self.current_chapter()
        chapters = self.chapters
        if k is not None and chapters[k].start < self.article.top_line_span()[0]:
            self._go_to_chapter(k)  # inside a chapter: back to its start first
        else:
            self._go_to_chapter((k if k is not None else 0) - 1)

    def action_contents(self) -> None:
        if not self.chapters:
            self.notify("This text has no chapters.", timeout=2)
            return
        self.action_show_tab("contents")  # type: ignore[attr-defined]
        self.side.select_chapter(self.current_chapter())

    def action_chapter_summary(self) -> None:
        """Switch the summary between this chapter and the whole book."""
        if not self.chapters:
            self.notify("This text has no chapters: the summary is of the whole text.",
                        timeout=2)
            return
        self.chapter_scope = not self.chapter_scope
        self._chapter_shown = None
        if self.chapter_scope:
            self.chapter_scrolled()
        else:
            self.recompute_summary(self.settings)  # type: ignore[attr-defined]
            self._show_side(None)

    def chapter_scrolled(self) -> None:
        """The place changed: a chapter summary follows the chapter being read."""
        if not self.chapter_scope or self.analysis is None:
            return
        k = self.current_chapter()
        if k is None or k == self._chapter_shown:
            return
        self._chapter_shown = k
        self._summarise_chapter(k, self.settings)

    @work(thread=True, exclusive=True, exit_on_error=False, group="chapter-summary")
    def _summarise_chapter(self, k: int, settings: Any) -> None:
        import bisect

        from reader.core.analysis.summarize import summarize

        analysis = self.analysis
        chapter = self.chapters[k]
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
            self.app.call_from_thread(self._show_chapter_summary, k, picks)

    def _show_chapter_summary(self, k: int, picks: list) -> None:
        if not self.chapter_scope or self._chapter_shown != k or self.analysis is None:
            return
        indices = [p.index for p in picks]
        spans = [self.analysis.sentences[i] for i in indices]
        self.article.set_marks(summary=spans)
        self.summary.show(self.analysis.document.text, indices, spans)
        self.summary.border_title = f"Summary · {one_line(self.chapters[k].title, 30)}"
        self._show_side(k)

    def _show_side(self, k: int | None) -> None:
        """Entities and quotes of chapter *k* (None: of the whole book)."""
        a = self.analysis
        if a is None or not (a.entities or a.quotes):
            return
        if k is None:
            self.side.show(a.entities, a.quotes, a.keyphrases)
            return
        c = self.chapters[k]
        self.side.show([e for e in a.entities if c.start <= e.start < c.end],
                       [q for q in a.quotes if c.start <= q.start < c.end], a.keyphrases)

    def chapter_commands(self) -> list[tuple[str, Any, str]]:
        if not self.chapters:
            return []
        return [("chapters: Contents", self.action_contents, "The table of contents (t)"),
                ("chapters: Next chapter", self.action_next_chapter, "}"),
                ("chapters: Previous chapter", self.action_prev_chapter, "{"),
                ("chapters: Summary of this chapter / the whole book",
                 self.action_chapter_summary, "c")]
