"""``A`` in the library: add a file, a folder (recursively) or a URL, in a worker, with a
progress bar; the list stays usable and shows the new articles as they come."""

from __future__ import annotations

from typing import Any, Protocol

from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from reader.core.textsafe import one_line, plural


class LibraryScreen(Protocol):
    """What adding needs of the library screen (named here so this module never imports
    the screen that imports it)."""

    app: Any

    def alive(self) -> bool: ...
    def reload(self, keep_cursor: bool = True) -> None: ...
    def query_one(self, selector: str, expect_type: Any = None) -> Any: ...
    def notify(self, message: str, **kwargs: Any) -> None: ...
    def run_worker(self, work: Any, **kwargs: Any) -> Any: ...

#: The list is read again after this many new articles (and at the end).
RELIST_EVERY = 50


def add_sources(screen: LibraryScreen, text: str) -> None:
    """Start adding what *text* names (one path or URL; ``~`` expanded)."""
    import os

    source = os.path.expanduser(text.strip())
    if not source:
        return
    screen.run_worker(lambda: _add(screen, source), thread=True, group="library-add",
                      exit_on_error=False, name="add")


def _add(screen: LibraryScreen, source: str) -> None:
    from reader.core.document import LoadError
    from reader.core.sources import display_source, load
    from reader.core.sources.files import expand_sources

    app = screen.app
    worker = get_current_worker()
    library = app.library
    if library is None:
        app.call_from_thread(screen.notify, "The store is not available: nothing can be added.",
                             severity="error", markup=False)
        return
    errors: list[tuple[str, str]] = []
    sources = list(expand_sources([source], errors=errors))
    app.call_from_thread(_progress, screen, 0, len(sources), "")
    added = 0
    for i, path in enumerate(sources, 1):
        if worker.is_cancelled:
            return
        try:
            library.register(load(path), path)
            added += 1
        except LoadError as exc:
            errors.append((path, str(exc)))
        except Exception as exc:  # a store that fails is said once, at the end
            errors.append((path, f"not added ({exc})"))
        if i % 10 == 0 or i == len(sources):
            app.call_from_thread(_progress, screen, i, len(sources), display_source(path))
        if added and added % RELIST_EVERY == 0:
            app.call_from_thread(screen.reload)
    app.call_from_thread(_done, screen, added, errors)


def _progress(screen: LibraryScreen, done: int, total: int, current: str) -> None:
    if not screen.alive():
        return
    bar = screen.query_one("#adding", ProgressBar)
    label = screen.query_one("#adding-label", Static)
    bar.display = label.display = True
    bar.update(total=max(total, 1), progress=done)
    label.update(one_line(f"Adding {done:,} of {plural(total, 'file')} · {current}", 100))


def _done(screen: LibraryScreen, added: int, errors: list[tuple[str, str]]) -> None:
    if not screen.alive():
        return
    screen.query_one("#adding", ProgressBar).display = False
    screen.query_one("#adding-label", Static).display = False
    message = f"Added {plural(added, 'article')}"
    if errors:
        first, why = errors[0]
        message += f"; {len(errors)} could not be added ({one_line(first, 60)}: {why})"
    screen.notify(message, title="Library", severity="warning" if errors else "information",
                  markup=False, timeout=8)
    screen.reload()
