"""Sync while the reader is open, when ``[sync] folder`` is set: a round when the library
opens, every minute, and when quitting (after the place is saved). Rounds run on the store
thread like every store call; what they bring is said in one line, a failure once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: Seconds between rounds while the reader is open.
EVERY = 60.0


class Syncing:
    def __init__(self, app: Any, folder: Path | None) -> None:
        self.app = app
        self.folder = folder
        self._said: str | None = None  # the last failure told (not told again)

    def start(self) -> None:
        library = self.app.library
        if self.folder is None or library is None or library.read_only:
            return
        self.round()
        self.app.set_interval(EVERY, self.round, name="sync")

    def job(self, library: Any) -> Any:
        """The round, as a store job."""
        from reader.core.library.sync import sync_round

        return sync_round(library.store, self.folder)

    def round(self) -> None:
        if self.folder is not None:
            self.app.store_call(self.job, self._done, self._failed)

    def _done(self, report: Any) -> None:
        self._said = None
        if report.new_id:
            self.app.notify("Another device used this one's sync id (a copied data "
                            f"directory): this one is now {report.device}", timeout=8,
                            markup=False)
        if report.written:
            self.app.notify(f"Synced: {report.written} changes from your other devices",
                            timeout=4, markup=False)
            reload = getattr(self.app.screen, "reload", None)
            if callable(reload) and getattr(self.app.screen, "from_store", False):
                reload()

    def _failed(self, why: str) -> None:
        if why != self._said:
            self._said = why
            self.app.notify(f"Sync: {why}", title="Not synced", severity="warning",
                            timeout=8, markup=False)
