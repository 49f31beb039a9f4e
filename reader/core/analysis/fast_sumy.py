"""reader's accelerated raters plugged in as sumy summarizers.

Each class subclasses sumy's own summarizer: it takes the same document model, stemmer and
stop words (``FastLexRankSummarizer(stemmer)``, ``.stop_words = ...``) and is called the same
way (``summarizer(document, count)``), rates every sentence with :mod:`.fast` and then
picks sentences through sumy's own ``_get_best_sentences``, so the choice, the order of ties
and the returned objects are sumy's. Only ``__call__`` is replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from reader.core.analysis import fast


class _Fast:
    """What every accelerated class shares: the document's sentences, their words and texts
    (sumy keys ratings by sentence text), and the process-wide stem memo for the stemmer."""

    _stemmer: Any

    def _prepare(self, document: Any) -> tuple[Sequence[Any], list[Sequence[str]], list[str]]:
        sentences = document.sentences
        return sentences, [s.words for s in sentences], [str(s) for s in sentences]

    @staticmethod
    def _limit(count: Any) -> int | None:
        """The summary's length when it is a plain number (sumy also takes "20%" or a
        callable): greedy raters may stop once sumy's choice is settled."""
        return count if isinstance(count, int) and not isinstance(count, bool) else None

    def _stems(self) -> fast._Stems:
        return fast._Stems(self._stemmer)

    def _by_sentence(self, count: Any, sentences: Sequence[Any],
                     ratings: Sequence[float]) -> tuple[Any, ...]:
        """sumy's choice from one rating per sentence. The raters already give copies of a
        text the one value sumy's dict keyed by sentence would hold, so ratings go by
        position. For a plain count this is sumy's ``_get_best_sentences`` done with arrays
        (a stable sort by rating, best first; the first ``count``; back in document order);
        sumy's own method runs for other counts ("20%", callables) and when the instance's
        method was replaced (e.g. to record the ratings)."""
        if len(ratings) != len(sentences):
            raise ValueError("one rating per sentence expected")
        limit = self._limit(count)
        if limit is not None and limit >= 0 and "_get_best_sentences" not in vars(self):
            values = np.asarray(ratings, dtype=float)
            if not np.isnan(values).any():
                best = np.argsort(-values, kind="stable")[:limit]
                return tuple(sentences[i] for i in sorted(best.tolist()))
        it = iter(ratings)
        select = self._get_best_sentences  # type: ignore[attr-defined]
        return select(sentences, count, lambda _s: next(it))


class FastLexRankSummarizer(_Fast, LexRankSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        if not sentences:
            return ()
        ratings = fast.lexrank(words, texts, self._stems(), self._stop_words,
                               self.threshold, self.epsilon)
        return self._by_sentence(sentences_count, sentences, ratings)


class FastTextRankSummarizer(_Fast, TextRankSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        if not sentences:
            return ()
        ratings = fast.textrank(words, texts, self._stems(), self._stop_words,
                                self.epsilon, self.damping)
        return self._by_sentence(sentences_count, sentences, ratings)


class FastReductionSummarizer(_Fast, ReductionSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        ratings = fast.reduction(words, texts, self._stems(), self._stop_words)
        return self._by_sentence(sentences_count, sentences, ratings)


class FastSumBasicSummarizer(_Fast, SumBasicSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        ratings = fast.sumbasic(words, texts, self._stems(), self._stop_words,
                                limit=self._limit(sentences_count))
        return self._by_sentence(sentences_count, sentences, ratings)


class FastKLSummarizer(_Fast, KLSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        stop = frozenset(self.stop_words)
        ratings = fast.kl(words, texts, self._stems(), stop, limit=self._limit(sentences_count))
        return self._by_sentence(sentences_count, sentences, ratings)


class FastLsaSummarizer(_Fast, LsaSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        ranks = fast.lsa(words, texts, self._stems(), self._stop_words,
                         doc_words=document.words)
        if not ranks:  # no content word at all: sumy returns nothing either
            return ()
        # sumy rates LSA through an iterator over the ranks: no sharing between duplicates.
        return self._by_sentence(sentences_count, sentences, ranks)


class FastLuhnSummarizer(_Fast, LuhnSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        # sumy counts significant words over document.words: the headings' words too.
        headings = [w for h in document.headings for w in h.words]
        ratings = fast.luhn(words, texts, self._stems(), self._stop_words,
                            extra_words=headings, max_gap=self.max_gap_size)
        # sumy rates Luhn with a function of the sentence: no sharing between duplicates.
        return self._by_sentence(sentences_count, sentences, ratings)


class FastEdmundsonSummarizer(_Fast, EdmundsonSummarizer):
    """sumy's Edmundson: the sum (unweighted, as sumy adds them) of the cue, key, title and
    location ratings of the methods whose weight is positive. sumy stems every word once
    per method; here each distinct word is stemmed once and the counts are array sums."""

    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        stems = self._stems()
        vocab = fast._Words(list(chain.from_iterable(words)), stems)
        token_stems = vocab.stem_of[vocab.ids]
        owner = np.repeat(np.arange(len(sentences)), [len(w) for w in words])

        def per_sentence(vocabulary: frozenset[str]) -> np.ndarray:
            """How many of each sentence's words stem into *vocabulary*."""
            hit = vocab.stem_hits(vocabulary)[token_stems]
            return np.bincount(owner[hit], minlength=len(sentences))

        total = np.zeros(len(sentences), dtype=np.int64)
        if self._cue_weight > 0.0:
            cue = self._build_cue_method_instance()  # sumy's checks, sumy's word sets
            total += per_sentence(cue._bonus_words) - per_sentence(cue._stigma_words)
        if self._key_weight > 0.0:
            key = self._build_key_method_instance()
            total += per_sentence(frozenset(key._compute_significant_words(document, 0.5)))
        heading = frozenset()
        if self._title_weight > 0.0 or self._location_weight > 0.0:
            null = (self._build_title_method_instance() if self._title_weight > 0.0
                    else self._build_location_method_instance())._null_words
            heading = frozenset(st for st in (stems(w) for h in document.headings
                                              for w in h.words) if st not in null)
        in_heading = per_sentence(heading) if heading else np.zeros_like(total)
        if self._title_weight > 0.0:
            total += in_heading
        ratings: list[int] = total.tolist()
        if self._location_weight > 0.0:
            self._build_location_method_instance()
            headed = in_heading.tolist()
            last: dict[str, int] = {}  # sumy keys by sentence (its text): a later copy wins
            position = {id(s): k for k, s in enumerate(sentences)}
            paragraphs = document.paragraphs
            for p_order, paragraph in enumerate(paragraphs):
                para = paragraph.sentences
                for s_order, sentence in enumerate(para):
                    k = position[id(sentence)]
                    # sumy's weights are all 1: heading words, first or last paragraph,
                    # first or last sentence of its paragraph.
                    rating = (headed[k] + (p_order in (0, len(paragraphs) - 1))
                              + (s_order in (0, len(para) - 1)))
                    last[texts[k]] = ratings[k] + rating
            ratings = [last[t] for t in texts]
        return self._by_sentence(sentences_count, sentences, ratings)


#: Algorithm name -> reader's accelerated subclass of sumy's summarizer for it.
FAST_CLASSES: dict[str, type] = {
    "lexrank": FastLexRankSummarizer,
    "textrank": FastTextRankSummarizer,
    "reduction": FastReductionSummarizer,
    "sumbasic": FastSumBasicSummarizer,
    "kl": FastKLSummarizer,
    "lsa": FastLsaSummarizer,
    "luhn": FastLuhnSummarizer,
    "edmundson": FastEdmundsonSummarizer,
}
