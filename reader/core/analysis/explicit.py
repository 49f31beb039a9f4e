"""The speaker the words around a quotation name: ``"…," Zhao said``, ``said Mr. van der
Luyden``, ``According to Limbaugh, "…"``, ``footage of Trump saying, "…"``, ``"…," said he``
(a pronoun: the one whose turn it is, else the last salient person of its gender), ``cried
his wife``; the same speaker going on; the subject of the quotation's sentence. The patterns
are :mod:`reader.core.analysis.said`'s."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from reader.core.analysis.chunks import one_name
from reader.core.analysis.context import (
    TITLED,
    TITLED_END,
    TITLES,
    Context,
    first_named,
    first_person,
    name_of,
    sentence_of,
)
from reader.core.analysis.dialogue import NARRATOR
from reader.core.analysis.entities import ORGANIZATION, Entity
from reader.core.analysis.genders import GENDER_OF, of_gender
from reader.core.analysis.said import (
    ACCORDING,
    ACCORDING_BEFORE,
    AFTER_APPOSITIVE,
    AFTER_DASH,
    AFTER_GROUP_VERB,
    AFTER_SUBJ_VERB,
    AFTER_VERB_SUBJ,
    ANTECEDENT,
    APPOSITION,
    BEFORE,
    INTRO,
    NOT_SPEAKERS,
    ORG_NOUNS,
    PARTICIPLE,
    PREPOSITIONS,
    PRONOUNS,
)

Span = tuple[int, int]


def sentence_subject(ctx: Context, s: int, e: int) -> str | None:
    """Last resort: the first person or organisation of the quotation's sentence, before
    the quotation ("Politifact rated 32% of claims as “false”") or, when the quotation
    opens its sentence, after it ("“…” Rep. Gwen Moore (D-Wis.) said Friday")."""
    text = ctx.text
    sent = sentence_of(s, ctx.sentences, ctx.sent_starts)
    if not sent:
        return None
    starts = ctx.speaker_starts
    if sent[0] < s and text[sent[0]:s].strip(" \t\n\"“‘'—―-("):
        who = first_named(ctx, ctx.speakers, starts, sent[0], s)
        if who:
            return who
        head = text[sent[0]:s].split()
        if head and head[0].lower() in {"he", "she"}:
            return ctx.last_salient(s)
        return None
    end = sent[1]
    nl = text.find("\n", e)
    if 0 <= nl < end:
        end = nl
    k = bisect.bisect_left(starts, e)
    if k < len(ctx.speakers) and ctx.speakers[k].end <= end and ctx.speakers[k].start - e < 80:
        return name_of(ctx, ctx.speakers[k])
    return None


def continued(text: str, prev: tuple[int, int, str | None], span: Span,
              persons: Sequence[Entity], person_starts: list[int]) -> str | None:
    """A quotation that follows an attributed one (*prev*: start, end, speaker), nobody
    else named in between, is the same speaker going on ("…," said X. "…")."""
    s, e = span
    _, prev_end, speaker = prev
    if s - prev_end > 600:
        return None
    k = bisect.bisect_left(person_starts, prev_end)
    if k < len(persons) and persons[k].start < s:
        gap_names = {p.text for p in persons[k:] if p.start < s}
        if not all(speaker and (n in speaker or speaker in n) for n in gap_names):
            return None
    # Scare quotes and quoted titles are not someone going on speaking.
    if len(text[s:min(e, s + 2000)].split()) < 6:
        return None
    return speaker


def _pronoun(ctx: Context, pronoun: str, at: int) -> str | None:
    """Who a pronoun speaker is: "he"/"she" the one whose turn it is or the last salient
    person of that gender, "they" / "we" the last person named; "I" the narrator, named at
    the end if the others call them by a name
    (:func:`~reader.core.analysis.dialogue.narrator_named`)."""
    if pronoun == "i":
        return NARRATOR
    if ctx.names_only:
        return None
    if pronoun in {"he", "she", "him", "her"}:
        return ctx.last_salient(at, pronoun) or _last_person(ctx, at, pronoun)
    return _last_person(ctx, at)


_KIN = {"wife", "lady", "husband", "mother", "father", "son", "daughter", "sister", "brother",
        "aunt", "uncle", "cousin", "niece", "nephew", "friend", "companion", "guest"}


def _spouse(ctx: Context, possessive: str, kin: str, at: int) -> str | None:
    """"cried his wife": Mr. Bennet's wife is Mrs. Bennet, when the text names her so; any
    other relation ("his son") is left to the other rules, never given as a name."""
    if (possessive, kin) not in (("his", "wife"), ("his", "lady"), ("her", "husband")):
        return None
    whose = _pronoun(ctx, "he" if possessive == "his" else "she", at)
    title, other = ("Mr. ", "Mrs. ") if possessive == "his" else ("Mrs. ", "Mr. ")
    if whose and whose.startswith(title):
        spouse = other + whose[len(title):]
        if spouse in ctx.gender:  # a name the text uses (every titled name has a gender)
            return spouse
    return None


def _short_form(ctx: Context, who: str, words: list[str], first: str,
                at: int) -> str | None:
    """A speaker of one or two words that says who it is by its form: a pronoun, "his
    wife", "the Queen", "Mrs. Bennet" (the name; "" for no one), else None (not one)."""
    bare = who.lower().rstrip(".")
    if bare.capitalize() in TITLES:
        return ""  # "Mr" of "Mr. Knightley" cut short
    if len(words) == 2 and first in ("his", "her") and words[1].lower() in _KIN:
        return _spouse(ctx, first, words[1].lower(), at) or ""
    if bare in PRONOUNS or (first in PRONOUNS and who[:1].islower()):
        return _pronoun(ctx, bare, at) or ""
    if first == "the" and len(words) == 2 and words[1][:1].isupper():
        return who  # "the Footman", "the Queen": what the text calls them
    if words[0].rstrip(".") in TITLES and len(words) > 1 and words[-1][:1].isupper() and all(
            w.islower() for w in words[1:-1]):
        return one_name(who)  # "Mrs. Bennet", "Mr. van der Luyden": as the text names them
    return None


def _resolve(ctx: Context, who: str, at: int) -> str | None:
    who = who.strip()
    words = who.split()
    first = words[0].lower() if words else ""
    if first in NOT_SPEAKERS:
        return None
    short = _short_form(ctx, who, words, first, at)
    if short is not None:
        return short or None
    if TITLED.match(who):
        if first.rstrip(".") == "mrs":
            return one_name(who)  # "Mrs. John Knightley" is not John Knightley: his wife
        who, words = " ".join(words[1:]), words[1:]  # "Dr. Jane Smith" is Jane Smith
    if who in ctx.full:
        return ctx.full[who]
    # A longer phrase that contains a known person ("President Joe Biden").
    for part in reversed(words):
        if part in ctx.full:
            return ctx.full[part]
    if len(words) > 6:
        return None
    if words and first in {"the", "a", "an"}:
        named = TITLED_END.search(who.rstrip(" .,;:!?"))
        if named:  # "the obliging Mrs. Ford" is Mrs. Ford
            return _resolve(ctx, named.group(), at)
        if len(words) == 2 and words[1].lower() in ORG_NOUNS:
            org = _last_org(ctx, at)  # "the newspaper" -> the last organisation named
            if org:
                return org
        return who
    if who[:1].islower():
        return who if len(words) <= 3 else None  # "museum researchers"
    return who


#: How far back "she said" looks for a woman the text has said is one (a man for "he").
_FAR = 8000


def _last_person(ctx: Context, at: int, pronoun: str = "") -> str | None:
    """The last person named before *at* who can be the pronoun's (see
    :func:`~reader.core.analysis.genders.of_gender`: within 1,500 characters, or
    :data:`_FAR` for one the text says is of its gender)."""
    want = GENDER_OF.get(pronoun)
    k = bisect.bisect_left(ctx.person_starts, at) - 1
    near = []
    while k >= 0 and at - ctx.persons[k].end < (_FAR if want else 1500):
        near.append((at - ctx.persons[k].end, name_of(ctx, ctx.persons[k])))
        k -= 1
    return of_gender(near, want, ctx.gender, 1500, ctx.dialogue)


def _last_org(ctx: Context, at: int) -> str | None:
    orgs = [x for x in ctx.speakers if x.label == ORGANIZATION and x.end <= at]
    return orgs[-1].text if orgs and at - orgs[-1].end < 2000 else None


_HEAD = 600


#: A speaker described, not named ("the young man", "my companion", "a spokesman").
DESCRIBED = re.compile(r"(?:the|my|a|an|our|his|her) [a-z -]+$")


def said_by(ctx: Context, s: int, e: int) -> str | None:
    text = ctx.text
    # After the quotation: up to the end of its paragraph (a hard-wrapped line break is not
    # one: "said Mr.\nKnightley"), at most 120 characters.
    tail_end = ctx.paragraphs.end_of(e - 1) if ctx.paragraphs else len(text)
    tail = text[e:min(tail_end, e + 120)]
    m = AFTER_DASH.match(tail)
    if m:
        return _resolve(ctx, m.group("who"), s)
    # '… an “outlaw nation.” Russia insisted …': a full stop inside the closing mark ends
    # the sentence, and what follows is someone else's.
    ends_sentence = text[max(s, e - 3):e].rstrip("\"”»“'’ ").endswith(".")
    for rx in () if ends_sentence else (AFTER_SUBJ_VERB, AFTER_VERB_SUBJ, AFTER_APPOSITIVE,
                                        AFTER_GROUP_VERB):
        m = rx.match(tail)
        if m:
            named = APPOSITION.match(tail, m.end("who"))  # "the harbour master, Tom Reid"
            who = _resolve(ctx, named.group("who") if named and m.group("who")[:1].islower()
                           else m.group("who"), s)
            if who:
                return who
    # Before the quotation, within its sentence (or the one before for "X said: "), in its
    # paragraph — or the one before when that one ends introducing it ("…, said gently:").
    sent = sentence_of(s, ctx.sentences, ctx.sent_starts)
    head_start = sent[0] if sent and sent[0] < s else max(0, text.rfind("\n", 0, s) + 1)
    para_start = ctx.paragraphs.start_of(s) if ctx.paragraphs else 0
    # (Only the end of what comes before: a book's whole beginning is not copied per quote.)
    introduced = text[max(0, para_start - 80):para_start].rstrip().endswith(
        (":", "--", "—", ","))
    if head_start < para_start and not introduced:
        head_start = para_start
    elif introduced and para_start > 0 and not text[para_start:s].strip():
        # The paragraph before ends introducing this one: its last sentence is the head.
        j = bisect.bisect_right(ctx.sent_starts, para_start - 1) - 1
        head_start = max(ctx.sent_starts[j], ctx.paragraphs.start_of(para_start - 1)
                         if ctx.paragraphs else 0) if j >= 0 else head_start
    # At most the last 600 characters: who introduces a quotation does so near it, and a
    # name pattern over a sentence of thousands of capitalised words takes quadratic time.
    head_start = max(head_start, s - _HEAD)
    who = _led_in(ctx, head_start, s)
    if who:
        return who
    m = ACCORDING.search(tail)
    return _resolve(ctx, m.group("who"), s) if m else None


def _described_after_preposition(text: str, at: int, who: str) -> bool:
    """"with a more smiling solemnity replied": a description (in lower case) right after
    a preposition is how someone speaks, not who."""
    who = " ".join(who.split())
    words = text[max(0, at - 20):at].split()
    return (bool(DESCRIBED.match(who.lower())) and who[1:].islower() and bool(words)
            and words[-1].lower() in PREPOSITIONS)


def _led_in(ctx: Context, head_start: int, s: int) -> str | None:
    """The speaker the words before a quotation (text[head_start:s]) name: "X said",
    "Beaufort retorted:", "According to X,", "Trump saying, “…”", "X called out, “…”"."""
    head = ctx.text[head_start:s]
    matches = list(BEFORE.finditer(head))
    for m in [*matches[-1:], INTRO.search(head) if ctx.dialogue else None,
              ACCORDING_BEFORE.search(head)]:
        if m and m.group("who") == "who":  # "met by the butler, who said," is the butler
            m = ANTECEDENT.search(head, 0, m.start())
        if m and _described_after_preposition(head, m.start(), m.group("who")):
            continue  # "in a more determined manner said," is not a speaker
        who = _resolve(ctx, m.group("who"), head_start + m.start()) if m else None
        if who:
            return who
    m = PARTICIPLE.search(head)
    if m:  # "Trump saying, “…”" is Trump; "Dean poked at Trump, tweeting, “…”" is Dean
        at = head_start + m.start()
        k = bisect.bisect_left(ctx.speaker_starts, at) - 1
        if not m.group("comma") and k >= 0 and not ctx.text[ctx.speakers[k].end:at].strip():
            return name_of(ctx, ctx.speakers[k])
        who = first_named(ctx, ctx.speakers, ctx.speaker_starts, head_start, at)
        if who:
            return who
    if ctx.dialogue and head.rstrip().endswith((",", ":")):
        # "Mrs. Bennet half opened the door and called out, / “…”": the one who introduces it.
        j = bisect.bisect_right(ctx.sent_starts, s - 1) - 1
        if j >= 0 and ctx.sent_starts[j] < s:
            start = max(head_start, ctx.sent_starts[j])
            # ... or "He proceeded a little farther, and then, with a smile, observed,".
            opener = ctx.text[start:s].split(None, 1)[0]
            return first_person(ctx, start, s) or (
                _pronoun(ctx, opener.lower(), start) if opener in ("He", "She") else None)
    return None
