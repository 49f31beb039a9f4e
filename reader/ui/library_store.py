"""The library listed from the store: pages of rows, views, sorts and triage.

A mixin of :class:`reader.ui.library.LibraryScreen`: a page of rows at a time (more as the
cursor nears the end), so 10,000 articles open as fast as ten and no article's text is held
for a row; the filter is the search language; views (Inbox, Later, Starred, Archive, All and
saved ones); sorts; one key each to archive, keep for later, star, tag and mark read. Every
store call runs on the store thread; an answer to an older listing is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Input, Static

from reader.core.textsafe import one_line, plural
from reader.ui.library_rows import Entry, article_entry
from reader.ui.prompt import PromptScreen

if TYPE_CHECKING:
    from reader.core.library import Article, Library

#: Rows asked of the store at a time; the next page comes when the cursor is near the end.
PAGE = 200
#: Rows of the first listing, at least: a screenful (a table of 200 rows takes a while to
#: build; the next page follows as soon as the cursor moves down).
FIRST_PAGE = 20
#: The views every library has, before the saved ones: (name, query).
BUILT_IN_VIEWS = (("Inbox", "is:inbox"), ("Later", "is:later"), ("Starred", "is:starred"),
                  ("Archive", "is:archived"), ("All", ""))
#: How the list can be sorted, as the status line names it.
SORT_NAMES = {"added": "date added", "published": "date published", "title": "title",
              "time": "reading time", "progress": "progress"}
#: Actions of a library listed from the store (a list of files has nothing to triage).
_STORE_ACTIONS = {"add", "archive", "later", "star", "tag", "toggle_read", "next_view",
                  "previous_view", "save_view", "remove_view", "next_sort", "reverse_sort"}


class StoreListing:
    """What the library screen does when it lists the store (see the module docstring)."""

    # Provided by the screen.
    app: Any
    entries: list[Entry]
    shown_rows: list[int]
    matching: int
    is_loading: bool
    sources: list[str]
    from_store: bool
    views: list[tuple[str, str]]
    view: int
    sort: str
    reverse: bool
    total: int
    problem: str | None
    _generation: int
    _more_asked: bool
    open_single: bool
    is_attached: bool
    query: Any
    action_add: Any
    action_open: Any
    table: Any
    query_one: Any
    notify: Any
    _add_row: Any
    _update_status: Any
    _filter_now: Any

    def _first_run(self, library: Library) -> list[tuple[str, str]]:
        """(Store thread.) The bundled samples join a library that has never seen them;
        the saved views."""
        import os

        from reader.core.documents import expand_sources
        from reader.core.sources import load

        for source in expand_sources(self.sources[:1]):
            if not library.known(os.path.abspath(source)):
                try:
                    library.register(load(source), source)
                except Exception:
                    continue  # a sample that cannot be read is simply not listed
        return library.views()

    def _views_loaded(self, saved: list[tuple[str, str]]) -> None:
        if not self.alive():
            return  # an answer for a screen that is gone (the app is closing)
        self.views = [*BUILT_IN_VIEWS, *saved]
        self.view = min(self.view, len(self.views) - 1)
        self.reload()

    def _store_failed(self, why: str) -> None:
        if not self.alive():
            return  # an answer for a screen that is gone (the app is closing)
        self.is_loading = False
        self.problem = why
        self._update_status()

    def current_query(self) -> str:
        """The view's query and the filter's words, together."""
        typed = self.query_one("#filter", Input).value.strip()
        return " ".join(x for x in (self.views[self.view][1], typed) if x)

    def reload(self, keep_cursor: bool = True) -> None:
        """List the first page again (view, filter or sort changed, or an article did)."""
        self._generation += 1
        generation = self._generation
        query, sort, reverse = self.current_query(), self.sort, self.reverse
        screenful = max(FIRST_PAGE, self.app.size.height)
        want = max(screenful, len(self.entries) if keep_cursor else 0)
        single, self.open_single = self.open_single, False  # asked by this listing only

        def read(library: Library) -> tuple[list[Article], int]:
            return (library.articles(query, sort, reverse, limit=want, as_typed=True),
                    library.count(query, as_typed=True))

        self.app.store_call(read,
                            lambda got: self._listed(generation, got, keep_cursor, single),
                            lambda why: self._list_failed(generation, why))

    def _list_failed(self, generation: int, why: str) -> None:
        if generation == self._generation:
            self._store_failed(why)

    def _listed(self, generation: int, got: tuple[list[Article], int],
                keep_cursor: bool, open_single: bool = False) -> None:
        if not self.alive():
            return  # an answer for a screen that is gone (the app is closing)
        if generation != self._generation:
            return  # the filter changed since: a newer answer is on its way
        articles, self.total = got
        self.is_loading = False
        self.problem = None
        selected = self._selected()
        row = self.table.cursor_row if keep_cursor else 0
        if selected is not None and selected.article is not None:
            # The cursor stays on the article it was on, wherever it now is.
            row = next((i for i, a in enumerate(articles) if a.id == selected.article.id), row)
        self.entries = [article_entry(a) for a in articles]
        self._more_asked = False
        self._show_store_rows(max(row, 0))
        if open_single and len(self.entries) == 1:
            self.action_open()  # Enter in the filter with one match opens it
        if not getattr(self, "_prewarm_asked", False):
            self._prewarm_asked = True
            prewarm = getattr(self.app, "prewarm", None)
            if prewarm is not None:
                prewarm()  # the reader is likely to open one of these next

    def _show_store_rows(self, cursor: int = 0) -> None:
        table = self.table
        table.clear()
        self.shown_rows = list(range(len(self.entries)))
        self.matching = self.total
        for i, entry in enumerate(self.entries):
            self._add_row(i, entry)
        if self.entries:
            table.move_cursor(row=min(cursor, len(self.entries) - 1))
        self._update_views()
        self._update_status()

    def _more(self) -> None:
        """The next page, when the cursor nears the end of what is listed."""
        if self._more_asked or len(self.entries) >= self.total:
            return
        self._more_asked = True
        generation = self._generation
        query, sort, reverse, offset = (self.current_query(), self.sort, self.reverse,
                                        len(self.entries))

        def read(library: Library) -> list[Article]:
            return library.articles(query, sort, reverse, limit=PAGE, offset=offset,
                                    as_typed=True)

        self.app.store_call(read, lambda arts: self._more_listed(generation, offset, arts))

    def _more_listed(self, generation: int, offset: int, articles: list[Article]) -> None:
        if not self.alive():
            return  # an answer for a screen that is gone (the app is closing)
        if generation != self._generation or offset != len(self.entries):
            return
        for art in articles:
            entry = article_entry(art)
            self.entries.append(entry)
            self.shown_rows.append(len(self.entries) - 1)
            self._add_row(len(self.entries) - 1, entry)
        self._more_asked = False
        self._update_status()

    def alive(self) -> bool:
        """Whether the screen is still there to show an answer from the store thread."""
        return bool(self.is_attached and self.query("#filter"))

    def near_row(self, row: int) -> None:
        """The cursor is on *row*: the next page comes before it reaches the end."""
        if row >= len(self.entries) - max(1, self.app.size.height // 2):
            self._more()

    def _update_views(self) -> None:
        out = Text()
        for i, (name, _) in enumerate(self.views):
            if i == len(BUILT_IN_VIEWS):
                out.append("│ ", style="dim")
            out.append(f" {one_line(name, 24)} ", style="reverse bold" if i == self.view else "")
            out.append(" ")
        self.query_one("#views", Static).update(out)

    def _selected(self) -> Entry | None:
        table = self.table
        if not self.shown_rows or not 0 <= table.cursor_row < len(self.shown_rows):
            return None
        return self.entries[self.shown_rows[table.cursor_row]]

    def _triage(self, verb: str, change: Callable[[Library, int], object]) -> None:
        entry = self._selected()
        if entry is None or entry.article is None:
            return
        art_id, title = entry.article.id, entry.title

        def done(_: object) -> None:
            if not self.alive():
                return  # an answer for a screen that is gone (the app is closing)
            self.notify(one_line(f"{verb}: {title}", 80), markup=False, timeout=3)
            self.reload()

        self.app.store_call(lambda library: change(library, art_id), done, self._told)

    def _told(self, why: str) -> None:
        self.notify(why, title="Not saved", severity="error", markup=False)

    def action_archive(self) -> None:
        entry = self._selected()
        if entry is not None and entry.article is not None:
            back = entry.article.state == "archived"
            self._triage("Back in the inbox" if back else "Archived",
                         lambda lib, i: lib.set_state([i], "inbox" if back else "archived"))

    def action_later(self) -> None:
        entry = self._selected()
        if entry is not None and entry.article is not None:
            back = entry.article.state == "later"
            self._triage("Back in the inbox" if back else "Kept for later",
                         lambda lib, i: lib.set_state([i], "inbox" if back else "later"))

    def action_star(self) -> None:
        entry = self._selected()
        if entry is not None and entry.article is not None:
            star = not entry.article.starred
            self._triage("Starred" if star else "Star taken off",
                         lambda lib, i: lib.set_starred([i], star))

    def action_toggle_read(self) -> None:
        entry = self._selected()
        if entry is not None and entry.article is not None:
            read = not entry.article.finished
            self._triage("Marked read" if read else "Marked unread",
                         lambda lib, i: lib.set_read([i], read))

    def action_tag(self) -> None:
        entry = self._selected()
        if entry is None or entry.article is None:
            return
        old = entry.article.tags

        def chosen(value: str | None) -> None:
            if value is None:
                return
            new = [t for t in value.replace(",", " ").split() if t]
            self._triage("Tags saved",
                         lambda lib, i: lib.tag([i], add=new, remove=[t for t in old
                                                                      if t not in new]))

        self.app.push_screen(PromptScreen(f"Tags for {one_line(entry.title, 50)}",
                                          " ".join(old), "space between tags"), chosen)

    def _switch_view(self, step: int) -> None:
        self.view = (self.view + step) % len(self.views)
        self.is_loading = True
        self.reload(keep_cursor=False)

    def _go_to_view(self, index: int) -> None:
        self._switch_view(index - self.view)

    def action_next_view(self) -> None:
        self._switch_view(1)

    def action_previous_view(self) -> None:
        self._switch_view(-1)

    def action_save_view(self) -> None:
        query = self.current_query()
        if not self.query_one("#filter", Input).value.strip():
            self.notify("Type a filter first (/): a view is a named filter.", markup=False)
            return

        def chosen(name: str | None) -> None:
            name = " ".join((name or "").split())
            if not name:
                return
            self.app.store_call(lambda library: (library.save_view(name, query),
                                                 library.views())[1],
                                lambda saved: self._view_saved(name, saved), self._told)

        self.app.push_screen(PromptScreen(f"Save “{one_line(query, 40)}” as a view named",
                                          hint="shown at the top of the library"), chosen)

    def _view_saved(self, name: str, saved: list[tuple[str, str]]) -> None:
        if not self.alive():
            return  # an answer for a screen that is gone (the app is closing)
        self.views = [*BUILT_IN_VIEWS, *saved]
        self.view = next(i for i, (n, _) in enumerate(self.views)
                         if n == name and i >= len(BUILT_IN_VIEWS))
        self.query_one("#filter", Input).value = ""
        self._filter_now()

    def action_remove_view(self) -> None:
        if self.view < len(BUILT_IN_VIEWS):
            self.notify("Only a saved view can be removed.", markup=False)
            return
        name = self.views[self.view][0]
        self.app.store_call(lambda library: (library.remove_view(name), library.views())[1],
                            self._views_after_removal, self._told)

    def _views_after_removal(self, saved: list[tuple[str, str]]) -> None:
        if not self.alive():
            return  # an answer for a screen that is gone (the app is closing)
        self.views = [*BUILT_IN_VIEWS, *saved]
        self.view = 0
        self.reload(keep_cursor=False)

    def action_next_sort(self) -> None:
        names = list(SORT_NAMES)
        self.sort = names[(names.index(self.sort) + 1) % len(names)]
        self.reverse = False
        self.reload(keep_cursor=False)

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        self.reload(keep_cursor=False)

    def _update_store_status(self) -> None:
        view = self.views[self.view][0]
        if self.problem:
            msg = f"{view}: {self.problem}"
        elif self.is_loading:
            msg = f"{view}: loading…"
        else:
            order = SORT_NAMES[self.sort] + (", reversed" if self.reverse else "")
            msg = (f"{view}: {plural(self.total, 'article')}"
                   + (f" ({len(self.entries):,} listed)" if len(self.entries) < self.total
                      else "")
                   + f" · by {order} · ? keys")
        self.query_one("#lib-status", Static).update(msg)

    def store_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        cmds: list[tuple[str, Callable[[], object], str]] = []
        cmds += [
            ("library: Add a file, folder or URL", self.action_add, "A"),
            ("library: Archive (or back to the inbox)", self.action_archive, "a"),
            ("library: Keep for later (or back to the inbox)", self.action_later, "l"),
            ("library: Star / unstar", self.action_star, "s"),
            ("library: Tag the article", self.action_tag, "t"),
            ("library: Mark read / unread", self.action_toggle_read, "m"),
            ("library: Next sort", self.action_next_sort,
             "date added, published, title, reading time, progress"),
            ("library: Reverse the sort", self.action_reverse_sort, "O"),
            ("library: Save the filter as a view", self.action_save_view, "w"),
            ("library: Remove this saved view", self.action_remove_view, "W"),
        ]
        cmds += [(f"view: {name}", lambda i=i: self._go_to_view(i), query or "every article")
                 for i, (name, query) in enumerate(self.views)]
        return cmds
