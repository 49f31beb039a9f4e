"""Bookmarks, highlights, notes, reading positions and feeds: SQLite in the user data
directory, split by aggregate.

:class:`Store` opens the file (:mod:`.db`: safely, migrated, one process at a time) and
gives its parts, each owning its own tables:

* ``store.articles`` (:mod:`.articles`): articles found by content and source, listed,
  searched, triaged; their notes, places and saved views.
* ``store.marks`` (:mod:`.marks`): bookmarks and highlights.
* ``store.imports`` (:mod:`.imports`): pages waiting to be fetched, highlights waiting to be
  placed.
* ``store.feeds`` (:mod:`.feeds`): feeds and their items.
* ``store.transfer`` (:mod:`.transfer`): reader's own JSON export and its import.
* ``store.db`` (:mod:`.db`): the connection, checks and repairs.

The CLI and the UI reach it through :class:`reader.core.library.Library`.
"""

from __future__ import annotations

from pathlib import Path

from reader.core.library.articles import Articles
from reader.core.library.db import (
    BUSY_TIMEOUT,
    DB_NAME,
    SCHEMA_VERSION,
    Database,
    IntegrityError,
    StoreError,
    error_kind,
    explain,
)
from reader.core.library.feeds import Feeds
from reader.core.library.imports import Imports, PendingPlace
from reader.core.library.marks import Marks
from reader.core.library.rows import source_key
from reader.core.library.transfer import EXPORT_FORMAT, EXPORT_VERSION, Transfer, validate_export

__all__ = ["BUSY_TIMEOUT", "DB_NAME", "EXPORT_FORMAT", "EXPORT_VERSION", "SCHEMA_VERSION",
           "IntegrityError", "PendingPlace", "Store", "StoreError", "error_kind", "explain",
           "source_key", "validate_export"]


class Store:
    """The user's store: its file and its parts (see the module's doc)."""

    def __init__(self, path: Path | None = None, timeout: float | None = None) -> None:
        self.db = Database(path, timeout)
        self.articles = Articles(self.db)
        self.marks = Marks(self.db)
        self.imports = Imports(self.db)
        self.feeds = Feeds(self.db)
        self.transfer = Transfer(self.db, self.articles, self.marks, self.imports)

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def notice(self) -> str | None:
        """Something to tell the user about opening (a store set aside, read-only)."""
        return self.db.notice

    @property
    def read_only(self) -> str | None:
        """Why the store is read-only (None when it can be written)."""
        return self.db.read_only

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
