"""What the app needs that is not the app: signal handlers, warming NLTK up, and the
bindings a key map is checked against."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial

from textual.app import App
from textual.binding import Binding

#: Seconds the app has to end by itself after SIGTERM or SIGHUP before it is ended.
SIGNAL_GRACE = 2.5


def install_signal_handlers(app: App, leave: Callable[[], object]) -> None:
    """SIGTERM and SIGHUP end the app as q does: *leave* saves what can be saved, the
    terminal is restored (alternate screen, mouse, cursor) where there still is one.

    The handler is Python's own (it runs on the main thread at once, even while the event
    loop waits or a screen is being built): it starts a watchdog that ends the process
    within :data:`SIGNAL_GRACE` seconds whatever happens next — a terminal closed under the
    app can leave Textual's output thread dead and its writes waiting for ever — and asks
    the event loop to save and exit."""
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        with contextlib.suppress(ValueError, OSError, RuntimeError):  # not the main thread
            signal.signal(sig, partial(_on_signal, app, leave, loop))


def _on_signal(app: App, leave: Callable[[], object], loop, signum: int, frame) -> None:
    import os
    import threading

    code = 128 + signum
    if getattr(app, "_ending_by_signal", False):
        os._exit(code)  # a second signal: now
    app._ending_by_signal = True  # type: ignore[attr-defined]
    threading.Thread(target=_end_soon, args=(code,), name="reader-signal-exit",
                     daemon=True).start()
    with contextlib.suppress(RuntimeError):  # the loop has closed: the watchdog ends it
        loop.call_soon_threadsafe(_leave, app, leave, code)


def _leave(app: App, leave: Callable[[], object], code: int) -> None:
    with contextlib.suppress(Exception):
        leave()
    app.exit(return_code=code)


def _end_soon(code: int) -> None:
    import os
    import time

    time.sleep(SIGNAL_GRACE)
    os._exit(code)


def prewarm_nlp() -> None:
    """Import NLTK's Punkt and sumy's stemmer while the user looks at the first screen."""
    from reader.core.analysis.sentences import prewarm
    from reader.core.analysis.summarize import _stemmer, stop_words

    prewarm()
    _stemmer("english")
    stop_words("english")


def all_bindings(app: App) -> list[tuple[str, str, str]]:
    """Every binding with an id, as ``(scope, id, keys)``, for checking the key map."""
    from reader.ui.dialogs.notes import NoteEditor
    from reader.ui.screens.help import HelpScreen
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.screens.marks import MarksScreen
    from reader.ui.screens.reading import ReadingScreen
    from reader.ui.widgets.article_view import ArticleView
    from reader.ui.widgets.common import VimDataTable, VimOptionList

    rows = []
    for cls in (type(app), LibraryScreen, ReadingScreen, MarksScreen, NoteEditor, HelpScreen,
                ArticleView, VimOptionList, VimDataTable):
        scope = "App" if cls is type(app) else cls.__name__
        for binding in cls.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                rows.append((scope, binding.id, binding.key))
    return rows

