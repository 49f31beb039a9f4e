"""The library: articles, bookmarks, highlights, notes, reading positions and feeds.

:mod:`.models` holds the typed objects everyone sees; :mod:`.service` is :class:`Library`,
what the TUI and the CLI ask for; :mod:`.store` is the SQLite layer (schema, migrations, the
only module that runs SQL). The UI talks to :class:`Library` and never imports :mod:`.store`
or ``sqlite3`` (an import-linter contract checks it).
"""

from __future__ import annotations

from reader.core.library.models import Article, Feed, FeedItem, Mark
from reader.core.library.service import ArticleStatus, Library
from reader.core.library.store import Store, StoreError, source_key

__all__ = ["Article", "ArticleStatus", "Feed", "FeedItem", "Library", "Mark", "Store",
           "StoreError", "source_key"]
