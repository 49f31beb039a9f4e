"""Spans of a text — ``(start, end)`` character offsets — and the one offset -> sentence
lookup, for every layer (sentences are made by :mod:`reader.core.analysis.sentences`; the
store and the anchoring of marks only look them up)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from operator import itemgetter

Span = tuple[int, int]


def sentence_index(spans: Sequence[Span], offset: int) -> int:
    """Index of the sentence holding character *offset* (the last one starting at or before
    it), clamped to the spans: the one offset -> sentence lookup in reader."""
    k = bisect.bisect_right(spans, offset, key=itemgetter(0)) - 1
    return max(0, min(k, len(spans) - 1))


def inside(spans: Sequence[Span], pos: int) -> bool:
    """Whether *pos* falls inside one of *spans* (sorted, not overlapping)."""
    k = bisect.bisect_right(spans, pos, key=itemgetter(0)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]
