"""How the UI talks about store calls that failed (the calls themselves: ``app.store_call``)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable


class StoreUnavailable(Exception):
    """Raised in a store call when there is no store (its message is for a person)."""


def store_problem(exc: BaseException) -> str:
    """What a failed store call says to a person: the store's own words, never a traceback."""
    from reader.core.library import StoreError as CoreStoreError

    if isinstance(exc, (CoreStoreError, StoreUnavailable)):
        return str(exc)
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or "an unexpected error"


class StoreQueue:
    """One daemon thread that runs store calls in the order they were asked for.

    Order matters (the position saved when leaving an article must be written before the
    library list reads it back); a daemon thread never holds up quitting.
    """

    def __init__(self) -> None:
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="reader-store", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job()
            except Exception:  # a job reports its own failures; the queue keeps going
                pass

    def submit(self, job: Callable[[], None]) -> threading.Event:
        """Queue *job*; the returned event is set once it has run."""
        done = threading.Event()

        def run() -> None:
            try:
                job()
            finally:
                done.set()

        self._jobs.put(run)
        return done

    def stop(self) -> None:
        """Finish what is queued, then end the thread."""
        self._jobs.put(None)
