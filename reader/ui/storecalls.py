"""How the UI talks about store calls that failed (the calls themselves: ``app.store_call``)."""

from __future__ import annotations


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
