"""What the reader writes on the article: a bookmark on the current sentence (``m``), a
highlight of whole sentences (``v``, ``j``/``k`` to extend, Enter), the article's note
(``w``). Written through the store thread; the editor keeps the text if saving fails."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding

from reader.core.anchors import context_of
from reader.core.textsafe import plural
from reader.ui.parts import Command, Part


class Annotations(Part):
    """Bookmarks, highlights (and the sentence selection they start from), the note."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("m", "bookmark", "Bookmark", id="reading.bookmark"),
        Binding("v", "select", "Select", id="reading.select"),
        Binding("enter", "highlight", "Highlight", show=False, id="reading.highlight"),
        Binding("w", "note", "Note", id="reading.article_note"),
    ]

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.selection: tuple[int, int] | None = None  # (anchor, moving end) sentence indices

    def check(self, action: str) -> bool | None:
        if action == "highlight":
            # None: shown (in ? help) but inactive until there is a selection.
            return True if self.selection is not None else None
        return True

    def bookmark(self) -> None:
        k = self.screen.place.sentence()
        if k is not None:
            self.screen.place.with_article(lambda: self._bookmark(k))

    def _bookmark(self, k: int) -> None:
        screen = self.screen
        a = screen.analysis
        span = a.sentences[k]
        text = a.document.text[span[0]:span[1]]
        self._edit("bookmark", k, k, span, text, then=lambda: self.say(
            f"Bookmarked sentence {k + 1}", timeout=2))

    def _edit(self, kind: str, first: int, last: int, span: tuple[int, int], text: str,
              then) -> None:
        """The note editor for a new bookmark or highlight; saved from the editor (which
        keeps the text if the store fails)."""
        from reader.ui.dialogs.notes import NoteEditor

        screen = self.screen
        art, library = screen.place.article, screen.place.library
        whole = screen.analysis.document.text
        chapter = screen.chapters.title_at(span[0])
        context = context_of(whole, *span)

        def save(result) -> None:
            library.add_mark(art, kind, first, last, span, text, result.note, result.tags,
                             chapter, context)

        def done(result) -> None:
            if kind == "highlight":
                self.end_selection()
            if result is not None:
                screen.place.refresh_marks()
                then()

        screen.app.push_screen(NoteEditor(f"New {kind} (note optional)", text, save=save),
                               done)

    # ------------------------------------------------------------------ selection
    def select(self) -> None:
        if self.selection is not None:
            self.end_selection()
            return
        k = self.screen.place.sentence()
        if k is None:
            return
        self.selection = (k, k)
        self.screen.article.selecting = True
        self._show_selection()
        self.say("Selecting: j/k extend by sentence, Enter highlights, Escape cancels",
                 timeout=3)

    def extend_selection(self, step: int) -> None:
        analysis = self.screen.analysis
        if self.selection is None or analysis is None:
            return
        anchor, end = self.selection
        end = max(0, min(len(analysis.sentences) - 1, end + step))
        self.selection = (anchor, end)
        self._show_selection()
        self.screen.article.scroll_to_offset(analysis.sentences[end][0], center=True)

    def _show_selection(self) -> None:
        analysis, article = self.screen.analysis, self.screen.article
        if self.selection is None or analysis is None:
            article.set_marks(selection=None)
            return
        first, last = sorted(self.selection)
        sents = analysis.sentences
        article.set_marks(selection=(sents[first][0], sents[last][1]))
        self.screen.update_status()

    def end_selection(self) -> None:
        self.selection = None
        self.screen.article.selecting = False
        self.screen.article.set_marks(selection=None)
        self.screen.update_status()

    def status(self) -> str | None:
        if self.selection is None:
            return None
        first, last = sorted(self.selection)
        return f"selecting {plural(last - first + 1, 'sentence')}: Enter highlights"

    def highlight(self) -> None:
        if self.selection is not None:
            self.screen.place.with_article(self._highlight)

    def _highlight(self) -> None:
        if self.selection is None:
            return
        first, last = sorted(self.selection)
        a = self.screen.analysis
        s, e = a.sentences[first][0], a.sentences[last][1]
        n = last - first + 1
        self._edit("highlight", first, last, (s, e), a.document.text[s:e], then=lambda: self.say(
            f"Highlighted {n} sentence{'s' if n > 1 else ''}", timeout=2))

    # ------------------------------------------------------------------ the article's note
    def note(self) -> None:
        self.screen.place.with_article(self._note)

    def _note(self) -> None:
        from reader.ui.dialogs.notes import NoteEditor

        screen = self.screen
        art = screen.place.article

        def edit(note: str) -> None:
            def save(result) -> None:
                screen.app.library.set_note(art, result.note)

            def done(result) -> None:
                if result is not None:
                    self.say("Note saved", timeout=2)

            screen.app.push_screen(NoteEditor(f"Note on {art.title} (Markdown)", "", note,
                                              with_tags=False, save=save), done)

        screen.app.store_call(lambda library: library.note(art), edit,
                              lambda why: screen.place.warn("Could not read the note", why))

    def commands(self) -> list[Command]:
        return [
            ("bookmark: Add at current sentence", self.bookmark,
             "Bookmark the sentence you are reading, with an optional note"),
            ("bookmark: Select passage to highlight", self.select,
             "Select whole sentences with j/k, Enter to highlight"),
            ("bookmark: Note on this article", self.note,
             "Write a Markdown note about the whole article"),
        ]
