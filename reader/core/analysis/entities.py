"""Offline named-entity recognition: people, organisations and places.

Rules and gazetteers that ship with the package (no model download): runs of capitalised
words are found, split around titles ("US President Joe Biden" -> US, Joe Biden), and
labelled from word lists (places from pycountry and a city list, organisation suffixes
and acronyms, first names, person titles) and from context ("spokesman X", "X said",
"in X"). A document-level pass makes labels consistent: once "Zhao Lijian" is a person,
a later "Zhao" is one too.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.core.analysis import gazetteer as gz
from reader.core.analysis import ner
from reader.core.analysis.chunks import CONNECTORS, TITLES, clean_chunk, one_name

Span = tuple[int, int]

PERSON = "PERSON"
ORGANIZATION = "ORGANIZATION"
LOCATION = "LOCATION"


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str
    text: str

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "label": self.label, "text": self.text}


_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}(?![A-Za-z])"  # U.S. U.K.
    r"|[^\W_](?:[^\W_]|[&](?=[^\W_])|['’](?=[^\W_]))*"  # words (inner apostrophes, AT&T)
    r"|[-–—]"
    r"|\S",
)

ROLE_NOUNS = gz.PERSON_TITLES | {
    "diplomat", "official", "analyst", "envoy", "negotiator", "economist", "journalist",
    "author", "writer", "adviser", "advisor", "aide", "candidate", "player", "star",
    "husband", "wife", "son", "daughter", "mother", "father", "brother", "sister", "friend",
    "colleague", "counterpart", "successor", "predecessor", "businessman", "businesswoman",
    "banker", "activist", "researcher", "scientist", "historian", "poet", "artist", "director",
    "producer", "defendant", "suspect", "victim", "witness", "opponent", "rival",
}
#: A form of address and the name it goes with ("Mrs. Bennet", "Miss\nBlenker").
_ADDRESSED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Mme|Mlle|Madame|Monsieur|Lady|Sir|Lord)\.?"
                        r"\s+(?P<name>(?:St\.[ \n])?(?!St\b)[A-Z][a-z]+(?:[ \n][A-Z][a-z]+)?)\b")
#: "St." (or "Saint") right before a name is part of it: "Neville St. Clair", "Lord St. Simon".
_SAINT = re.compile(r"\b(?:St|Saint)\.?[ \n]$")
_PLACE_PAIR = re.compile(r"\b([A-Z][\w.]+)[-–]([A-Z][\w.]+)\b")
_CRF_LABELS = {"PER": PERSON, "ORG": ORGANIZATION, "LOC": LOCATION}
#: A name that opens with a word for a feature of the land or sea is a place, not a person.
_PLACE_HEAD = re.compile(r"(?:Cape|Mount|Mt\.|Lake|Loch|Isle|Straits?|Fort|River|Cove)\s+[A-Z]")
PLACE_PREPOSITIONS = {"in", "near", "from", "across", "outside", "inside", "to", "at", "into",
                      "throughout", "around", "towards", "toward", "via"}


@dataclass
class _Tok:
    start: int
    end: int
    text: str
    sent_start: bool = False

    @property
    def cap(self) -> bool:
        t = self.text
        return t[:1].isupper() or (t[:1].isdigit() and any(c.isupper() for c in t))

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def allcaps(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        s, e = m.span()
        word = m.group()
        # possessive 's / ’s
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            toks.append(_Tok(s, e - 2, word[:-2]))
            toks.append(_Tok(e - 2, e, word[-2:]))
        else:
            toks.append(_Tok(s, e, word))
    return toks


class Recogniser:
    """Labels spans in a document. Reusable; holds only the word lists."""

    def __init__(self) -> None:
        self.places = gz.place_names()
        self.places_lower = {p.lower(): p for p in self.places}
        self.org_acronyms = gz.ORG_ACRONYMS
        self.org_acronyms_lower = {a.lower() for a in gz.ORG_ACRONYMS}

    # ------------------------------------------------------------------ public
    def recognise(self, text: str, sentences: Sequence[Span],
                  skip: Iterable[Span] = ()) -> list[Entity]:
        skip = list(skip)
        lower_words = ner.lowercase_vocabulary(text)
        evidence = _person_evidence(text)
        if ner.available():
            found = self._trained(text, sentences, skip, lower_words, evidence)
            return self._consistent(text, sentences, skip, found, lower_words, evidence)
        found: list[tuple[int, int, str, bool]] = []  # start, end, label, confident
        for s0, s1 in sentences:
            if any(s0 >= b0 and s1 <= b1 for b0, b1 in skip):
                continue
            toks = tokenize(text, s0, s1)
            if not toks:
                continue
            self._mark_sentence_starts(toks)
            shouting = _is_shouting(toks)
            for run in self._runs(toks, lower_words, shouting):
                found.extend(self._classify(text, toks, run, shouting))
        return self._consistent(text, sentences, skip, found, lower_words, evidence)

    # ------------------------------------------------------------------ steps
    def _split_title(self, text: str, s: int, e: int) -> list[tuple[int, int, str, bool]] | None:
        """"US National Security Adviser Jake Sullivan" -> US (place), Jake Sullivan
        (person): a chunk with a person's title inside it, split around the title."""
        toks = tokenize(text, s, e)
        at = None
        for k, t in enumerate(toks[:-1]):
            if t.lower.rstrip(".") in TITLES and t.cap:
                at = k
        if at is None:
            return None
        rest = [t for t in toks[at + 1:] if t.lower.rstrip(".") not in TITLES]
        if not rest or not rest[0].cap or _has_org_suffix(rest):
            return None
        out = self._classify_head(toks[:at])
        out.append((rest[0].start, rest[-1].end, PERSON, True))
        return out

    def _trained(self, text: str, sentences: Sequence[Span], skip: list[Span],
                 lower_words: frozenset[str],
                 evidence: dict[str, int]) -> list[tuple[int, int, str, bool]]:
        """The CRF's chunks, cleaned: a name holds a capitalised word and neither starts
        nor ends with a lower-case word ("of", "the")."""
        keep = [(s0, s1) for s0, s1 in sentences
                if not any(s0 >= b0 and s1 <= b1 for b0, b1 in skip)]
        found: list[tuple[int, int, str, bool]] = []
        for s, e, kind in ner.tag_text(text, keep, lower_words):
            label = _CRF_LABELS.get(kind)
            if label is None:
                continue
            parts = self._split_title(text, s, e)
            if parts is not None:
                found.extend(parts)
                continue
            last = text[s:e].split()[-1]
            if evidence.get(last, 0) >= PERSON_EVIDENCE and not _has_org_suffix_text(text[s:e]):
                label = PERSON  # "Enter Ahab" is cleaned as a person's name
            elif label == PERSON and _has_org_suffix_text(text[s:e]):
                label = ORGANIZATION  # "Deutsche Bahn", "Keck Observatory"
            elif label == PERSON and _PLACE_HEAD.match(text, s, e):
                label = LOCATION  # "Cape Horn", "Mount Hope", "Lake Erie": no one's name
            for a, b in clean_chunk(text, s, e, label == PERSON, lower_words):
                found.append((a, b, label, True))
        return self._place_pairs(text, keep, self._titled(text, keep, _saints(text, found)))

    @staticmethod
    def _titled(text: str, sentences: Sequence[Span],
                found: list[tuple[int, int, str, bool]]) -> list[tuple[int, int, str, bool]]:
        """A name after a form of address is a person, whether or not the model saw it:
        "Mrs. Bennet", "Miss Blenker" (the name, not the title, is the entity)."""
        covered = sorted((s, e) for s, e, _label, _c in found)
        extra = []
        for s0, s1 in sentences:
            for m in _ADDRESSED.finditer(text, s0, s1):
                if not _overlaps(covered, m.start("name"), m.end("name")):
                    extra.append((m.start("name"), m.end("name"), PERSON, True))
        return sorted(found + extra) if extra else found

    def _place_pairs(self, text: str, sentences: Sequence[Span],
                     found: list[tuple[int, int, str, bool]]) -> list[tuple[int, int, str, bool]]:
        """"the Russia-Ukraine conflict": two places joined by a hyphen are one word to the
        model (CoNLL calls the compound MISC) but two places to a reader."""
        covered = sorted((s, e) for s, e, _, _ in found)
        extra = []
        for s0, s1 in sentences:
            for m in _PLACE_PAIR.finditer(text, s0, s1):
                if _overlaps(covered, m.start(), m.end()):
                    continue
                if m.group(1) in self.places and m.group(2) in self.places:
                    extra.append((m.start(1), m.end(1), LOCATION, True))
                    extra.append((m.start(2), m.end(2), LOCATION, True))
        return sorted(found + extra) if extra else found

    @staticmethod
    def _mark_sentence_starts(toks: list[_Tok]) -> None:
        first = True
        for t in toks:
            if first and t.text[:1].isalnum():
                t.sent_start = True
                first = False
            elif t.text in {'"', "“", "‘", "'", ":", "(", "—", "–", ";"} or t.text == "-":
                # A word after an opening quote or a colon may be capitalised by grammar.
                first = t.text in {'"', "“", "‘", "'", ":"}
            else:
                first = False

    def _is_common(self, tok: _Tok, lower_words: frozenset[str]) -> bool:
        lw = tok.lower
        if lw in gz.COMMON_CAPITALISED:
            return True
        if tok.text in self.places or tok.text in self.org_acronyms:
            return False
        return bool(tok.sent_start
                    and (lw in lower_words or lw in _stop_words() or lw.endswith("ly")))

    def _runs(self, toks: list[_Tok], lower_words: frozenset[str],
              shouting: bool) -> list[list[int]]:
        runs: list[list[int]] = []
        cur: list[int] = []
        i = 0
        n = len(toks)
        while i < n:
            t = toks[i]
            is_name = t.cap and t.text[:1].isalpha() and not self._is_common(t, lower_words)
            if shouting:
                is_name = is_name and self._known_shouting(t)
            if is_name or (cur and (t.lower in CONNECTORS or t.text in {"-", "&"})
                  and (t.lower != "the" or toks[i - 1].lower == "of")
                  and i + 1 < n and toks[i + 1].cap and toks[i + 1].text[:1].isalpha()
                  and not self._is_common(toks[i + 1], lower_words)
                  and toks[i].start - toks[i - 1].end <= 1):
                cur.append(i)
            else:
                if cur:
                    runs.append(cur)
                cur = []
            i += 1
        if cur:
            runs.append(cur)
        return runs

    def _known_shouting(self, t: _Tok) -> bool:
        title = t.text.title()
        return (t.text in self.org_acronyms or title in self.places
                or t.lower in gz.FIRST_NAMES or (len(t.text) <= 4 and t.text in self.places))

    def _classify(self, text: str, toks: list[_Tok], run: list[int],
                  shouting: bool) -> list[tuple[int, int, str, bool]]:
        out: list[tuple[int, int, str, bool]] = []
        words = [toks[i] for i in run]
        # Trim connectors at the ends.
        while words and (words[-1].lower in CONNECTORS or words[-1].text in "-&"):
            words.pop()
        while words and (words[0].lower in CONNECTORS or words[0].text in "-&"):
            words.pop(0)
        if not words:
            return out
        # Split around a person title: [place/demonym] Title [of Dept] Name...
        title_at = None
        for k, w in enumerate(words):
            if w.lower.rstrip(".") in TITLES and k < len(words) - 1:
                title_at = k
        if title_at is not None:
            rest = words[title_at + 1:]
            if rest and rest[0].lower == "of" and len(rest) > 2:
                rest = rest[2:]
            rest = [w for w in rest if w.lower.rstrip(".") not in TITLES]
            head = words[:title_at]
            if head:
                out.extend(self._classify_head(head))
            if rest and not _has_org_suffix(rest):
                out.append((rest[0].start, rest[-1].end, PERSON, True))
                return out
            if rest:
                out.append((rest[0].start, rest[-1].end, ORGANIZATION, True))
            return out
        return out + self._classify_plain(text, toks, run, words, shouting)

    def _classify_head(self, head: list[_Tok]) -> list[tuple[int, int, str, bool]]:
        out = []
        for w in head:
            if w.text in self.places:
                out.append((w.start, w.end, LOCATION, True))
            elif w.text in self.org_acronyms:
                out.append((w.start, w.end, ORGANIZATION, True))
        return out

    # Complex by nature: cues tried in their order of trust.
    def _classify_plain(self, text: str, toks: list[_Tok], run: list[int], words: list[_Tok],  # noqa: C901
                        shouting: bool) -> list[tuple[int, int, str, bool]]:
        # Drop leading demonyms unless they start an organisation name.
        org_like = _has_org_suffix(words) or any(w.text in self.org_acronyms for w in words[-1:])
        while words and words[0].lower in gz.DEMONYMS and not org_like:
            words = words[1:]
        if not words:
            return []
        # Hyphenated lists of places: "Russia-Ukraine".
        if any(w.text == "-" for w in words):
            parts = _split_on(words, "-")
            if all(self._place(p) for p in parts):
                return [(p[0].start, p[-1].end, LOCATION, True) for p in parts]
        # Split runs joined by "and": "China and Russia".
        if any(w.lower == "and" for w in words) and not org_like:
            out = []
            for part in _split_on(words, "and"):
                out.extend(self._classify_plain(text, toks, run, part, shouting))
            return out
        surface = text[words[0].start:words[-1].end]
        s, e = words[0].start, words[-1].end
        if shouting:
            surface = surface.title()
        if surface in gz.ORG_NAMES:
            return [(s, e, ORGANIZATION, True)]
        if self._place(words):
            return [(s, e, LOCATION, True)]
        if org_like or surface in self.org_acronyms:
            return [(s, e, ORGANIZATION, True)]
        # Context.
        first_idx = toks.index(words[0])
        last_idx = toks.index(words[-1])
        prev = toks[first_idx - 1] if first_idx > 0 else None
        prev2 = toks[first_idx - 2] if first_idx > 1 else None
        nxt = toks[last_idx + 1] if last_idx + 1 < len(toks) else None
        nxt2 = toks[last_idx + 2] if last_idx + 2 < len(toks) else None
        if words[0].lower in gz.FIRST_NAMES and len(words) >= 2 and len(words) <= 4:
            return [(s, e, PERSON, True)]
        if prev is not None and prev.lower in ROLE_NOUNS:
            return [(s, e, PERSON, True)]
        if nxt is not None and (nxt.lower in gz.PERSON_VERBS
                                or (nxt.text == "," and nxt2 is not None
                                and nxt2.lower in {"who", "aged"})) and len(words) <= 4:
            return [(s, e, PERSON, True)]
        if words[0].allcaps and len(words) == 1 and 2 <= len(words[0].text) <= 6:
            return [(s, e, ORGANIZATION, False)]
        if prev is not None and prev.lower in PLACE_PREPOSITIONS and (
            prev2 is None or prev2.lower not in {"according"}
        ) and len(words) <= 3:
            return [(s, e, LOCATION, False)]
        if 2 <= len(words) <= 3 and all(w.text[:1].isupper() and w.text[1:].islower()
                                         for w in words if w.lower not in CONNECTORS):
            if not any(w.lower in CONNECTORS for w in words):
                return [(s, e, PERSON, False)]
            return [(s, e, ORGANIZATION, False)]
        if len(words) >= 4:
            return [(s, e, ORGANIZATION, False)]
        return [(s, e, "", False)]  # unknown: may be resolved by document consistency

    def _place(self, words: list[_Tok]) -> bool:
        surface = " ".join(w.text for w in words)
        if surface in self.places:
            return True
        lw = surface.lower()
        return words[0].allcaps and lw in self.places_lower

    # Complex by nature: one rule for each kind of clash.
    def _consistent(self, text: str, sentences: Sequence[Span], skip: list[Span],  # noqa: C901
                    found: list[tuple[int, int, str, bool]], lower_words: frozenset[str],
                    evidence: dict[str, int]) -> list[Entity]:
        # Labels learned from confident decisions, by surface and by name part.
        by_surface: dict[str, dict[str, int]] = {}
        for s, e, label, confident in found:
            if label and confident:  # "White\nWhale" (a hard-wrapped line) is "White Whale"
                d = by_surface.setdefault(one_name(text[s:e]), {})
                d[label] = d.get(label, 0) + 1
        person_parts: dict[str, str] = {}
        for surface, count in evidence.items():
            surface = one_name(surface)
            if (count >= PERSON_EVIDENCE and surface in by_surface
                    and not _has_org_suffix_text(surface)
                    and surface.lower() not in gz.NOT_NAMES):
                by_surface[surface] = {PERSON: 1}
                if " " not in surface:  # "said Flask" twice: every "Flask" is the man
                    person_parts[surface] = surface
        for surface, labels in by_surface.items():
            if max(labels, key=labels.__getitem__) == PERSON and " " in surface:
                parts = surface.split()
                for part in (parts[-1], parts[0]):
                    if (part[:1].isupper() and part.lower() not in gz.PERSON_TITLES
                            and part not in self.places):
                        person_parts.setdefault(part, surface)
        entities: list[Entity] = []
        for s, e, label, _confident in found:
            surface = text[s:e]
            known = by_surface.get(one_name(surface))
            if known:
                label = max(known, key=known.__getitem__)
            elif surface in person_parts:
                label = PERSON
            if label:
                entities.append(Entity(s, e, label, surface))
        # Single mentions missed by the run finder (sentence-initial "Blinken did not ...").
        if person_parts:
            taken = {(en.start, en.end) for en in entities}
            covered = sorted((en.start, en.end) for en in entities)
            rx = re.compile(r"\b(" + "|".join(re.escape(p) for p in
                                              sorted(person_parts, key=len, reverse=True))
                            + r")\b")
            for m in rx.finditer(text):
                s, e = m.span()
                if (s, e) in taken or _overlaps(covered, s, e):
                    continue
                if any(s >= b0 and e <= b1 for b0, b1 in skip):
                    continue
                entities.append(Entity(s, e, PERSON, m.group()))
        entities = sorted((_trimmed(en) for en in entities), key=lambda en: (en.start, en.end))
        return _one_label_each(_dedupe([
            en for en in entities
            if en.text and not gz.never_a_name(en.text)]))  # "Holloa", "Majesty": no name


def _saints(text: str, found: list[tuple[int, int, str, bool]]) -> list[tuple[int, int, str, bool]]:
    """The model leaves "St." out of names: "Neville St. Clair" comes as "Neville" and
    "Clair", "Lord St. Simon" as "Simon". A chunk right after "St." takes it in, and joins
    the chunk right before it (a person if either is)."""
    out: list[tuple[int, int, str, bool]] = []
    for s, e, label, confident in sorted(found):
        m = _SAINT.search(text, max(0, s - 7), s)
        if m:
            if out and text[out[-1][1]:m.start()] in (" ", "\n"):
                s0, _e0, label0, _c0 = out.pop()
                label = PERSON if PERSON in (label0, label) else label
                s = s0
            else:
                s = m.start()
        out.append((s, e, label, confident))
    return out


def _one_label_each(entities: list[Entity]) -> list[Entity]:
    """One label per name per document: the one most of its mentions have ("Lambton" the
    town nine times and once a person is the town), on a tie its first mention's."""
    names = [one_name(en.text) for en in entities]
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[str, str] = {}
    for en, name in zip(entities, names, strict=True):
        votes[name][en.label] += 1
        first.setdefault(name, en.label)
    out = []
    for en, name in zip(entities, names, strict=True):
        vote = votes[name]
        label = max(vote, key=lambda lab: (vote[lab], lab == first[name]))
        out.append(en if label == en.label else Entity(en.start, en.end, label, en.text))
    return out


#: How many times a name must follow a title or a speech verb to be a person throughout.
PERSON_EVIDENCE = 2

_NAME = r"([A-Z][\w'’-]*[a-z][\w'’-]*(?:\s+[A-Z][\w'’-]*[a-z][\w'’-]*)?)"
_EVIDENCE = re.compile(
    rf"\b(?:{gz.TITLE_WORDS})\.?\s+{_NAME}"
    rf"|\b(?:{gz.SAYING_VERBS})\s+(?:(?:{gz.TITLE_WORDS})\.?\s+)?{_NAME}"
)


_TRAILING = re.compile(r"[!?\"”]+$")


def _trimmed(en: Entity) -> Entity:
    """A name without the punctuation after it ("Elizabeth!", "Jane?", "I.”")."""
    m = _TRAILING.search(en.text)
    if m is None:
        return en
    text = en.text[:m.start()].rstrip()
    return Entity(en.start, en.start + len(text), en.label, text)


def _person_evidence(text: str) -> dict[str, int]:
    """How often each name follows a person's title ("Captain Ahab", "Mrs. Bennet") or a
    speech verb ("cried Stubb", "said Lydia"): evidence that holds in any genre."""
    counts: dict[str, int] = {}
    for m in _EVIDENCE.finditer(text):
        name = m.group(1) or m.group(2)
        parts = name.split()
        for key in {name, parts[0], parts[-1]}:
            counts[key] = counts.get(key, 0) + 1
    return counts


def _has_org_suffix_text(surface: str) -> bool:
    words = surface.split()
    return any(w.lower().rstrip(".") in gz.ORG_SUFFIXES for w in words[1:])


def _overlaps(covered: list[Span], s: int, e: int) -> bool:
    import bisect

    i = bisect.bisect_left(covered, (s, -1))
    for j in (i - 1, i):
        if 0 <= j < len(covered):
            a, b = covered[j]
            if a < e and s < b:
                return True
    return False


def _dedupe(entities: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    last_end = -1
    for en in entities:
        if en.start >= last_end:
            out.append(en)
            last_end = en.end
    return out


def _split_on(words: list[_Tok], sep: str) -> list[list[_Tok]]:
    parts: list[list[_Tok]] = [[]]
    for w in words:
        if w.lower == sep or w.text == sep:
            parts.append([])
        else:
            parts[-1].append(w)
    return [p for p in parts if p]


def _has_org_suffix(words: list[_Tok]) -> bool:
    return any(w.lower.rstrip(".") in gz.ORG_SUFFIXES for w in words[1:]) or (
        len(words) >= 1 and words[-1].lower in {"inc", "corp", "ltd", "plc", "llc", "fc"}
    )


def _is_shouting(toks: list[_Tok]) -> bool:
    words = [t for t in toks if any(c.isalpha() for c in t.text)]
    if len(words) < 3:
        return False
    caps = sum(1 for t in words if t.allcaps)
    return caps / len(words) >= 0.6


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    try:
        from reader.core.analysis.summarize import stop_words

        return stop_words("english")
    except Exception:
        return frozenset()


@functools.lru_cache(maxsize=1)
def _default_recogniser() -> Recogniser:
    return Recogniser()


def recognise(text: str, sentences: Sequence[Span], skip: Iterable[Span] = ()) -> list[Entity]:
    """Entities in *text* (its sentences from :func:`.sentences.split_sentences`)."""
    return _default_recogniser().recognise(text, sentences, skip)
