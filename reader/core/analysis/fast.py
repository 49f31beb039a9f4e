"""Accelerated versions of sumy's summarizers that rate sentences as sumy does.

Each function takes the sentences' word lists (exactly what sumy's ``Sentence.words`` holds
for our tokenizer), sumy's stemmer and stop words, and returns one rating per sentence with
sumy's semantics, including its quirks (ratings are kept in dicts keyed by sentence text, so
duplicate sentences share one rating; LSA keeps every singular dimension; KL compares the raw
words of the summary). :mod:`reader.core.analysis.fast_sumy` plugs them into subclasses of sumy's
summarizers, which then pick sentences with sumy's own ``_get_best_sentences``.

Where sumy loops in Python over all pairs of sentences (LexRank, TextRank, Reduction) the
similarities come from sparse matrix products, computed in row blocks so memory stays
bounded; where it re-rates every sentence after each pick (SumBasic) only the sentences
that share a word with the pick are re-rated (SumBasic with sumy's own left-to-right sums;
KL-Sum by splitting the divergence into a part shared by all candidates and a part over
each candidate's words).
LSA uses the identity behind sumy's ranks: with every dimension kept,
``sqrt(sum_i s_i**2 v_ij**2)`` is the norm of column j.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import chain

import numpy as np

Words = Sequence[str]
_BLOCK = 512
# sumy's LsaSummarizer.MIN_DIMENSIONS and REDUCTION_RATIO (tests check they still agree).
LSA_MIN_DIMENSIONS = 3
LSA_REDUCTION_RATIO = 1 / 1


def _sparse():
    import scipy.sparse as sp

    return sp


#: Stems are kept per stemmer for the life of the process (a reader re-summarises the same
#: text with other algorithms and lengths); bounded, cleared when full.
_STEM_CACHES: dict[Callable[[str], str], dict[str, str]] = {}
#: ... and, per stemmer and stop-word set, each word's stem or None for a stop word.
_CONTENT_CACHES: dict[tuple[Callable[[str], str], frozenset[str]], dict[str, str | None]] = {}
MAX_CACHED_STEMS = 500_000


def clear_stem_cache() -> None:
    """Forget every cached stem (benchmarks time the engine cold)."""
    _STEM_CACHES.clear()
    _CONTENT_CACHES.clear()


_UNSEEN = object()


class _Stems:
    """Stems of words (sumy's ``stem_word``: lower-case, then stem), each distinct word
    stemmed once per process."""

    def __init__(self, stemmer: Callable[[str], str]) -> None:
        self.stemmer = stemmer
        cache = _STEM_CACHES.setdefault(stemmer, {})
        if len(cache) > MAX_CACHED_STEMS:
            cache.clear()
            for key in [k for k in _CONTENT_CACHES if k[0] is stemmer]:
                del _CONTENT_CACHES[key]
        self.cache = cache

    def __call__(self, word: str) -> str:
        s = self.cache.get(word)
        if s is None:
            lw = word.lower()
            s = self.cache.get(lw)
            if s is None:
                s = self.cache[lw] = self.stemmer(lw)
            self.cache[word] = s
        return s

    def table(self, words: Iterable[str]) -> dict[str, str]:
        """``{word: stem}`` for every distinct word in *words*, in order of first appearance."""
        cache, stem = self.cache, self.__call__
        return {w: cache.get(w) or stem(w) for w in dict.fromkeys(words)}

    def content(self, words: Iterable[str], stop: frozenset[str]) -> dict[str, str | None]:
        """``{word: stem}``, ``None`` for stop words (checked lower-cased, as sumy does)."""
        memo = _CONTENT_CACHES.setdefault((self.stemmer, stop), {})
        out = {w: memo.get(w, _UNSEEN) for w in dict.fromkeys(words)}
        for w, v in out.items():
            if v is _UNSEEN:
                out[w] = memo[w] = None if w.lower() in stop else self(w)
        return out


class _Content:
    """sumy's ``_to_words_set`` for every sentence at once (lower-case, drop stop words, stem;
    duplicates kept, in order), as arrays: ``ids`` the content words' stem ids in document
    order, ``owner`` the sentence of each, ``lengths`` the content words per sentence and
    ``counts`` the sentence x stem count matrix (CSR). Stem ids follow first appearance."""

    def __init__(self, sentences: Sequence[Words], stems: _Stems, stop: frozenset[str]) -> None:
        n = len(sentences)
        flat = list(chain.from_iterable(sentences))
        stem_id: dict[str, int] = {}
        word_id = {w: -1 if st is None else stem_id.setdefault(st, len(stem_id))
                   for w, st in stems.content(flat, stop).items()}
        ids = np.fromiter(map(word_id.__getitem__, flat), dtype=np.int64, count=len(flat))
        sizes = np.fromiter(map(len, sentences), dtype=np.int64, count=n)
        owner = np.repeat(np.arange(n, dtype=np.int64), sizes)
        keep = ids >= 0
        self.n = n
        self.n_stems = len(stem_id)
        self.ids = ids[keep]
        self.owner = owner[keep]
        self.lengths = np.bincount(self.owner, minlength=n)
        self._counts = None

    @property
    def counts(self):
        if self._counts is None:
            sp = _sparse()
            self._counts = sp.csr_matrix(
                (np.ones(len(self.ids)), (self.owner, self.ids)),
                shape=(self.n, max(1, self.n_stems)))  # duplicates summed
            self._counts.sum_duplicates()
        return self._counts

    def log_lengths(self) -> np.ndarray:
        """log of the content-word counts (TextRank's and Reduction's edge norm is
        log|a| + log|b|); 0 for sentences without content words."""
        lengths = self.lengths.astype(float)
        return np.log(np.where(lengths > 0, lengths, 1.0))


class _Words:
    """The distinct words of a text and their stems, as arrays: ``ids`` gives each word of
    *flat* its distinct-word index, ``stem_of`` each distinct word its stem index."""

    def __init__(self, flat: list[str], stems: _Stems, extra: Sequence[str] = ()) -> None:
        table = stems.table(chain(flat, extra))  # first appearance order
        self.words = list(table)
        self.index: dict[str, int] = dict(zip(self.words, range(len(self.words)), strict=True))
        stem_list = list(table.values())
        self.stem_id: dict[str, int] = {st: k for k, st in enumerate(dict.fromkeys(stem_list))}
        self.stem_of = np.fromiter(map(self.stem_id.__getitem__, stem_list), dtype=np.int64,
                                   count=len(stem_list))
        self.ids = self.ids_of(flat)

    def ids_of(self, words: Sequence[str]) -> np.ndarray:
        return np.fromiter(map(self.index.__getitem__, words), dtype=np.int64, count=len(words))

    def stem_hits(self, vocabulary: Iterable[str]) -> np.ndarray:
        """For each stem index: is that stem in *vocabulary* (a set of stems)?"""
        hits = np.zeros(len(self.stem_id), dtype=bool)
        for st in vocabulary:
            k = self.stem_id.get(st)
            if k is not None:
                hits[k] = True
        return hits


def _count_matrix(rows: list[list[str]], vocab: dict[str, int] | None = None):
    sp = _sparse()
    vocab = {} if vocab is None else vocab
    indptr, indices, data = [0], [], []
    for row in rows:
        counts = Counter(row)
        for term, c in counts.items():
            j = vocab.get(term)
            if j is None:
                j = vocab[term] = len(vocab)
            indices.append(j)
            data.append(float(c))
        indptr.append(len(indices))
    m = sp.csr_matrix((np.array(data, dtype=float), np.array(indices, dtype=np.int64),
                       np.array(indptr, dtype=np.int64)), shape=(len(rows), max(1, len(vocab))))
    return m, vocab


def _by_text(texts: Sequence[str], values: Sequence[float]) -> list[float]:
    """sumy keeps ratings in dicts keyed by sentence text: duplicates share one value (the
    last copy's, as a dict built in order keeps it)."""
    seen = {t: float(v) for t, v in zip(texts, values, strict=True)}
    return [seen[t] for t in texts]


# --------------------------------------------------------------------------- LexRank


def lexrank(sentences: Sequence[Words], texts: Sequence[str], stems: _Stems,
            stop: frozenset[str], threshold: float = 0.1, epsilon: float = 0.1) -> list[float]:
    sp = _sparse()
    content = _Content(sentences, stems, stop)
    n = content.n
    if n == 0:
        return []
    counts = content.counts
    df = np.diff(counts.tocsc().indptr)  # sentences containing each stem
    idf = np.log(n / (1.0 + df))
    max_tf = counts.max(axis=1).toarray().ravel()
    max_tf[max_tf == 0] = 1.0
    tf = sp.diags(1.0 / max_tf) @ counts
    weighted = (tf @ sp.diags(idf)).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    rows, cols = [], []
    wt = weighted.T.tocsc()
    for r0 in range(0, n, _BLOCK):
        block = (weighted[r0:r0 + _BLOCK] @ wt).tocoo()
        denom = norms[block.row + r0] * norms[block.col]
        ok = denom > 0
        cos = np.zeros_like(block.data)
        cos[ok] = block.data[ok] / denom[ok]
        keep = cos > threshold
        rows.append(block.row[keep] + r0)
        cols.append(block.col[keep])
    r = np.concatenate(rows) if rows else np.array([], dtype=np.int64)
    c = np.concatenate(cols) if cols else np.array([], dtype=np.int64)
    degrees = np.bincount(r, minlength=n).astype(float)
    degrees[degrees == 0] = 1.0
    matrix = sp.csr_matrix((1.0 / degrees[r], (r, c)), shape=(n, n))
    transposed = matrix.T.tocsr()
    p = np.array([1.0 / n] * n)
    lam = 1.0
    while lam > epsilon:
        nxt = transposed @ p
        nxt /= np.linalg.norm(nxt)
        lam = np.linalg.norm(np.subtract(nxt, p))
        p = nxt
    return _by_text(texts, p)


# --------------------------------------------------------------------------- TextRank & Reduction


def _overlap_blocks(content: _Content):
    """Yield (row offset, COO block) of the word-overlap counts sum_w c_iw * c_jw."""
    counts = content.counts
    ct = counts.T.tocsc()
    for r0 in range(0, content.n, _BLOCK):
        yield r0, (counts[r0:r0 + _BLOCK] @ ct).tocoo()


def textrank(sentences: Sequence[Words], texts: Sequence[str], stems: _Stems,
             stop: frozenset[str], epsilon: float = 1e-4, damping: float = 0.85) -> list[float]:
    content = _Content(sentences, stems, stop)
    n, logs = content.n, content.log_lengths()
    if n == 0:
        return []
    blocks = []  # row blocks of the symmetric edge-weight matrix, kept as CSR
    sums = np.zeros(n)
    for r0, block in _overlap_blocks(content):
        i = block.row + r0
        norm = logs[i] + logs[block.col]
        near0 = np.isclose(norm, 0.0)
        block.data = np.where(near0, block.data, block.data / np.where(near0, 1.0, norm))
        csr = block.tocsr()
        csr.indices = csr.indices.astype(np.int32, copy=False)
        sums[r0:r0 + csr.shape[0]] = np.asarray(csr.sum(axis=1)).ravel()
        blocks.append(csr)
        del block
    sums += 1e-7
    # sumy's matrix is (1 - d) / n everywhere plus d * W / rowsum(W), W symmetric, so
    # M^T p = (1 - d) / n * sum(p) + d * W (p / rowsum(W)): no n x n matrix is needed.
    base = (1.0 - damping) / n
    p = np.array([1.0 / n] * n)
    lam = 1.0
    while lam > epsilon:
        q = p / sums
        wq = np.concatenate([b @ q for b in blocks])
        nxt = damping * wq + base * p.sum()
        lam = np.linalg.norm(np.subtract(nxt, p))
        p = nxt
    return _by_text(texts, p)


def reduction(sentences: Sequence[Words], texts: Sequence[str], stems: _Stems,
              stop: frozenset[str]) -> list[float]:
    content = _Content(sentences, stems, stop)
    n, logs = content.n, content.log_lengths()
    if n == 0:
        return []
    ratings = np.zeros(n)
    for r0, block in _overlap_blocks(content):
        i = block.row + r0
        j = block.col
        off = i != j
        i, j, rank = i[off], j[off], block.data[off]
        norm = logs[i] + logs[j]
        val = np.where(norm == 0.0, 0.0, rank / np.where(norm == 0.0, 1.0, norm))
        np.add.at(ratings, i, val)
    # sumy accumulates into a dict keyed by sentence: duplicates add into one entry.
    totals: dict[str, float] = {}
    for t, val in zip(texts, ratings, strict=True):
        totals[t] = totals.get(t, 0.0) + val
    return [totals[t] for t in texts]


# --------------------------------------------------------------------------- LSA


def lsa(sentences: Sequence[Words], texts: Sequence[str], stems: _Stems,
        stop: frozenset[str], doc_words: Sequence[str] | None = None, smooth: float = 0.4,
        exact_up_to: int = 300) -> list[float]:
    """sumy keeps every singular dimension, so its rank of sentence j, sqrt(sum_i s_i**2 *
    v_ij**2), is the norm of column j of the smoothed term matrix. Up to ``exact_up_to``
    sentences the same SVD as sumy's is run on the same matrix (built the same way, rows in
    the same order), so even sentences whose ranks tie mathematically come out in sumy's
    order; beyond that the column norms are used directly, and exact ties go to the earlier
    sentence (sumy orders them by the rounding of its SVD, which depends on its row order,
    a frozenset's, that is on Python's string-hash seed; that SVD is what makes it slow)."""
    # sumy's dictionary: stems of document.words in frozenset order. The frozenset's order
    # depends on insertion order, so the words go in as sumy has them (``doc_words`` is
    # ``document.words``: headings included, in place).
    if doc_words is None:
        doc_words = [w for s in sentences for w in s]
    unique = frozenset(stems(w) for w in (x.lower() for x in doc_words) if w not in stop)
    if not unique:
        return []
    dictionary = {w: i for i, w in enumerate(unique)}
    columns = [Counter(t for t in (stems(w) for w in words) if t in dictionary)
               for words in sentences]
    if len(sentences) <= exact_up_to:
        matrix = np.zeros((len(dictionary), len(sentences)))
        for col, counts in enumerate(columns):
            for term, c in counts.items():
                matrix[dictionary[term], col] = c
        maxes = np.max(matrix, axis=0)
        nonzero = maxes != 0
        matrix[:, nonzero] = smooth + (1.0 - smooth) * (matrix[:, nonzero] / maxes[nonzero])
        _u, sigma, v = np.linalg.svd(matrix, full_matrices=False)
        dims = max(LSA_MIN_DIMENSIONS, int(len(sigma) * LSA_REDUCTION_RATIO))
        powered = tuple(x ** 2 if i < dims else 0.0 for i, x in enumerate(sigma))
        return [math.sqrt(sum(sg * vv ** 2 for sg, vv in zip(powered, column, strict=False)))
                for column in v.T]
    n_terms = len(dictionary)
    ranks = []
    for counts in columns:
        if not counts:
            ranks.append(0.0)
            continue
        top = max(counts.values())
        total = (n_terms - len(counts)) * smooth * smooth
        # Summed in sorted order: sentences whose ranks are equal in exact arithmetic (the
        # same counts) get the very same float, so the earlier one wins the tie.
        total += sum((smooth + (1.0 - smooth) * c / top) ** 2 for c in sorted(counts.values()))
        ranks.append(math.sqrt(total))
    return ranks  # sumy rates LSA through an iterator: no dict, no sharing


# --------------------------------------------------------------------------- Luhn


def luhn(sentences: Sequence[Words], texts: Sequence[str], stems: _Stems,
         stop: frozenset[str], extra_words: Sequence[str] = (), max_gap: int = 4
         ) -> list[float]:
    """sumy's Luhn. Significant words are the content stems seen more than once in the
    document's words (the sentences' and *extra_words*, e.g. headings'). A chunk starts at a
    significant word and runs until ``max_gap`` insignificant words in a row; trailing
    insignificant words are dropped, so a chunk is the span from its first to its last
    significant word, and consecutive significant words stay in one chunk while fewer than
    ``max_gap`` words separate them. Its rating is count**2 / span (0 for a single word); a
    sentence gets its best chunk's rating."""
    flat = list(chain.from_iterable(sentences))
    extra = list(extra_words)
    vocab = _Words(flat, stems, extra)
    ids = vocab.ids
    is_content = np.fromiter((w.lower() not in stop for w in vocab.words), dtype=bool,
                             count=len(vocab.words))
    every = np.concatenate([ids, vocab.ids_of(extra)])
    tf = np.bincount(vocab.stem_of[every[is_content[every]]], minlength=len(vocab.stem_id))
    # sumy stems every word of a sentence here, stop words too.
    flags = (tf > 1)[vocab.stem_of[ids]]
    n = len(sentences)
    lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=n)
    owner = np.repeat(np.arange(n), lengths)
    pos = np.flatnonzero(flags)  # global positions of significant words
    ratings = np.zeros(n)
    if len(pos):
        sent = owner[pos]
        start = np.ones(len(pos), dtype=bool)
        start[1:] = (sent[1:] != sent[:-1]) | (pos[1:] - pos[:-1] - 1 >= max_gap)
        chunk = np.cumsum(start) - 1
        count = np.bincount(chunk).astype(float)
        first = pos[start]
        last = np.zeros(len(first), dtype=np.int64)
        np.maximum.at(last, chunk, pos)
        span = (last - first + 1).astype(float)
        rating = np.where(count == 1, 0.0, count * count / span)
        np.maximum.at(ratings, sent[start], rating)
    return ratings.tolist()  # sumy rates Luhn with a function: no dict


# --------------------------------------------------------------------------- SumBasic


class _GreedyRatings:
    """sumy's ratings for greedy summarizers (SumBasic, KL-Sum): the k-th pick is rated
    ``-len(ratings)`` in a dict keyed by sentence text, so a later copy of a text overwrites
    its earlier rating with a lower one.

    With ``limit`` (the summary's length), :meth:`add` says when the greedy loop may stop:
    ratings only decrease over time, so once ``limit`` sentences belong to texts whose every
    copy is picked and that are rated above anything still to come (> -len(ratings)), sumy's
    best ``limit`` sentences are known. Sentences not reached are rated below all others.
    """

    def __init__(self, texts: Sequence[str], limit: int | None) -> None:
        self.texts = texts
        self.limit = limit
        self.ratings: dict[str, int] = {}
        self.copies = Counter(texts)
        self.left = Counter(texts)  # copies of each text not picked yet
        self.final: list[tuple[int, int]] = []  # (rating, copies) of fully picked texts

    def add(self, i: int) -> bool:
        text = self.texts[i]
        self.ratings[text] = -len(self.ratings)
        self.left[text] -= 1
        if self.left[text] == 0:
            self.final.append((self.ratings[text], self.copies[text]))
        if self.limit is None:
            return False
        floor = -len(self.ratings)
        return sum(c for r, c in self.final if r > floor) >= self.limit

    def result(self) -> list[float]:
        # A text with copies still unpicked would be rated lower later: rate it unreached.
        unreached = -float(len(self.texts) + 1)
        return [float(self.ratings[t]) if self.left[t] == 0 else unreached for t in self.texts]


def sumbasic(sentences: Sequence[Words], texts: Sequence[str], stems: _Stems,
             stop: frozenset[str], limit: int | None = None) -> list[float]:
    content = _Content(sentences, stems, stop)
    n = content.n
    if n == 0:
        return []
    total = len(content.ids)
    # sumy's tf: count / total per stem; one padding slot (probability 0) at the end.
    freq = np.append(np.bincount(content.ids, minlength=content.n_stems) / max(total, 1), 0.0)
    pad = content.n_stems
    lengths_i = content.lengths
    width = int(lengths_i.max()) if n else 0
    ids = np.full((n, max(width, 1)), pad, dtype=np.int64)
    starts = np.cumsum(lengths_i) - lengths_i
    ids[content.owner, np.arange(total) - starts[content.owner]] = content.ids
    lengths = lengths_i.astype(float)
    csc = content.counts.tocsc()  # postings: the sentences holding each stem

    def averages(rows: np.ndarray) -> np.ndarray:
        # sumy: sum([...]) / len, summed left to right; cumsum adds in the same order and
        # the zero padding at the end changes nothing.
        width = int(lengths[rows].max()) if len(rows) else 0
        if width == 0:
            return np.zeros(len(rows))
        sums = np.cumsum(freq[ids[rows, :width]], axis=1)[:, -1]
        out = np.zeros(len(rows))
        ok = lengths[rows] > 0
        out[ok] = sums[ok] / lengths[rows][ok]
        return out

    # Each round picks the first sentence with the highest average (sumy scans with a
    # strict ">"), squares its words' probabilities and re-rates only the sentences that
    # share a word with it.
    values = averages(np.arange(n))
    alive = np.ones(n, dtype=bool)
    ratings = _GreedyRatings(texts, limit)
    for _ in range(n):
        best = int(np.argmax(np.where(alive, values, -np.inf)))
        alive[best] = False
        if ratings.add(best):
            break
        picked = content.ids[starts[best]:starts[best] + lengths_i[best]].tolist()
        for k in picked:
            freq[k] *= freq[k]  # squared once per occurrence, as sumy does
        rows = np.unique(np.concatenate(
            [csc.indices[csc.indptr[k]:csc.indptr[k + 1]] for k in set(picked)] or [starts[:0]]))
        rows = rows[alive[rows]]
        if len(rows):
            values[rows] = averages(rows)
    return ratings.result()


# --------------------------------------------------------------------------- KL-Sum


# Complex by nature: sumy's KL-Sum, step for step.
def kl(sentences: Sequence[Words], texts: Sequence[str], stems: _Stems,  # noqa: C901, PLR0915
       stop: frozenset[str], limit: int | None = None) -> list[float]:
    """sumy's KL-Sum without its O(n^2) re-rating.

    sumy's quirks are kept: a candidate's words are lower-cased and then filtered; the
    document's distribution filters *then* lower-cases; the summary's words are raw. With
    f the document distribution, c_i the candidate's counts, s the summary's counts and
    T_i = |candidate| + |summary|, KL_i = sum over the union of words with f > 0 of
    f * (log f - log(c_i + s) + log T_i). Split into a summary part shared by all candidates
    and a part over each candidate's own words, only candidates sharing a word with the last
    pick need their own part recomputed.
    """
    cand = [[w for w in (x.lower() for x in s) if w not in stop] for s in sentences]
    doc_words = [w.lower() for s in sentences for w in s if w not in stop]
    n = len(cand)
    if n == 0:
        return []
    total = len(doc_words)
    f: dict[str, float] = {}
    for w in doc_words:
        f[w] = f.get(w, 0) + 1
    f = {k: v / total for k, v in f.items()}
    cand_counts = [Counter(w for w in row if f.get(w)) for row in cand]
    lengths = np.array([len(row) for row in cand], dtype=float)
    counts, vocab = _count_matrix([list(c.elements()) for c in cand_counts])
    counts = counts.tocsr()
    fvec = np.zeros(counts.shape[1])
    for w, j in vocab.items():
        fvec[j] = f[w]
    logf = np.log(np.where(fvec > 0, fvec, 1.0))
    svec = np.zeros(counts.shape[1])  # summary counts of the candidates' vocabulary
    postings: dict[str, list[int]] = {}
    for i, c in enumerate(cand_counts):
        for w in c:
            postings.setdefault(w, []).append(i)
    summary: Counter[str] = Counter()  # raw summary words that have f > 0
    summary_len = 0
    shared_a = 0.0  # sum over summary words of f (log f - log s)
    shared_b = 0.0  # sum over summary words of f

    def own(rows: np.ndarray) -> np.ndarray:
        """(x, y, z) for the candidates in *rows*, from their sparse word counts."""
        sub = counts[rows]
        cols = sub.indices
        fw, lf, sw = fvec[cols], logf[cols], svec[cols]
        in_summary = sw > 0
        x_terms = fw * (lf - np.log(sub.data + sw))
        y_terms = np.where(in_summary, fw * (lf - np.log(np.where(in_summary, sw, 1.0))), 0.0)
        z_terms = np.where(in_summary, 0.0, fw)
        out = np.zeros((len(rows), 3))
        if not len(cols):
            return out
        starts = sub.indptr[:-1]
        empty = starts == sub.indptr[1:]
        safe = np.minimum(starts, len(cols) - 1)  # reduceat needs in-range indices
        for k, terms in enumerate((x_terms, y_terms, z_terms)):
            out[:, k] = np.add.reduceat(terms, safe)
            out[empty, k] = 0.0
        return out

    parts = own(np.arange(n))
    alive = np.ones(n, dtype=bool)
    ratings = _GreedyRatings(texts, limit)
    for _ in range(n):
        t = lengths + summary_len
        with np.errstate(divide="ignore", invalid="ignore"):
            values = shared_a + np.log(t) * (shared_b + parts[:, 2]) + parts[:, 0] - parts[:, 1]
        values = np.where(t > 0, values, 0.0)
        masked = np.where(alive, values, np.inf)
        best = int(np.argmin(masked))  # the first of equal minima, as list.index(min())
        alive[best] = False
        if ratings.add(best):
            break
        raw = sentences[best]
        summary_len += len(raw)
        changed: set[int] = set()
        for w in set(raw):
            if not f.get(w):
                continue
            old = summary.get(w, 0)
            if old:
                shared_a -= f[w] * (math.log(f[w]) - math.log(old))
            else:
                shared_b += f[w]
            summary[w] = old + raw.count(w)
            shared_a += f[w] * (math.log(f[w]) - math.log(summary[w]))
            j = vocab.get(w)
            if j is not None:
                svec[j] = summary[w]
                changed.update(postings.get(w, ()))
        rows = np.array(sorted(i for i in changed if alive[i]), dtype=np.int64)
        if len(rows):
            parts[rows] = own(rows)
    return ratings.result()


RATERS = {
    "lexrank": lexrank,
    "textrank": textrank,
    "reduction": reduction,
    "lsa": lsa,
    "luhn": luhn,
    "sumbasic": sumbasic,
    "kl": kl,
}
