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
    terminal is restored (alternate screen, mouse, cursor) where there still is one. Through
    the event loop, so the handler wakes it. Whatever the moment (the start-up's first look
    included), the process ends within :data:`SIGNAL_GRACE` seconds: a terminal closed under
    it (SIGHUP) can leave Textual's output thread dead and its writes waiting for ever."""
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, partial(_end_by_signal, app, leave, int(sig)))


def _end_by_signal(app: App, leave: Callable[[], object], sig: int) -> None:
    import os
    import threading

    code = 128 + sig
    if getattr(app, "_ending_by_signal", False):
        os._exit(code)  # a second signal: now
    app._ending_by_signal = True  # type: ignore[attr-defined]
    saved = None
    with contextlib.suppress(Exception):
        saved = leave()
    threading.Thread(target=_end_soon, args=(saved, code), name="reader-signal-exit",
                     daemon=True).start()
    app.exit(return_code=code)


def _end_soon(saved: object, code: int) -> None:
    import os
    import time

    start = time.monotonic()
    wait = getattr(saved, "wait", None)
    if wait is not None:  # the place being saved on the store thread
        wait(SIGNAL_GRACE - 0.5)
    time.sleep(max(0.0, SIGNAL_GRACE - (time.monotonic() - start)))
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
    from reader.ui.article_view import ArticleView
    from reader.ui.help import HelpScreen
    from reader.ui.library import LibraryScreen
    from reader.ui.marks_screen import MarksScreen
    from reader.ui.notes import NoteEditor
    from reader.ui.reading import ReadingScreen
    from reader.ui.widgets import VimDataTable, VimOptionList

    rows = []
    for cls in (type(app), LibraryScreen, ReadingScreen, MarksScreen, NoteEditor, HelpScreen,
                ArticleView, VimOptionList, VimDataTable):
        scope = "App" if cls is type(app) else cls.__name__
        for binding in cls.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                rows.append((scope, binding.id, binding.key))
    return rows

