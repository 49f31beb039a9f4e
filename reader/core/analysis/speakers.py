"""Who said each quotation.

The speaker comes from the words around the quotation — ``"…," Zhao said``, ``said Zhao``,
``Blinken said: "…"``, ``He said that … "…"``; pronouns resolve to the last person of that
gender who was the subject of a sentence or a speaker; names resolve to the fullest form the
document uses ("Zhao" -> "Zhao Lijian"). In a novel, whose conversations take turns (see
:mod:`reader.core.analysis.dialogue`), a conversation fills the turns nobody names, and the
narration around an unattributed quotation (who acts just before or after it) tells the rest.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.analysis.dialogue import (
    NARRATOR,
    VOCATIVE,
    Paragraphs,
    conversation_speakers,
    give_way,
    narrator_named,
    takes_turns,
)
from reader.core.analysis.entities import LOCATION, ORGANIZATION, PERSON, Entity
from reader.core.analysis.gazetteer import FIRST_NAMES
from reader.core.analysis.genders import GENDER_OF, genders, of_gender
from reader.core.analysis.names import one_name, person_names
from reader.core.analysis.said import (
    ACCORDING,
    ACCORDING_BEFORE,
    AFTER_APPOSITIVE,
    AFTER_DASH,
    AFTER_GROUP_VERB,
    AFTER_SUBJ_VERB,
    AFTER_VERB_SUBJ,
    APPOSITION,
    BEFORE,
    INTRO,
    NOT_SPEAKERS,
    ORG_NOUNS,
    PARTICIPLE,
    PREPOSITIONS,
    PRONOUNS,
)
from reader.core.analysis.sentences import ABBREVIATIONS
from reader.core.spans import inside

Span = tuple[int, int]


def attribute(text: str, sentences: Sequence[Span], entities: Sequence[Entity],
              spans: Sequence[Span], paras: Sequence[Span]) -> list[str | None]:
    """The speaker of each quotation in *spans* (None where the text does not tell), from
    the text's *sentences*, *entities* and paragraphs (*paras*)."""
    quoted = list(spans)
    # Names inside quotations are what someone said, not who is speaking.
    outside = [e for e in entities if not inside(quoted, e.start)]
    persons = [e for e in outside if e.label == PERSON]
    person_starts = [e.start for e in persons]
    full = person_names(persons)
    sent_starts = [s for s, _ in sentences]
    ctx = _Context(text, sentences, sent_starts, persons, person_starts, full,
                   [e for e in outside if e.label in (PERSON, ORGANIZATION)
                    or (e.label == LOCATION and _opens_sentence(text, sentences, sent_starts,
                                                                e.start))],
                   _subjects(text, sentences, sent_starts, persons, full), {})
    ctx.gender = genders(text, persons, lambda p: _name_of(ctx, p))
    paragraphs = ctx.paragraphs = Paragraphs(text, paras)
    ctx.names_only = True  # first, the speakers the text names
    named = [_clean(who) if who and who != NARRATOR else who
             for who in (_speaker(ctx, s, e) for s, e in spans)]
    ctx.speaking = frozenset(named)
    dialogue = ctx.dialogue = takes_turns(paragraphs, spans, named)
    if dialogue:  # who acts around a quotation the text does not attribute: a turn's anchor
        beats = [None if who else _beat(ctx, spans, i) for i, who in enumerate(named)]
        named = give_way(paragraphs, spans, [who or beat for who, beat in zip(
            named, beats, strict=True)], {i for i, beat in enumerate(beats) if beat})
        for step in (-1, 1):  # then who a neighbouring turn calls by name
            known = set(named)
            named = [who or _called(ctx, spans, named, i, step, known)
                     for i, who in enumerate(named)]
    ctx.names_only = False
    turns = conversation_speakers(paragraphs, spans, named,
                                  lambda who: _vocative_name(ctx, who),
                                  lambda at, skip: _named_before(ctx, at, skip)
                                  ) if dialogue else {}
    said: list[tuple[int, int, str | None]] = []  # (start, end, speaker) so far
    for i, (s, e) in enumerate(spans):
        ctx.turn = turns.get(i)
        speaker = _speaker(ctx, s, e)
        if speaker is None:
            speaker = turns.get(i)
            if speaker and speaker in _calls(ctx, s, e):
                # Nobody calls themselves by name: the turn is the other side's.
                speaker = next((turns[j] for j in (i - 1, i + 1)
                                if turns.get(j) not in (None, speaker)), None)
        reply = dialogue and paragraphs.opened_by(s) and paragraphs.of(s) - 1 in {
            paragraphs.of(q[0]) for q in said[-3:] if paragraphs.opened_by(q[0])}
        if speaker is None and said and said[-1][2] and not reply:
            speaker = _continued(text, said[-1], (s, e), persons, person_starts)
        if speaker is None:
            speaker = _sentence_subject(ctx, s, e)
        if speaker is None and dialogue:
            speaker = _beat(ctx, spans, i)
        if speaker is None and paragraphs.opened_by(s):
            speaker = _nearest_name(ctx, s, e)
        if speaker is not None and speaker != NARRATOR:
            speaker = _clean(speaker)
            ctx.note_speaker(s, speaker)
        said.append((s, e, speaker))
    # The narrator's name is mostly said inside quotations: any person the text names.
    anyone = {one_name(x.text) for x in entities if x.label == PERSON}
    return narrator_named(text, [who for _, _, who in said], spans,
                          lambda who: _vocative_name(ctx, who) or (
                              one_name(who) if one_name(who) in anyone else None))


def _called(ctx: _Context, spans: Sequence[Span], named: Sequence[str | None], i: int,
            step: int, known: set[str | None]) -> str | None:
    """The speaker a neighbouring turn calls by name: the quotation before calls someone
    and they answer (*step* -1: "…long letters, Mr. Darcy?" / "It is a rule with me…"), or
    the reply calls the one it answers (*step* +1: "…" / "Much more rational, my dear
    Caroline…"). The later of the two opens the paragraph after the earlier's; a name
    the neighbour's own speaker bears is not a call; of several, the one nearest the turn
    between. "Miss Elizabeth" is called the name she speaks under (*known*): "Elizabeth"."""
    paragraphs = ctx.paragraphs
    j = i + step
    if paragraphs is None or not 0 <= j < len(spans):
        return None
    early, late = sorted((spans[i][0], spans[j][0]))
    if not paragraphs.opened_by(late) or paragraphs.of(late) != paragraphs.of(early) + 1:
        return None
    calls = []
    for name in _calls(ctx, *spans[j]):
        if _TITLED.match(name) and name not in known:
            bare = name.split(" ", 1)[1]
            name = bare if bare in known else name
        if name != named[j]:
            calls.append(name)
    # The call nearest the other turn: the last of the one before, the first of the reply.
    return (calls[-1] if step < 0 else calls[0]) if calls else None


def _calls(ctx: _Context, s: int, e: int) -> list[str]:
    """The people the quotation text[s:e] calls by name, in order."""
    return [name for m in VOCATIVE.finditer(ctx.text[s:e])
            if (name := _vocative_name(ctx, m.group("who")))]


def _vocative_name(ctx: _Context, who: str) -> str | None:
    """A vocative as the person it names (a character the text knows), else None."""
    who = one_name(who)
    if _TITLED.match(who):
        return who
    if who in ctx.full:
        return ctx.full[who]
    return None


def _named_before(ctx: _Context, at: int, skip: set[str]) -> str | None:
    """The last person named before *at* (within 1,500 characters) who is not in *skip*:
    one the text says is a person — who speaks somewhere (``ctx.speaking``), has a title
    or a gender, or a first name — before a name it says nothing of ("the Beaune which I
    had taken" is a wine the recogniser can take for a person)."""
    for speaking in (True, False):
        k = bisect.bisect_left(ctx.person_starts, at) - 1
        while k >= 0 and at - ctx.persons[k].end < 1500:
            name = _name_of(ctx, ctx.persons[k])
            if name not in skip and (not speaking or name in ctx.speaking
                                     or name in ctx.gender
                                     or name.split()[0].lower() in FIRST_NAMES):
                return name
            k -= 1
    return None


def _nearest_name(ctx: _Context, s: int, e: int) -> str | None:
    """The last resort: the nearest person named within 200 characters after the
    quotation, else before it, in the same or a neighbouring paragraph."""
    k = bisect.bisect_left(ctx.person_starts, e)
    if k < len(ctx.persons) and ctx.persons[k].start - e <= 200:
        return _name_of(ctx, ctx.persons[k])
    k = bisect.bisect_left(ctx.person_starts, s) - 1
    if k >= 0 and s - ctx.persons[k].end <= 200:
        return _name_of(ctx, ctx.persons[k])
    return None


_HE_SHE = re.compile(r"(?:He|She)\b")


def _subject_at(ctx: _Context, pos: int, end: int) -> str | None:
    """The person a sentence starting at *pos* is about when it opens with them (a name in
    its first three words, or "He"/"She"), else None."""
    text = ctx.text
    while pos < end and (text[pos].isspace() or text[pos] in "_("):
        pos += 1
    if pos >= end or not text[pos].isupper():
        return None
    m = _HE_SHE.match(text, pos)
    if m:
        pronoun = m.group().lower()
        who = ctx.last_salient(pos, pronoun)
        # While only named speakers are gathered, "She smiled." is someone only when the
        # text says she is a woman.
        return who if not ctx.names_only or ctx.gender.get(who or "") == GENDER_OF[
            pronoun] else None
    k = bisect.bisect_left(ctx.person_starts, pos)
    if k < len(ctx.persons) and ctx.persons[k].start < end and \
            len(text[pos:ctx.persons[k].start].split()) <= 2:
        before = text[pos:ctx.persons[k].start].split()
        if not before or before[-1].lower() not in PREPOSITIONS:
            return _name_of(ctx, ctx.persons[k])
    return None


def _first_person(ctx: _Context, start: int, end: int) -> str | None:
    """The first person named in [start, end) who is not the object of a preposition."""
    return _first_named(ctx, ctx.persons, ctx.person_starts, start, end)


def _first_named(ctx: _Context, named: Sequence[Entity], starts: list[int], start: int,
                 end: int) -> str | None:
    """The first of *named* (their *starts* sorted) inside [start, end) that is not the
    object of a preposition ("spoke to Mr. Darcy")."""
    k = bisect.bisect_left(starts, start)
    while k < len(named) and named[k].end <= end:
        before = ctx.text[start:named[k].start].split()
        if not before or before[-1].lower() not in PREPOSITIONS:
            return _name_of(ctx, named[k])
        k += 1
    return None


def _beat(ctx: _Context, spans: Sequence[Span], i: int) -> str | None:
    """The person whose action frames an unattributed quotation: the subject of the
    narration that follows it in its paragraph ("“…” Archer reddened."), else of the
    narration just before it ("Miss Blenker looked at him. / “…”")."""
    paragraphs = ctx.paragraphs
    if paragraphs is None:
        return None
    s, e = spans[i]
    k = paragraphs.of(s)
    p0, p1 = paragraphs.paras[k]
    nxt = spans[i + 1][0] if i + 1 < len(spans) else p1
    if nxt >= p1 and ctx.text[e:p1].strip():
        who = _subject_at(ctx, e, p1)
        if who:
            return who
    sent = _sentence_of(s, ctx.sentences, ctx.sent_starts)
    prev_end = spans[i - 1][1] if i else 0
    if sent and p0 <= sent[0] <= s and prev_end <= sent[0]:
        # A sentence of narration in this paragraph ends just before the quotation (or
        # the quotation's sentence opens with it: "After a moment he ventured: “…”").
        j = bisect.bisect_right(ctx.sent_starts, s - 1) - 1
        if j > 0 and ctx.sent_starts[j] >= s - 1:
            j -= 1
        if j >= 0 and ctx.sent_starts[j] >= max(p0, prev_end):
            return _subject_at(ctx, ctx.sent_starts[j], s)
        if sent[0] < s:
            return None
    if k > 0 and paragraphs.opened_by(s) and prev_end <= paragraphs.paras[k - 1][0]:
        q0, q1 = paragraphs.paras[k - 1]
        j = bisect.bisect_right(ctx.sent_starts, q1 - 1) - 1
        if j >= 0 and ctx.sent_starts[j] >= q0:
            return _subject_at(ctx, ctx.sent_starts[j], q1)
    return None


def _opens_sentence(text: str, sentences: Sequence[Span], sent_starts: list[int],
                    pos: int) -> bool:
    """A place that opens its sentence is acting as its subject: "Russia insisted …"."""
    sent = _sentence_of(pos, sentences, sent_starts)
    return bool(sent) and not text[sent[0]:pos].strip()


@dataclass
class _Context:
    text: str
    sentences: Sequence[Span]
    sent_starts: list[int]
    persons: Sequence[Entity]
    person_starts: list[int]
    full: dict[str, str]
    speakers: Sequence[Entity]  # people and organisations outside quotations
    salient: list[tuple[int, str]]  # (position, name): sentence subjects and speakers
    gender: dict[str, str]  # name -> "m" / "f", where the text says (see _genders)
    #: In a conversation, whose turn it is for the quotation being attributed.
    turn: str | None = None
    #: While the speakers the text names are gathered: pronouns are not resolved yet.
    names_only: bool = False
    paragraphs: Paragraphs | None = None
    #: The text's conversations take turns (a novel): see :func:`takes_turns`.
    dialogue: bool = False
    #: The names the text gives as speakers ("said Elizabeth"), once the first pass is done.
    speaking: frozenset[str | None] = frozenset()

    @functools.cached_property
    def speaker_starts(self) -> list[int]:
        return [x.start for x in self.speakers]

    def note_speaker(self, at: int, name: str) -> None:
        bisect.insort(self.salient, (at, name))

    def last_salient(self, at: int, pronoun: str = "") -> str | None:
        """The person a "he"/"she" at *at* most likely means: the one whose turn it is in a
        dialogue, else the last one who was the subject of a sentence or the speaker of a
        quotation within 1,500 characters who can be the pronoun's (see
        :func:`~reader.core.analysis.genders.of_gender`)."""
        want = GENDER_OF.get(pronoun.lower())
        # "he"/"she" is never the one who tells the story in the first person.
        if self.turn and self.turn != NARRATOR and self.gender.get(self.turn, want) == want:
            return self.turn
        k = bisect.bisect_left(self.salient, (at, "")) - 1
        near = []
        while k >= 0 and at - self.salient[k][0] < 1500:
            near.append((at - self.salient[k][0], self.salient[k][1]))
            k -= 1
        return of_gender(near, want, self.gender, 1500, self.dialogue)


def _subjects(text: str, sentences: Sequence[Span], sent_starts: list[int],
              persons: Sequence[Entity], full: dict[str, str]) -> list[tuple[int, str]]:
    """Persons that open a sentence (within its first few words): the likely antecedents
    of the next sentence's "he" or "she"."""
    out = []
    for p in persons:
        sent = _sentence_of(p.start, sentences, sent_starts)
        if sent and len(text[sent[0]:p.start].split()) <= 3:
            out.append((p.start, _as_named(text, full, p)))
    return out


def _sentence_subject(ctx: _Context, s: int, e: int) -> str | None:
    """Last resort: the first person or organisation of the quotation's sentence, before
    the quotation ("Politifact rated 32% of claims as “false”") or, when the quotation
    opens its sentence, after it ("“…” Rep. Gwen Moore (D-Wis.) said Friday")."""
    text = ctx.text
    sent = _sentence_of(s, ctx.sentences, ctx.sent_starts)
    if not sent:
        return None
    starts = ctx.speaker_starts
    if sent[0] < s and text[sent[0]:s].strip(" \t\n\"“‘'—―-("):
        who = _first_named(ctx, ctx.speakers, starts, sent[0], s)
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
        return _name_of(ctx, ctx.speakers[k])
    return None


#: Titles that make a name a different person from its bare surname ("Mrs. Bennet" is not
#: "Mr. Bennet", nor Elizabeth): a speaker keeps the one the text gives.
TITLES = ("Mr", "Mrs", "Miss", "Ms", "Dr", "Lady", "Sir", "Lord", "Madame", "Mme", "Mlle",
          "Monsieur", "Colonel", "Captain", "Professor", "Aunt", "Uncle")
# "Mrs. van der Luyden": the particles of a name go with it.
_TITLE_BEFORE = re.compile(r"\b(?:" + "|".join(TITLES) + r")\.?\s+"
                           r"(?:(?:van|von|de|der|den|du|la|le|di|da|del)\s+)*$")
_TITLED = re.compile(r"^(?:" + "|".join(TITLES) + r")\.?\s+[A-Z]")


def _name_of(ctx: _Context, ent: Entity) -> str:
    return _as_named(ctx.text, ctx.full, ent)


def _as_named(text: str, full: dict[str, str], ent: Entity) -> str:
    """A person as the text names them: under a title when it gives one with one name
    ("Mrs. Bennet"), else by the fullest name the document uses for them ("Dr. Jane
    Smith" is Jane Smith, as "Smith" is)."""
    title = _TITLE_BEFORE.search(text, max(0, ent.start - 24), ent.start)
    if title and " " not in one_name(ent.text):
        return one_name(text[title.start():ent.end])
    return full.get(ent.text) or one_name(ent.text)


def _clean(name: str) -> str:
    """A speaker as a name: one line, no full stop of the sentence it ended ("Holmes."),
    a title's own kept ("Mr."), no underscores of a plain-text book's italics ("the
    _Standard_")."""
    name = one_name(name.replace("_", ""))
    last = name.rsplit(" ", 1)[-1]
    if last.endswith(".") and last[:-1].lower() not in ABBREVIATIONS:
        name = name[:-1]
    return name


def _continued(text: str, prev: tuple[int, int, str | None], span: Span,
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


def _pronoun(ctx: _Context, pronoun: str, at: int) -> str | None:
    """Who a pronoun speaker is: "he"/"she" the one whose turn it is or the last salient
    person of that gender, "they" / "we" the last person named; "I" the narrator, named at
    the end if the others call them by a name (:func:`_narrator_named`)."""
    if pronoun == "i":
        return NARRATOR
    if ctx.names_only:
        return None
    if pronoun in {"he", "she", "him", "her"}:
        return ctx.last_salient(at, pronoun) or _last_person(ctx, at, pronoun)
    return _last_person(ctx, at)


_KIN = {"wife", "lady", "husband", "mother", "father", "son", "daughter", "sister", "brother",
        "aunt", "uncle", "cousin", "niece", "nephew", "friend", "companion", "guest"}


def _spouse(ctx: _Context, possessive: str, kin: str, at: int) -> str | None:
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


def _short_form(ctx: _Context, who: str, words: list[str], first: str,
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


def _resolve(ctx: _Context, who: str, at: int) -> str | None:
    who = who.strip()
    words = who.split()
    first = words[0].lower() if words else ""
    if first in NOT_SPEAKERS:
        return None
    short = _short_form(ctx, who, words, first, at)
    if short is not None:
        return short or None
    if _TITLED.match(who):
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


def _last_person(ctx: _Context, at: int, pronoun: str = "") -> str | None:
    """The last person named before *at* who can be the pronoun's (see
    :func:`~reader.core.analysis.genders.of_gender`: within 1,500 characters, or
    :data:`_FAR` for one the text says is of its gender)."""
    want = GENDER_OF.get(pronoun)
    k = bisect.bisect_left(ctx.person_starts, at) - 1
    near = []
    while k >= 0 and at - ctx.persons[k].end < (_FAR if want else 1500):
        near.append((at - ctx.persons[k].end, _name_of(ctx, ctx.persons[k])))
        k -= 1
    return of_gender(near, want, ctx.gender, 1500, ctx.dialogue)


def _last_org(ctx: _Context, at: int) -> str | None:
    orgs = [x for x in ctx.speakers if x.label == ORGANIZATION and x.end <= at]
    return orgs[-1].text if orgs and at - orgs[-1].end < 2000 else None


def _sentence_of(pos: int, sentences: Sequence[Span], sent_starts: list[int]) -> Span | None:
    k = bisect.bisect_right(sent_starts, pos) - 1
    return sentences[k] if k >= 0 else None


_HEAD = 600



def _speaker(ctx: _Context, s: int, e: int) -> str | None:
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
    sent = _sentence_of(s, ctx.sentences, ctx.sent_starts)
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


def _led_in(ctx: _Context, head_start: int, s: int) -> str | None:
    """The speaker the words before a quotation (text[head_start:s]) name: "X said",
    "Beaufort retorted:", "According to X,", "Trump saying, “…”", "X called out, “…”"."""
    head = ctx.text[head_start:s]
    matches = list(BEFORE.finditer(head))
    for m in [*matches[-1:], INTRO.search(head) if ctx.dialogue else None,
              ACCORDING_BEFORE.search(head)]:
        who = _resolve(ctx, m.group("who"), head_start + m.start()) if m else None
        if who:
            return who
    m = PARTICIPLE.search(head)
    if m:  # "Trump saying, “…”" is Trump; "Dean poked at Trump, tweeting, “…”" is Dean
        at = head_start + m.start()
        k = bisect.bisect_left(ctx.speaker_starts, at) - 1
        if not m.group("comma") and k >= 0 and not ctx.text[ctx.speakers[k].end:at].strip():
            return _name_of(ctx, ctx.speakers[k])
        who = _first_named(ctx, ctx.speakers, ctx.speaker_starts, head_start, at)
        if who:
            return who
    if ctx.dialogue and head.rstrip().endswith((",", ":")):
        # "Mrs. Bennet half opened the door and called out, / “…”": the one who introduces it.
        j = bisect.bisect_right(ctx.sent_starts, s - 1) - 1
        if j >= 0 and ctx.sent_starts[j] < s:
            return _first_person(ctx, max(head_start, ctx.sent_starts[j]), s)
    return None
