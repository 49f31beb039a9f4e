"""What the app needs that is not the app: warming NLTK up, and the bindings a key map is
checked against."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding


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

