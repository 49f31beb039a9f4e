"""Finding a marked passage again in an edited text: nearest exact match, else the most
similar run of as many sentences."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from reader.core.sentences import sentence_index, split_sentences

Span = tuple[int, int]


def find_passage(text: str, sentences: Sequence[Span], passage: str,
                 near: int) -> tuple[int, int]:
    """Sentence range in (edited) *text* that best matches *passage*, nearest to *near*."""
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
    n_sent = max(1, len(_split_like(passage)))
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


def _split_like(passage: str) -> list[Span]:
    return split_sentences(passage)
