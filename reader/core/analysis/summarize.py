"""Extractive summaries: sumy's algorithms fed with *our* sentences, plus ``lead`` and ``auto``.

sumy's own parsers need NLTK's downloadable Punkt data; we build sumy's document model
ourselves from the sentence spans, so every chosen sentence maps back to its offsets.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any, Final

from reader.core.analysis.sentences import complete_nltk

Span = tuple[int, int]

SUMY_ALGORITHMS = ("luhn", "lsa", "lexrank", "textrank", "sumbasic", "kl", "reduction", "edmundson")
ALGORITHMS = ("auto", "lead", *SUMY_ALGORITHMS)
#: The languages reader splits and summarises (NLTK's Punkt and sumy's stop words).
LANGUAGES = (
    "english", "german", "french", "spanish", "italian", "portuguese", "dutch", "swedish",
    "norwegian", "danish", "finnish", "russian", "hungarian", "romanian", "czech", "slovak",
    "greek", "ukrainian", "arabic",
)

DEFAULT_ALGORITHM = "auto"
DEFAULT_SENTENCES = 5
ENGINES = ("fast", "sumy")

ALGORITHM_NAMES = {
    "auto": "Auto (article lead, book centrality)",
    "lead": "Lead (first sentences)",
    "luhn": "Luhn",
    "lsa": "LSA",
    "lexrank": "LexRank",
    "textrank": "TextRank",
    "sumbasic": "SumBasic",
    "kl": "KL-Sum",
    "reduction": "Reduction",
    "edmundson": "Edmundson",
}

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*", re.UNICODE)

# Generic cue words for Edmundson (title words are added per document).
EDMUNDSON_BONUS = (
    "important", "significant", "key", "main", "major", "crucial", "essential", "conclude",
    "conclusion", "result", "results", "show", "shows", "found", "finding", "findings",
    "announced", "said", "first", "new", "because", "therefore", "summary", "overall",
)
EDMUNDSON_STIGMA = (
    "hardly", "impossible", "perhaps", "maybe", "possibly", "allegedly", "reportedly",
    "meanwhile", "incidentally", "anyway", "unlike", "example", "instance", "photo", "click",
)


@dataclass(frozen=True)
class Pick:
    index: int
    score: float


class UnknownAlgorithm(ValueError):
    pass


def words(text: str) -> list[str]:
    """Word tokens as sumy expects them (letters, inner apostrophes and hyphens)."""
    return _WORD.findall(text)


class OfflineTokenizer:
    """A sumy-compatible tokenizer that needs no NLTK data."""

    def __init__(self, language: str = "english") -> None:
        self._language = language

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        from reader.core.analysis.sentences import split_sentences

        return tuple(paragraph[s:e] for s, e in split_sentences(paragraph, self._language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))


def resolve_count(n_sentences: int, count: int | None, ratio: float | None) -> int:
    if ratio is not None:
        return max(1, min(n_sentences, round(ratio * n_sentences)))
    return max(0, min(n_sentences, count if count is not None else DEFAULT_SENTENCES))


@lru_cache(maxsize=16)
def stop_words(language: str) -> frozenset[str]:
    """sumy's stop words for *language* (read as ``sumy.utils.get_stop_words`` does, without
    importing ``sumy.utils``, which pulls in ``requests``)."""
    import pkgutil

    try:
        data = pkgutil.get_data("sumy", f"data/stopwords/{language.lower()}.txt")
    except OSError:
        return frozenset()
    if data is None:
        return frozenset()
    return frozenset(w.rstrip() for w in data.decode("utf-8").splitlines() if w)


@lru_cache(maxsize=16)
def light_stemmer(language: str) -> Callable[[str], str]:
    """NLTK's Snowball stemmer directly (for ``auto``; sumy's algorithms use sumy's)."""
    try:
        complete_nltk()
        from nltk.stem.snowball import SnowballStemmer

        return SnowballStemmer(language).stem
    except (ValueError, LookupError, ImportError):
        return str.lower


@lru_cache(maxsize=16)
def _stemmer(language: str) -> Callable[[str], str]:
    complete_nltk()
    from sumy.nlp.stemmers import Stemmer

    try:
        return Stemmer(language)
    except LookupError:
        return lambda w: w.lower()


def build_document(text: str, spans: Sequence[Span], paragraphs: Sequence[int],
                   language: str, title: str | None = None):
    """sumy's ``ObjectDocumentModel`` from our spans; returns ``(document, sentence objects)``."""
    complete_nltk()
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tok = OfflineTokenizer(language)
    objs = [Sentence(text[s:e], tok) for s, e in spans]
    groups: list[list[Any]] = []
    last = None
    for obj, para in zip(objs, paragraphs, strict=False):
        if para != last:
            groups.append([])
            last = para
        groups[-1].append(obj)
    if title:
        heading = Sentence(title, tok, is_heading=True)
        if groups:
            groups[0].insert(0, heading)
        else:
            groups.append([heading])
    doc = ObjectDocumentModel(tuple(Paragraph(g) for g in groups))
    return doc, objs


def make_summarizer(algorithm: str, language: str = "english", title_words: Sequence[str] = (),
                    engine: str = "fast") -> Any:
    """A configured sumy summarizer for *algorithm*: sumy's own class (``engine="sumy"``) or
    reader's accelerated subclass of it where there is one (``"fast"``)."""
    complete_nltk()
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes = {
        "luhn": LuhnSummarizer,
        "lsa": LsaSummarizer,
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "sumbasic": SumBasicSummarizer,
        "kl": KLSummarizer,
        "reduction": ReductionSummarizer,
        "edmundson": EdmundsonSummarizer,
    }
    if engine == "fast":
        from reader.core.analysis.fast_sumy import FAST_CLASSES

        classes.update(FAST_CLASSES)
    stem = _stemmer(language)
    summarizer = classes[algorithm](stem)
    stops = stop_words(language)
    summarizer.stop_words = stops
    if algorithm == "edmundson":
        bonus = {stem(w.lower()) for w in (*EDMUNDSON_BONUS, *title_words)
                 if w.lower() not in stops}
        summarizer.bonus_words = bonus or {"important"}
        summarizer.stigma_words = {stem(w) for w in EDMUNDSON_STIGMA}
        summarizer.null_words = stops or {"the"}
    return summarizer


def _capture_ratings(summarizer) -> dict[int, float]:
    """Make ``summarizer`` record the rating of every sentence it ranks (by object id).

    sumy's own ``_get_best_sentences`` still picks: it is handed the same ratings, each
    computed once.
    """
    captured: dict[int, float] = {}
    pick = summarizer._get_best_sentences

    def best(sentences, count, rating, *args, **kwargs):
        captured.clear()
        for s in sentences:
            value = rating[s] if isinstance(rating, dict) else rating(s, *args, **kwargs)
            captured[id(s)] = float(value)
        return pick(sentences, count, lambda s: captured[id(s)])

    summarizer._get_best_sentences = best
    return captured


def summarize(
    text: str,
    spans: Sequence[Span],
    *,
    algorithm: str = DEFAULT_ALGORITHM,
    count: int | None = None,
    ratio: float | None = None,
    language: str = "english",
    title: str | None = None,
    paragraphs: Sequence[int] | None = None,
    eligible: Sequence[int] | None = None,
    engine: str = "fast",
    words_budget: int | None = None,
    part_of_book: bool = False,
) -> list[Pick]:
    """Choose summary sentences. Returns picks in document order with their scores.

    ``eligible`` restricts the candidates (e.g. to leave boilerplate out); indices in the
    result always refer to ``spans``. Both engines get the same sumy document (our sentences and
    words); ``engine="fast"`` runs reader's accelerated subclass of sumy's class where there is
    one (:mod:`reader.core.analysis.fast_sumy`), ``"sumy"`` always runs sumy's own class.

    ``words_budget``: as many of the best sentences as fit in that many words (at least one),
    instead of a number of sentences. ``part_of_book``: the text is a chapter of a book, so
    ``auto`` ranks its sentences as a book's (never an article's lead).
    """
    if words_budget is not None:
        ranked = summarize(text, spans, algorithm=algorithm, language=language, title=title,
                           paragraphs=paragraphs, eligible=eligible, engine=engine,
                           count=max(1, words_budget // 4), part_of_book=part_of_book)
        return fit_words(text, spans, ranked, words_budget)
    algorithm = algorithm.lower()
    if algorithm not in ALGORITHMS:
        raise UnknownAlgorithm(
            f"unknown algorithm {algorithm!r}; choose from {', '.join(ALGORITHMS)}"
        )
    idx = list(range(len(spans))) if eligible is None else list(eligible)
    if paragraphs is None:
        paragraphs = [0] * len(spans)
    n = resolve_count(len(idx), count, ratio)
    if n == 0 or not idx:
        return []
    sub_spans = [spans[i] for i in idx]
    sub_paras = [paragraphs[i] for i in idx]
    if algorithm == "lead":
        return [Pick(i, float(len(idx) - k)) for k, i in enumerate(idx[:n])]
    if algorithm == "auto":
        local = auto_rank(text, sub_spans, sub_paras, n, language, title, part_of_book)
        return sorted((Pick(idx[p.index], p.score) for p in local), key=attrgetter("index"))
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose fast or sumy")
    title_words = words(title or "")
    summarizer = make_summarizer(algorithm, language, title_words, engine)
    captured = _capture_ratings(summarizer)
    document, objs = build_document(text, sub_spans, sub_paras, language, title)
    position = {id(o): k for k, o in enumerate(objs)}
    try:
        chosen = summarizer(document, n)
    except (ZeroDivisionError, ValueError, FloatingPointError):
        # Degenerate input (no words at all): fall back to document order.
        return [Pick(i, 0.0) for i in idx[:n]]
    picks = [Pick(idx[position[id(s)]], _finite(captured.get(id(s), 0.0))) for s in chosen]
    return sorted(picks, key=attrgetter("index"))


def _finite(x: float) -> float:
    return x if math.isfinite(x) else 0.0


# --------------------------------------------------------------------------- auto


def _vectors(text: str, spans: Sequence[Span], language: str) -> list[Counter[str]]:
    stem = light_stemmer(language)
    stops = stop_words(language)
    cache: dict[str, str] = {}
    out: list[Counter[str]] = []
    for s, e in spans:
        c: Counter[str] = Counter()
        for w in words(text[s:e]):
            lw = w.lower()
            if lw in stops or len(lw) < 2:
                continue
            st = cache.get(lw)
            if st is None:
                st = cache[lw] = stem(lw)
            c[st] += 1
        out.append(c)
    return out


def _tfidf(vecs: list[Counter[str]]) -> list[dict[str, float]]:
    df: Counter[str] = Counter()
    for v in vecs:
        df.update(v.keys())
    n = len(vecs)
    out = []
    for v in vecs:
        w = {t: (1 + math.log(c)) * math.log(1 + n / df[t]) for t, c in v.items()}
        norm = math.sqrt(sum(x * x for x in w.values())) or 1.0
        out.append({t: x / norm for t, x in w.items()})
    return out


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def _directed_centrality(vecs: list[dict[str, float]], w) -> list[float]:
    """PacSum (Zheng & Lapata 2019): centrality split by direction, normalised to [0, 1]."""
    m = len(vecs)
    sims = [[_dot(vecs[i], vecs[j]) if i != j else 0.0 for j in range(m)] for i in range(m)]
    flat = [x for row in sims for x in row]
    lo, hi = (min(flat), max(flat)) if flat else (0.0, 0.0)
    cut = lo + w.edge_threshold * (hi - lo)
    fwd = [sum(max(0.0, sims[i][j] - cut) for j in range(i + 1, m)) for i in range(m)]
    bwd = [sum(max(0.0, sims[i][j] - cut) for j in range(i)) for i in range(m)]
    tf = max(fwd, default=0.0) or 1.0
    tb = max(bwd, default=0.0) or 1.0
    return [w.directed * f / tf + w.backward * b / tb for f, b in zip(fwd, bwd, strict=True)]


@dataclass(frozen=True)
class AutoWeights:
    """Weights of the ``auto`` summarizer (chosen on the CNN/DailyMail dev set as a whole,
    see benchmarks/quality.py; never per article)."""

    centrality: float = 0.55
    title: float = 0.1
    position: float = 0.5
    position_decay: float = 0.5  # position prior = 1 / (1 + i) ** decay
    paragraph_start: float = 0.1
    redundancy: float = 0.6
    lead_up_to: int = 150  # up to this many sentences a text is an article: its lead is the
    # summary (a long feature has ~150 sentences, a short book thousands)
    news_length: int = 60  # the position prior fades out beyond this many sentences
    directed: float = 0.2  # PacSum-style: weight of similarity to *later* sentences
    backward: float = -0.05  # ... and to earlier ones (negative favours leading sentences)
    edge_threshold: float = 0.3  # edges below min + t * (max - min) are dropped
    directed_up_to: int = 400  # directed centrality only for texts up to this many sentences
    # Sentence length in words: very short ones (datelines, "Read more") and very long ones
    # (run-ons, lists) make poor summary sentences; their score is scaled down.
    very_short_words: int = 6
    very_short_factor: float = 0.3
    short_words: int = 10
    long_words: int = 60
    short_or_long_factor: float = 0.7
    pool_per_pick: int = 4  # MMR considers the best pool_per_pick * n sentences ...
    min_pool: int = 30  # ... and at least this many


#: The weights ``auto`` uses (frozen: tuning happens in benchmarks/quality.py, not here).
AUTO: Final = AutoWeights()


def fit_words(text: str, spans: Sequence[Span], picks: Sequence[Pick], budget: int
              ) -> list[Pick]:
    """The best of *picks* that fit in *budget* words together (the best one always), in
    document order. Words as a person counts them: what spaces separate."""
    chosen: list[Pick] = []
    used = 0
    for p in sorted(picks, key=lambda p: (-p.score, p.index)):
        n = len(text[spans[p.index][0]:spans[p.index][1]].split())
        if chosen and used + n > budget:
            continue
        chosen.append(p)
        used += n
    return sorted(chosen, key=attrgetter("index"))


def auto_rank(text: str, spans: Sequence[Span], paragraphs: Sequence[int], n: int,
              language: str = "english", title: str | None = None,
              part_of_book: bool = False) -> list[Pick]:
    """Position-aware centrality with title overlap and a redundancy penalty (MMR).

    Centrality is similarity to the document's centroid plus, for article-length texts,
    PacSum's directed centrality (how much a sentence shares with what follows it).

    Position counts for news-length texts and fades out for long ones, so a book's summary
    is drawn from the whole text.
    """
    m = len(spans)
    if m == 0 or n == 0:
        return []
    w = AUTO
    if m <= w.lead_up_to and not part_of_book:
        # An article: its lead. Lead-3 is the strongest unsupervised summary of news there
        # is, and every centrality mix we tried beat it only on the articles it was tuned on
        # (see README, "Quality"). Scores are the position prior, so longer summaries
        # extend the lead.
        return [Pick(i, round(1.0 / (1.0 + i) ** w.position_decay, 6)) for i in range(min(n, m))]
    vecs = _tfidf(_vectors(text, spans, language))
    centroid: dict[str, float] = {}
    for v in vecs:
        for t, x in v.items():
            centroid[t] = centroid.get(t, 0.0) + x
    cnorm = math.sqrt(sum(x * x for x in centroid.values())) or 1.0
    centroid = {t: x / cnorm for t, x in centroid.items()}
    title_vec: dict[str, float] = {}
    if title:
        tv = _vectors(title, [(0, len(title))], language)[0]
        tn = math.sqrt(sum(c * c for c in tv.values())) or 1.0
        title_vec = {t: c / tn for t, c in tv.items()}
    directed = (_directed_centrality(vecs, w) if w.directed and m <= w.directed_up_to
                else None)
    pos_weight = w.position * (1.0 if m <= w.news_length else w.news_length / m)
    scores = []
    for i, v in enumerate(vecs):
        n_words = sum(1 for _ in words(text[spans[i][0]:spans[i][1]]))
        cent = _dot(v, centroid)
        if directed is not None:
            cent += directed[i]
        ttl = _dot(v, title_vec) if title_vec else 0.0
        pos = 1.0 / (1.0 + i) ** w.position_decay
        first_in_para = 1.0 if i == 0 or paragraphs[i] != paragraphs[i - 1] else 0.0
        score = (w.centrality * cent + w.title * ttl
                 + pos_weight * ((1 - w.paragraph_start) * pos + w.paragraph_start * first_in_para))
        if n_words < w.very_short_words:
            score *= w.very_short_factor
        elif n_words < w.short_words or n_words > w.long_words:
            score *= w.short_or_long_factor
        scores.append(score)
    order = sorted(range(m), key=lambda i: (-scores[i], i))
    pool = order[: max(w.pool_per_pick * n, w.min_pool)]
    chosen: list[int] = []
    while pool and len(chosen) < n:
        best_i, best_val = None, -1e9
        for i in pool:
            red = max((_dot(vecs[i], vecs[j]) for j in chosen), default=0.0)
            val = scores[i] - w.redundancy * red * max(scores[i], 0.0)
            if val > best_val:
                best_i, best_val = i, val
        assert best_i is not None
        chosen.append(best_i)
        pool.remove(best_i)
    return [Pick(i, round(scores[i], 6)) for i in sorted(chosen)]
