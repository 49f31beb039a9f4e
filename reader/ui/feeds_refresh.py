"""Refreshing every feed from the app (``R``): in a worker thread, each failure said, the
library list told when it is done."""

from __future__ import annotations

from typing import Any

from reader.core.textsafe import plural
from reader.ui.storecalls import store_problem


def refresh_feeds(app: Any) -> None:
    """Ask the store for the feeds, then refresh them off the UI thread."""
    def start(feeds: list) -> None:
        if not feeds:
            app.notify("No feeds yet: add one with 'reader feeds add URL'", timeout=4)
            return
        app.notify("Refreshing feeds…", timeout=2)
        app.run_worker(lambda: _refresh(app), thread=True, exclusive=True, group="feeds",
                       exit_on_error=False)

    app.store_call(lambda library: library.feeds(), start,
                   lambda why: app.notify(f"Feeds need the store: {why}",
                                          severity="warning", markup=False))


def _refresh(app: Any) -> None:
    from reader.core import feeds

    library = app.library
    if library is None:
        return

    def progress(k: int, n: int, url: str, error: str | None) -> None:
        if error:
            app.call_back(app.notify, f"{url}: {error}", severity="warning",
                                 markup=False)

    try:
        results = feeds.refresh(library.store, progress)
    except Exception as exc:
        app.call_back(app.notify, f"Feeds were not refreshed: {store_problem(exc)}",
                             severity="warning", markup=False)
        return
    new = sum(v for v in results.values() if isinstance(v, int))
    app.call_back(_refreshed, app, new, len(results))


def _refreshed(app: Any, new: int, total: int) -> None:
    from reader.ui.screens.library import LibraryScreen

    for screen in app.screen_stack:
        if isinstance(screen, LibraryScreen):
            screen.listing.feeds_changed()
    app.notify(f"{plural(new, 'new item')} from {plural(total, 'feed')}", timeout=3)
