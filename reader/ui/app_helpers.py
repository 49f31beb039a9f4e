"""What the app needs that is not the app: signal handlers, warming NLTK up, and the
bindings a key map is checked against."""

from __future__ import annotations

import contextlib
from functools import partial

from textual.app import App
from textual.binding import Binding


def install_signal_handlers(app: App) -> None:
    """SIGTERM and SIGHUP end the app as q does: the terminal is restored (alternate
    screen, mouse, cursor) and the reading position saved, never a dead terminal. Through
    the event loop, so the handler wakes it."""
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, partial(app.exit, return_code=128 + sig))


def prewarm_nlp() -> None:
    """Import NLTK's Punkt and sumy's stemmer while the user looks at the first screen."""
    from reader.core.sentences import prewarm
    from reader.core.summarize import _stemmer, stop_words

    prewarm()
    _stemmer("english")
    stop_words("english")


def all_bindings(app: App) -> list[tuple[str, str, str]]:
    """Every binding with an id, as ``(scope, id, keys)``, for checking the key map."""
    from reader.ui.article_view import ArticleView
    from reader.ui.help import HelpScreen
    from reader.ui.library import LibraryScreen
    from reader.ui.notes import MarksScreen, NoteEditor
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

