"""Finding a marked passage again in an edited text: nearest exact match, else the most
similar run of as many sentences — with how sure the match is.

:func:`locate_passage` gives a confidence between 0 and 1: 1 for the passage found word for
word (and, when it occurs more than once, with the same text around it), less for a similar
passage (the similarity of the best run of sentences). Below :data:`REVIEW_BELOW` a mark is
not moved: it goes to the "needs review" list with its original quote (a highlight on the
wrong words is worse than none).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from reader.core.spans import Span, sentence_index

#: A re-anchored mark whose confidence is below this is held for review, not moved.
REVIEW_BELOW = 0.75
#: Characters of text kept on each side of a mark, to tell repeated passages apart.
CONTEXT = 40


def context_of(text: str, start: int, end: int) -> tuple[str, str]:
    """The text just before and just after a mark (what tells one occurrence from another)."""
    return text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]


def locate_passage(text: str, sentences: Sequence[Span], passage: str, near: int,
                   before: str = "", after: str = "", count: int = 1) -> tuple[int, int, float]:
    """(first sentence, last sentence, confidence) of *passage* in the (edited) *text*;
    *passage* is *count* sentences long (a mark knows how many it covered)."""
    if not sentences:
        return 0, 0, 0.0
    hits = []
    pos = text.find(passage) if passage else -1
    while pos >= 0:
        hits.append(pos)
        pos = text.find(passage, pos + 1)
    if hits:
        def fit(p: int) -> float:
            b, a = context_of(text, p, p + len(passage))
            return (_similar(before, b) if before else 0.0) + (_similar(after, a)
                                                               if after else 0.0)
        best = max(hits, key=lambda p: (fit(p), -abs(p - near)))
        sure = 1.0
        if len(hits) > 1 and (before or after):
            sure = 1.0 if fit(best) >= 1.5 else 0.8  # several places; the context decides
        first = sentence_index(sentences, best)
        return first, sentence_index(sentences, best + len(passage) - 1), sure
    loose = find_loosely(text, passage, near)
    if loose is not None:  # the same words, wrapped or quoted otherwise: found
        return sentence_index(sentences, loose[0]), sentence_index(sentences, loose[1] - 1), 1.0
    first, last = find_passage(text, sentences, passage, near, count)
    found = text[sentences[first][0]:sentences[last][1]]
    return first, last, _similar(passage, found)


_QUOTES = {"'": "['‘’]", "‘": "['‘’]", "’": "['‘’]", '"': '["“”]', "“": '["“”]',
           "”": '["“”]', "—": "(?:—|--)", "–": "(?:–|-)"}


def find_loosely(text: str, passage: str, near: int = 0) -> tuple[int, int] | None:
    """Where *passage* is in *text* word for word, whatever the line breaks, spaces, quote
    marks (straight or curly) and dashes between (the occurrence nearest *near*)."""
    words = passage.split()
    if not words or len(passage) > 20_000:
        return None
    parts = []
    for word in words:
        parts.append("".join(_QUOTES.get(c, re.escape(c)) for c in word.replace("--", "—")))
    try:
        pattern = re.compile(r"\s+".join(parts))
    except re.error:
        return None
    hits = [m.span() for m in pattern.finditer(text)]
    if not hits:
        return None
    return min(hits, key=lambda h: abs(h[0] - near))


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def find_passage(text: str, sentences: Sequence[Span], passage: str,
                 near: int, count: int = 1) -> tuple[int, int]:
    """Sentence range in (edited) *text* that best matches *passage* (*count* sentences
    long), nearest to *near*."""
    if not sentences:
        return 0, 0

    def sentence_at(offset: int) -> int:
        return sentence_index(sentences, offset)

    # Exact occurrences: take the one nearest the old place.
    hits = []
    pos = text.find(passage)
    while pos >= 0 and passage:
        hits.append(pos)
        pos = text.find(passage, pos + 1)
    if hits:
        best = min(hits, key=lambda p: abs(p - near))
        return sentence_at(best), sentence_at(best + len(passage) - 1)
    # Otherwise the most similar run of as many sentences, nearest on ties.
    n_sent = max(1, count)
    best_score, best_i = -1.0, 0
    for i in range(len(sentences) - n_sent + 1):
        cand = text[sentences[i][0]:sentences[i + n_sent - 1][1]]
        matcher = difflib.SequenceMatcher(None, passage, cand, autojunk=False)
        if matcher.real_quick_ratio() < best_score:
            continue
        score = matcher.ratio() - abs(sentences[i][0] - near) / (10 * max(1, len(text)))
        if score > best_score:
            best_score, best_i = score, i
    return best_i, best_i + n_sent - 1

