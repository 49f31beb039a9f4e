"""Key phrases: the words and short phrases a text is about, offline and in one pass.

Candidates are runs of up to three words with no stop word and no punctuation between them,
inside one sentence ("Foreign Ministry spokesman", "white whale"); the forms of a word are
one word ("election", "elections": Snowball stems), shown as the form the text uses most. A
candidate scores by how often it occurs and in how many sentences (a phrase the text keeps
coming back to), how early it first appears (what an article opens with it is about), and
how often the text writes it *whole*: as the entire run between stop words or punctuation
("the neural network is"), not as a piece of a longer one ("neural network model"). A word
the text mostly uses inside longer terms ("network" in "neural network", "network
traffic") is not itself what the text is about, and neither is a piece cut from a longer
name ("Ministry spokesman"); an occurrence inside a longer run counts for ``PART_WEIGHT`` of
a whole one. A word right after a subject pronoun or an auxiliary ("he heard", "had
made"), or in -ing right after a preposition ("in finding"), is a verb there and does not
count: a text is about what its nouns name. Capitals earn nothing: the names are the entity
panel's; the key phrases say what the text is about. A phrase inside a better one that
mostly occurs within it is left out ("Zhao" under "Zhao Lijian").

Measured (``eval_keyphrases.py``, F1@10): scientific abstracts (Inspec dev) 21.0, YAKE
17.8; news (KPCrowd dev) 21.0, the most-frequent-words floor 19.5. ``PART_WEIGHT`` was
chosen by five-fold cross-validation over both sets at once (``benchmarks/keyphrase_folds.py``:
the weight that beats both baselines by the most on four fifths, scored on the fifth): held
out, 20.0 and 21.2.

Chosen over YAKE (also unsupervised and offline) after measuring both: on *Pride and
Prejudice* YAKE took 5.2 s and this 0.3 s; on news both give the names and topics first,
and YAKE's top ten repeat one another ("Foreign Ministry spokesman", "Ministry spokesman
Zhao", "spokesman Zhao Lijian"), which the containment rule here avoids.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.analysis.summarize import light_stemmer, stop_words

Span = tuple[int, int]

_TOKEN = re.compile(r"[^\W\d_][\w’'-]*[^\W_]|[^\W\d_]", re.UNICODE)
MAX_WORDS = 3
#: What an occurrence inside a longer run counts for, against one as a whole run.
PART_WEIGHT = 0.3
#: Words after which the next word is a verb ("he heard", "had made", "would give"):
#: subject pronouns, auxiliaries, negation. An occurrence there does not count.
VERBS_FOLLOW = {"english": frozenset("""
i you he she it we they who had have has was were is are am be been being would could will
shall should might must may can did do does not never
""".split())}
#: Prepositions: a word in -ing right after one is a verb's form ("in finding a solution").
GERUNDS_FOLLOW = {"english": frozenset(
    "in of for by on at to from with without about after before into upon".split())}
#: Words that say little alone (titles, months, days, the commonest nouns of news and
#: fiction); they still count inside a phrase ("Miss Bingley", "March madness").
WEAK_ALONE = frozenset("""
mr mrs miss ms dr sir lady lord captain madam mister sr jr st
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
year years time times day days week weeks month months people world way ways thing things
man men woman women part place number lot kind sort case point fact end life home chapter
""".split())


@dataclass(frozen=True)
class Keyphrase:
    text: str
    score: float

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "score": round(self.score, 4)}


def _runs(text: str, start: int, end: int,
          stops: frozenset[str]) -> list[tuple[list[str], str]]:
    """Runs of words inside text[start:end] with nothing but spaces between them and no
    stop word among them, each with the word right before it ("" after punctuation or at
    the start)."""
    runs: list[tuple[list[str], str]] = []
    run: list[str] = []
    before = previous = ""
    last_end = start
    for m in _TOKEN.finditer(text, start, end):
        word = re.sub(r"[’']s$", "", m.group()).strip("’'-")  # "Anne Frank's" -> "Anne Frank"
        if text[last_end:m.start()].strip():
            if run:
                runs.append((run, before))
                run = []
            previous = ""
        last_end = m.end()
        low = word.lower()
        if low in stops or (len(word) < 3 and not word.isupper()) or len(word) < 2:
            if run:
                runs.append((run, before))
            run = []
        else:
            if not run:
                before = previous
            run.append(word)
        previous = low
    if run:
        runs.append((run, before))
    return runs


def keyphrases(text: str, sentences: Sequence[Span], top: int = 10,
               language: str = "english", skip: Sequence[Span] = ()) -> list[Keyphrase]:
    """The *top* key phrases of *text* (its sentences as spans), best first."""
    stops = stop_words(language)
    count: Counter[str] = Counter()
    in_sentences: dict[str, set[int]] = defaultdict(set)
    first_seen: dict[str, int] = {}
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    n = len(sentences)
    from reader.core.analysis.fast import _Stems

    stem = _Stems(light_stemmer(language))  # the stems the summary has worked out already
    lowered: dict[str, str] = {}
    whole: Counter[str] = Counter()
    as_verb: Counter[str] = Counter()
    verbs_follow = VERBS_FOLLOW.get(language, frozenset())
    gerunds_follow = GERUNDS_FOLLOW.get(language, frozenset())
    for k, (s, e) in enumerate(sentences):
        if any(a <= s < b for a, b in skip):
            continue
        for run, before in _runs(text, s, e, stops):
            lows = [w.lower() for w in run]
            # "election" and "elections" are one key phrase.
            stemmed = [stem(w) for w in lows]
            for size in range(1, MAX_WORDS + 1):
                for i in range(len(run) - size + 1):
                    words = run[i:i + size]
                    key = " ".join(stemmed[i:i + size])
                    if key not in lowered:
                        lowered[key] = " ".join(lows[i:i + size])
                    count[key] += 1
                    in_sentences[key].add(k)
                    first_seen.setdefault(key, k)
                    forms[key][" ".join(words)] += 1
                    if size == len(run):
                        whole[key] += 1
                    if i == 0 and (before in verbs_follow or (  # "he heard", "in finding"
                            before in gerunds_follow and lows[0].endswith("ing"))):
                        as_verb[key] += 1
    scores: dict[str, float] = {}
    for key, tf in count.items():
        if lowered[key] in WEAK_ALONE:
            continue
        spread = len(in_sentences[key])
        position = 1.0 + 1.0 / (1.0 + first_seen[key] / max(1.0, n / 10))
        written_whole = PART_WEIGHT + (1.0 - PART_WEIGHT) * whole[key] / tf
        not_verb = 1.0 - as_verb[key] / tf
        scores[key] = (math.log1p(tf) * math.log1p(spread) * position
                       * written_whole * not_verb)
    ranked = sorted(scores, key=lambda k: (-scores[k], k))
    chosen: list[str] = []
    for key in ranked:
        if len(chosen) >= top:
            break
        if any(_inside(key, c) and count[key] <= 1.5 * count[c] for c in chosen):
            continue  # "zhao" under "zhao lijian"
        if any(_inside(c, key) and count[c] <= 1.5 * count[key] for c in chosen):
            continue  # "ministry spokesman zhao" over "ministry spokesman": the same thing
        chosen.append(key)
    return [Keyphrase(forms[k].most_common(1)[0][0], scores[k]) for k in chosen]


def _inside(small: str, big: str) -> bool:
    return small != big and f" {small} " in f" {big} "
