"""What the speaker attribution knows of a text: its people as the text names them (under a
title, by the fullest name it uses), the people who open a sentence, and who was salient
where — the antecedent of a "he" or "she". :mod:`reader.core.analysis.speakers` and
:mod:`reader.core.analysis.explicit` read it."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.analysis.chunks import one_name
from reader.core.analysis.dialogue import NARRATOR, Paragraphs
from reader.core.analysis.entities import Entity
from reader.core.analysis.genders import GENDER_OF, of_gender
from reader.core.analysis.said import PREPOSITIONS
from reader.core.analysis.sentences import ABBREVIATIONS

Span = tuple[int, int]


def first_person(ctx: Context, start: int, end: int) -> str | None:
    """The first person named in [start, end) who is not the object of a preposition."""
    return first_named(ctx, ctx.persons, ctx.person_starts, start, end)


def first_named(ctx: Context, named: Sequence[Entity], starts: list[int], start: int,
                end: int) -> str | None:
    """The first of *named* (their *starts* sorted) inside [start, end) that is not the
    object of a preposition ("spoke to Mr. Darcy")."""
    k = bisect.bisect_left(starts, start)
    while k < len(named) and named[k].end <= end:
        before = ctx.text[start:named[k].start].split()
        if not before or before[-1].lower() not in PREPOSITIONS:
            return name_of(ctx, named[k])
        k += 1
    return None


def opens_sentence(text: str, sentences: Sequence[Span], sent_starts: list[int],
                   pos: int) -> bool:
    """A place that opens its sentence is acting as its subject: "Russia insisted …"."""
    sent = sentence_of(pos, sentences, sent_starts)
    return bool(sent) and not text[sent[0]:pos].strip()


@dataclass
class Context:
    """One text as the attribution of its quotations sees it, and what has been found so
    far (the speakers noted, whose turn it is)."""

    text: str
    sentences: Sequence[Span]
    sent_starts: list[int]
    persons: Sequence[Entity]
    person_starts: list[int]
    full: dict[str, str]
    speakers: Sequence[Entity]  # people and organisations outside quotations
    salient: list[tuple[int, str]]  # (position, name): sentence subjects and speakers
    gender: dict[str, str]  # name -> "m" / "f", where the text says (see genders.genders)
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


def subjects(text: str, sentences: Sequence[Span], sent_starts: list[int],
             persons: Sequence[Entity], full: dict[str, str]) -> list[tuple[int, str]]:
    """Persons that open a sentence (within its first few words): the likely antecedents
    of the next sentence's "he" or "she"."""
    out = []
    for p in persons:
        sent = sentence_of(p.start, sentences, sent_starts)
        if sent and len(text[sent[0]:p.start].split()) <= 3:
            out.append((p.start, as_named(text, full, p)))
    return out


#: Titles that make a name a different person from its bare surname ("Mrs. Bennet" is not
#: "Mr. Bennet", nor Elizabeth): a speaker keeps the one the text gives.
TITLES = ("Mr", "Mrs", "Miss", "Ms", "Dr", "Lady", "Sir", "Lord", "Madame", "Mme", "Mlle",
          "Monsieur", "Colonel", "Captain", "Professor", "Aunt", "Uncle")
# "Mrs. van der Luyden": the particles of a name go with it.
TITLE_BEFORE = re.compile(r"\b(?:" + "|".join(TITLES) + r")\.?\s+"
                           r"(?:(?:van|von|de|der|den|du|la|le|di|da|del)\s+)*$")
TITLED = re.compile(r"^(?:" + "|".join(TITLES) + r")\.?\s+[A-Z]")
# A description that ends in a titled name: "the obliging Mrs. Ford".
TITLED_END = re.compile(r"\b(?:" + "|".join(TITLES) + r")\.?\s+"
                        r"(?:(?:van|von|de|der|den|du|la|le|di|da|del)\s+)*[A-Z][\w'’-]*$")


def name_of(ctx: Context, ent: Entity) -> str:
    return as_named(ctx.text, ctx.full, ent)


def as_named(text: str, full: dict[str, str], ent: Entity) -> str:
    """A person as the text names them: under a title when it gives one with one name
    ("Mrs. Bennet") or it is "Mrs." ("Mrs. John Knightley" is his wife, not John
    Knightley), else by the fullest name the document uses for them ("Dr. Jane Smith" is
    Jane Smith, as "Smith" is)."""
    title = TITLE_BEFORE.search(text, max(0, ent.start - 24), ent.start)
    if title and (" " not in one_name(ent.text) or title.group().startswith("Mrs")):
        return one_name(text[title.start():ent.end])
    return full.get(ent.text) or one_name(ent.text)


def clean(name: str) -> str:
    """A speaker as a name: one line, no full stop of the sentence it ended ("Holmes."),
    a title's own kept ("Mr."), no underscores of a plain-text book's italics ("the
    _Standard_")."""
    name = one_name(name.replace("_", ""))
    last = name.rsplit(" ", 1)[-1]
    if last.endswith(".") and last[:-1].lower() not in ABBREVIATIONS:
        name = name[:-1]
    return name


def sentence_of(pos: int, sentences: Sequence[Span], sent_starts: list[int]) -> Span | None:
    k = bisect.bisect_right(sent_starts, pos) - 1
    return sentences[k] if k >= 0 else None
