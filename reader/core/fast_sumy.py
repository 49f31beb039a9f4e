"""reader's accelerated raters plugged in as sumy summarizers.

Each class subclasses sumy's own summarizer: it takes the same document model, stemmer and
stop words (``FastLexRankSummarizer(stemmer)``, ``.stop_words = ...``) and is called the same
way (``summarizer(document, count)``), rates every sentence with :mod:`reader.core.fast` and
then picks sentences through sumy's own ``_get_best_sentences``, so the choice, the order of
ties and the returned objects are sumy's. Only ``__call__`` is replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from reader.core import fast


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

    def _by_sentence(self, document: Any, count: Any, sentences: Sequence[Any],
                     ratings: Sequence[float]) -> tuple[Any, ...]:
        # A dict keyed by Sentence (hashed by its text), as sumy's own classes build it.
        best = self._get_best_sentences  # type: ignore[attr-defined]
        return best(sentences, count, dict(zip(sentences, ratings, strict=True)))


class FastLexRankSummarizer(_Fast, LexRankSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        if not sentences:
            return ()
        ratings = fast.lexrank(words, texts, self._stems(), self._stop_words,
                               self.threshold, self.epsilon)
        return self._by_sentence(document, sentences_count, sentences, ratings)


class FastTextRankSummarizer(_Fast, TextRankSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        if not sentences:
            return ()
        ratings = fast.textrank(words, texts, self._stems(), self._stop_words,
                                self.epsilon, self.damping)
        return self._by_sentence(document, sentences_count, sentences, ratings)


class FastReductionSummarizer(_Fast, ReductionSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        ratings = fast.reduction(words, texts, self._stems(), self._stop_words)
        return self._by_sentence(document, sentences_count, sentences, ratings)


class FastSumBasicSummarizer(_Fast, SumBasicSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        ratings = fast.sumbasic(words, texts, self._stems(), self._stop_words,
                                limit=self._limit(sentences_count))
        return self._by_sentence(document, sentences_count, sentences, ratings)


class FastKLSummarizer(_Fast, KLSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        stop = frozenset(self.stop_words)
        ratings = fast.kl(words, texts, self._stems(), stop, limit=self._limit(sentences_count))
        return self._by_sentence(document, sentences_count, sentences, ratings)


class FastLsaSummarizer(_Fast, LsaSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        ranks = fast.lsa(words, texts, self._stems(), self._stop_words,
                         doc_words=document.words)
        if not ranks:  # no content word at all: sumy returns nothing either
            return ()
        # sumy rates LSA through an iterator over the ranks: no sharing between duplicates.
        it = iter(ranks)
        return self._get_best_sentences(sentences, sentences_count, lambda _s: next(it))


class FastLuhnSummarizer(_Fast, LuhnSummarizer):
    def __call__(self, document: Any, sentences_count: Any) -> tuple[Any, ...]:
        sentences, words, texts = self._prepare(document)
        ratings = fast.luhn(words, texts, self._stems(), self._stop_words,
                            doc_words=document.words, max_gap=self.max_gap_size)
        # sumy rates Luhn with a function of the sentence: no sharing between duplicates.
        it = iter(ratings)
        return self._get_best_sentences(sentences, sentences_count, lambda _s: next(it))


#: sumy's class name -> reader's accelerated class, by algorithm name.
FAST_CLASSES: dict[str, type] = {
    "lexrank": FastLexRankSummarizer,
    "textrank": FastTextRankSummarizer,
    "reduction": FastReductionSummarizer,
    "sumbasic": FastSumBasicSummarizer,
    "kl": FastKLSummarizer,
    "lsa": FastLsaSummarizer,
    "luhn": FastLuhnSummarizer,
}
