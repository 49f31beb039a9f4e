"""The trained part of the entity recogniser: a linear-chain CRF (python-crfsuite).

The model (``data/ner-conll2003.crfsuite``) was trained by ``scripts/train_ner.py`` on
CoNLL-2003's English training split only. Text is tokenised here the way CoNLL tokenised
its news ("U.S." and "Inzamam-ul-Haq" are one token, "'s" and "n't" are split off), and
each token is described by the same features at training and at run time: the word, its
shape and affixes, its neighbours, the word lists in :mod:`reader.core.analysis.gazetteer` and one
document-level fact — whether the word also occurs in lower case in the same document,
which is what tells "Stubb" from "Whale" in a novel.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from reader.core.analysis import gazetteer as gz

Span = tuple[int, int]

MODEL_PATH = Path(__file__).with_name("data") / "ner-conll2003.crfsuite"

_ABBREVIATIONS = frozenset("""
mr mrs ms dr st inc corp ltd co jr sr vs gen gov sen rep prof lt col capt sgt mt ft no jan
feb mar apr jun jul aug sep sept oct nov dec rev hon messrs mme mlle
""".split())
_CLITICS = ("n't", "n’t", "'s", "’s", "'S", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d",
            "’d", "'m", "’m")

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S. a.m. F.C.
    r"|\d{1,2}\.(?=\s[^\n]*\S)"  # "2." in ranked lists
    r"|\d+(?:[.,:/-]\d+)*"  # numbers, dates, scores
    r"|[^\W_](?:[^\W_]|[-'’&](?=[^\W_]))*"  # words, inner hyphens/apostrophes
    r"|\.\.\.|--+|[^\s]"
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token spans of ``text[start:end]``, CoNLL-style."""
    out: list[tuple[int, int]] = []
    stop = len(text) if end is None else end
    last = start
    for m in _TOKEN.finditer(text, start, stop):
        s, e = m.span()
        if s < last:
            continue  # the full stop already taken by "Mr."
        word = m.group()
        if "'" in word or "’" in word:  # only a word with an apostrophe has a clitic
            clitic = next((c for c in _CLITICS
                           if len(word) > len(c) and word.endswith(c)), "")
            if clitic:
                out.append((s, e - len(clitic)))
                out.append((e - len(clitic), e))
                last = e
                continue
        # "Mr." "St." "Inc." and single initials keep their full stop, as CoNLL does.
        if (e < stop and text[e] == "." and word[:1].isalpha()
                and (word.lower() in _ABBREVIATIONS
                     or (len(word) == 1 and word.isupper()))):
            e += 1
        out.append((s, e))
        last = e
    return out


def _shape(word: str) -> str:
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def lowercase_vocabulary(text: str) -> frozenset[str]:
    """Words that occur in lower case somewhere in *text*."""
    return frozenset(m.group() for m in re.finditer(r"\b[a-z][a-z'’-]*\b", text))


class _Lexicon:
    def __init__(self) -> None:
        self.places = gz.place_names()
        self.places_lower = {p.lower() for p in self.places}
        self.first_names = gz.FIRST_NAMES
        self.acronyms = gz.ORG_ACRONYMS
        self.org_suffixes = gz.ORG_SUFFIXES
        self.titles = gz.PERSON_TITLES
        self.demonyms = gz.DEMONYMS
        self.common = gz.COMMON_CAPITALISED

    def word_features(self, word: str, lower_vocab: frozenset[str] | set[str]) -> list[str]:
        lw = word.lower()
        f = [
            "w=" + lw,
            "sh=" + _shape(word),
            "s3=" + lw[-3:],
            "s2=" + lw[-2:],
            "p3=" + lw[:3],
        ]
        if word[:1].isupper():
            f.append("cap")
            if lw in lower_vocab:
                f.append("lowseen")  # also written in lower case in this document
        if word.isupper() and len(word) > 1:
            f.append("upper")
        if any(c.isdigit() for c in word):
            f.append("digit")
        if "-" in word:
            f.append("hyph")
        if word in self.places or (word.isupper() and lw in self.places_lower):
            f.append("g:place")
        if lw in self.first_names:
            f.append("g:first")
        if word in self.acronyms:
            f.append("g:acro")
        if lw.rstrip(".") in self.org_suffixes:
            f.append("g:orgsuf")
        if lw.rstrip(".") in self.titles:
            f.append("g:title")
        if lw in self.demonyms:
            f.append("g:demonym")
        if lw in self.common:
            f.append("g:common")
        return f


@functools.lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    return _Lexicon()


class Features:
    """The CRF features of words in one document, each word's worked out once: a book
    repeats its words hundreds of times, and describing them was most of the recogniser's
    time. The same features as :func:`sentence_features` gives, in the same order."""

    def __init__(self, lower_vocab: frozenset[str] | set[str],
                 lex: _Lexicon | None = None) -> None:
        self.lower_vocab = lower_vocab
        self.lex = lex or lexicon()
        self._own: dict[str, list[str]] = {}
        self._kind: dict[str, int] = {}
        #: word -> what it says about the words 2 and 1 before it, 1 and 2 after it.
        self._around: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {}

    def own(self, word: str) -> list[str]:
        f = self._own.get(word)
        if f is None:
            f = self._own[word] = self.lex.word_features(word, self.lower_vocab)
        return f

    def kind(self, word: str) -> int:
        """0 for a word without letters, 2 for one in capitals, else 1."""
        k = self._kind.get(word)
        if k is None:
            k = self._kind[word] = (0 if not any(c.isalpha() for c in word)
                                    else 2 if word.isupper() else 1)
        return k

    def around(self, word: str) -> tuple[list[str], list[str], list[str], list[str]]:
        a = self._around.get(word)
        if a is None:
            lw = word.lower()
            marks = [x for x in self.own(word) if x.startswith("g:") or x == "cap"]
            near = {k: [f"{k}:w={lw}", f"{k}:sh={_shape(word)}", *(f"{k}:{x}" for x in marks)]
                    for k in (-1, 1)}
            # As the word 2 before another, 1 before, 1 after, 2 after it.
            a = self._around[word] = ([f"-2:w={lw}"], near[-1], near[1], [f"2:w={lw}"])
        return a

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        n = len(words)
        kinds = [self.kind(w) for w in words]
        letters = sum(k > 0 for k in kinds)
        shouting = letters >= 3 and kinds.count(2) / letters >= 0.6
        arounds = [self.around(w) for w in words]
        out: list[list[str]] = []
        for i, word in enumerate(words):
            f = ["bias", *self.own(word)]
            if i == 0:
                f.append("BOS")
            if shouting:
                f.append("shout")
            # Neighbours in the order -2, -1, +1, +2; a missing one at ±1 is padding.
            if i >= 2:
                f += arounds[i - 2][0]
            if i >= 1:
                f += arounds[i - 1][1]
            else:
                f.append("-1:pad")
            if i + 1 < n:
                f += arounds[i + 1][2]
            else:
                f.append("1:pad")
            if i + 2 < n:
                f += arounds[i + 2][3]
            out.append(f)
        return out


def sentence_features(words: Sequence[str], lower_vocab: frozenset[str] | set[str],
                      lex: _Lexicon | None = None) -> list[list[str]]:
    """CRF features of one sentence's tokens (the same at training and run time)."""
    return Features(lower_vocab, lex).sentence(words)


class Tagger:
    """Loads the shipped model once; tags token sequences with BIO labels."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def tag(self, features: list[list[str]]) -> list[str]:
        return list(self._tagger.tag(features))


@functools.lru_cache(maxsize=1)
def tagger() -> Tagger:
    return Tagger()


@functools.lru_cache(maxsize=1)
def model_id() -> str:
    """A short fingerprint of the shipped model (part of the analysis cache key)."""
    import hashlib

    try:
        return hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()[:12]
    except OSError:
        return "none"


@functools.lru_cache(maxsize=1)
def available() -> bool:
    """Whether the trained model can be used (its file ships; crfsuite imports)."""
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        return False
    return MODEL_PATH.is_file()


def bio_spans(tokens: Sequence[Span], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) for each BIO chunk, type as in the training data (PER, ORG...)."""
    out: list[tuple[int, int, str]] = []
    cur: list = []
    for (s, e), tag in zip(tokens, tags, strict=True):
        kind = tag[2:] if tag != "O" else ""
        if cur and (not kind or tag.startswith("B-") or kind != cur[2]):
            out.append(tuple(cur))  # type: ignore[arg-type]
            cur = []
        if kind:
            if cur:
                cur[1] = e
            else:
                cur = [s, e, kind]
    if cur:
        out.append(tuple(cur))  # type: ignore[arg-type]
    return out


def tag_text(text: str, sentences: Iterable[Span],
             lower_vocab: frozenset[str] | None = None) -> list[tuple[int, int, str]]:
    """Chunks found by the CRF in each sentence span of *text*."""
    vocab = lowercase_vocabulary(text) if lower_vocab is None else lower_vocab
    features = Features(vocab)
    tg = tagger()
    out: list[tuple[int, int, str]] = []
    for s0, s1 in sentences:
        toks = tokenize(text, s0, s1)
        if not toks:
            continue
        words = [text[a:b] for a, b in toks]
        if not any(w[:1].isupper() for w in words):
            continue  # no capital letter, no name: skip the model
        tags = tg.tag(features.sentence(words))
        out.extend(bio_spans(toks, tags))
    return out
