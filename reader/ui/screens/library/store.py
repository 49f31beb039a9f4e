"""The library listed from the store: a page of rows at a time (more as the cursor nears
the end), so 10,000 articles open as fast as ten and no article's text is held for a row;
the filter is the search language, joined to the view's query. Every store call runs on the
store thread; an answer to an older listing is dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.textsafe import plural
from reader.ui.parts import Part
from reader.ui.screens.library.rows import article_entry

if TYPE_CHECKING:
    from reader.core.library import Article, Library

#: Rows asked of the store at a time; the next page comes when the cursor is near the end.
PAGE = 200
#: Rows of the first listing, at least: a screenful (a table of 200 rows takes a while to
#: build; the next page follows as soon as the cursor moves down).
FIRST_PAGE = 20


class StoreListing(Part):
    """Pages of the store's articles for the current view, filter and sort."""

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.total = 0  # articles matching the view and the filter, in the store
        self.problem: str | None = None  # why the filter cannot be run
        self._generation = 0  # answers to an older listing are dropped
        self._more_asked = False
        self._open_single = False  # Enter in the filter: one match is opened
        self._prewarm_asked = False

    def start(self) -> None:
        self.screen.app.store_call(self._first_run, self.screen.views.loaded, self.failed)

    def _first_run(self, library: Library) -> list[tuple[str, str]]:
        """(Store thread.) The bundled samples join a library that has never seen them;
        the saved views."""
        import os

        from reader.core.sources import load
        from reader.core.sources.files import expand_sources

        for source in expand_sources(self.screen.sources[:1]):
            if not library.known(os.path.abspath(source)):
                try:
                    library.register(load(source), source)
                except Exception:
                    continue  # a sample that cannot be read is simply not listed
        return library.views()

    def failed(self, why: str) -> None:
        screen = self.screen
        if not screen.alive():
            return  # an answer for a screen that is gone (the app is closing)
        screen.is_loading = False
        self.problem = why
        screen.update_status()

    def reload(self, keep_cursor: bool = True) -> None:
        """List the first page again (view, filter or sort changed, or an article did)."""
        screen, views = self.screen, self.screen.views
        self._generation += 1
        generation = self._generation
        query, sort, reverse = views.query(), views.sort, views.reverse
        screenful = max(FIRST_PAGE, screen.app.size.height)
        want = max(screenful, len(screen.entries) if keep_cursor else 0)
        single, self._open_single = self._open_single, False  # asked by this listing only

        def read(library: Library) -> tuple[list[Article], int]:
            return (library.articles(query, sort, reverse, limit=want, as_typed=True),
                    library.count(query, as_typed=True))

        def failed(why: str) -> None:
            if generation == self._generation:
                self.failed(why)

        screen.app.store_call(read,
                              lambda got: self._listed(generation, got, keep_cursor, single),
                              failed)

    def _listed(self, generation: int, got: tuple[list[Article], int],
                keep_cursor: bool, open_single: bool = False) -> None:
        screen = self.screen
        if not screen.alive():
            return  # an answer for a screen that is gone (the app is closing)
        if generation != self._generation:
            return  # the filter changed since: a newer answer is on its way
        articles, self.total = got
        screen.is_loading = False
        self.problem = None
        selected = screen.selected()
        row = screen.table.cursor_row if keep_cursor else 0
        if selected is not None and selected.article is not None:
            # The cursor stays on the article it was on, wherever it now is.
            row = next((i for i, a in enumerate(articles) if a.id == selected.article.id), row)
        screen.entries = [article_entry(a) for a in articles]
        self._more_asked = False
        self.show_rows(max(row, 0))
        screen.decks.fill(articles)
        if open_single and len(screen.entries) == 1:
            screen.action_open()  # Enter in the filter with one match opens it
        if not self._prewarm_asked:
            self._prewarm_asked = True
            prewarm = getattr(screen.app, "prewarm", None)
            if prewarm is not None:
                prewarm()  # the reader is likely to open one of these next

    def show_rows(self, cursor: int = 0) -> None:
        screen = self.screen
        table = screen.table
        table.clear()
        screen.shown_rows = list(range(len(screen.entries)))
        screen.matching = self.total
        for i, entry in enumerate(screen.entries):
            screen.add_row(i, entry)
        if screen.entries:
            table.move_cursor(row=min(cursor, len(screen.entries) - 1))
        screen.views.show_bar()
        screen.update_status()

    def _more(self) -> None:
        """The next page, when the cursor nears the end of what is listed."""
        screen, views = self.screen, self.screen.views
        if self._more_asked or len(screen.entries) >= self.total:
            return
        self._more_asked = True
        generation = self._generation
        query, sort, reverse, offset = (views.query(), views.sort, views.reverse,
                                        len(screen.entries))

        def read(library: Library) -> list[Article]:
            return library.articles(query, sort, reverse, limit=PAGE, offset=offset,
                                    as_typed=True)

        screen.app.store_call(read, lambda arts: self._more_listed(generation, offset, arts))

    def _more_listed(self, generation: int, offset: int, articles: list[Article]) -> None:
        screen = self.screen
        if not screen.alive():
            return  # an answer for a screen that is gone (the app is closing)
        if generation != self._generation or offset != len(screen.entries):
            return
        for art in articles:
            entry = article_entry(art)
            screen.entries.append(entry)
            screen.shown_rows.append(len(screen.entries) - 1)
            screen.add_row(len(screen.entries) - 1, entry)
        screen.decks.fill(articles)
        self._more_asked = False
        screen.update_status()

    def near_row(self, row: int) -> None:
        """The cursor is on *row*: the next page comes before it reaches the end."""
        if row >= len(self.screen.entries) - max(1, self.screen.app.size.height // 2):
            self._more()

    def refilter(self) -> None:
        self.reload(keep_cursor=False)

    def refresh_marks(self) -> None:
        self.reload()

    def feeds_changed(self) -> None:
        self.reload()

    def resized(self) -> None:
        self.show_rows(self.screen.table.cursor_row)

    def submitted(self) -> None:
        """Enter in the filter: listed at once; when the answer is one article, it opens."""
        self._open_single = True
        self.screen.filter_now()

    def status(self) -> str:
        screen = self.screen
        view = screen.views.current[0]
        if self.problem:
            return f"{view}: {self.problem}"
        if screen.is_loading:
            return f"{view}: loading…"
        listed = len(screen.entries)
        return (f"{view}: {plural(self.total, 'article')}"
                + (f" ({listed:,} listed)" if listed < self.total else "")
                + f" · by {screen.views.order()} · ? keys")
