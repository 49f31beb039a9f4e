"""Who said each quotation.

The speaker comes from the words around the quotation
(:mod:`reader.core.analysis.explicit`) — ``"…," Zhao said``, ``said Zhao``, ``Blinken said:
"…"``, ``He said that … "…"``; pronouns resolve to the last person of that gender who was
the subject of a sentence or a speaker; names resolve to the fullest form the document uses
("Zhao" -> "Zhao Lijian"). In a novel, whose conversations take turns (see
:mod:`reader.core.analysis.dialogue`), a conversation fills the turns nobody names, and the
narration around an unattributed quotation (who acts just before or after it) tells the
rest.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from reader.core.analysis.chunks import one_name
from reader.core.analysis.context import (
    TITLED,
    Context,
    clean,
    name_of,
    opens_sentence,
    sentence_of,
    subjects,
)
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
from reader.core.analysis.explicit import DESCRIBED, continued, said_by, sentence_subject
from reader.core.analysis.gazetteer import FIRST_NAMES
from reader.core.analysis.genders import GENDER_OF, genders
from reader.core.analysis.names import person_names
from reader.core.analysis.said import PREPOSITIONS
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
    ctx = Context(text, sentences, sent_starts, persons, person_starts, full,
                  [e for e in outside if e.label in (PERSON, ORGANIZATION)
                   or (e.label == LOCATION and opens_sentence(text, sentences, sent_starts,
                                                              e.start))],
                  subjects(text, sentences, sent_starts, persons, full), {})
    ctx.gender = genders(text, persons, lambda p: name_of(ctx, p))
    paragraphs = ctx.paragraphs = Paragraphs(text, paras)
    ctx.names_only = True  # first, the speakers the text names
    named = [clean(who) if who and who != NARRATOR else who
             for who in (said_by(ctx, s, e) for s, e in spans)]
    named = [None if who and DESCRIBED.match(who) else who for who in named]
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
        speaker = said_by(ctx, s, e)
        if speaker and turns.get(i) and DESCRIBED.match(speaker):
            speaker = None  # "the young man" of a conversation: whose turn it is
        if speaker is None:
            speaker = turns.get(i)
            if speaker and speaker in _calls(ctx, s, e):
                # Nobody calls themselves by name: the turn is the other side's.
                speaker = next((turns[j] for j in (i - 1, i + 1)
                                if turns.get(j) not in (None, speaker)), None)
        reply = dialogue and paragraphs.opened_by(s) and paragraphs.of(s) - 1 in {
            paragraphs.of(q[0]) for q in said[-3:] if paragraphs.opened_by(q[0])}
        if speaker is None and said and said[-1][2] and not reply:
            speaker = continued(text, said[-1], (s, e), persons, person_starts)
        if speaker is None:
            speaker = sentence_subject(ctx, s, e)
        if speaker is None and dialogue:
            speaker = _beat(ctx, spans, i)
        if speaker is None and paragraphs.opened_by(s):
            speaker = _nearest_name(ctx, s, e)
        if speaker is not None and speaker != NARRATOR:
            speaker = clean(speaker)
            if not DESCRIBED.match(speaker):  # "she" is a person, not "the ancestress"
                ctx.note_speaker(s, speaker)
        said.append((s, e, speaker))
    # The narrator's name is mostly said inside quotations: any person the text names.
    anyone = {one_name(x.text) for x in entities if x.label == PERSON}
    return narrator_named(text, [who for _, _, who in said], spans,
                          lambda who: _vocative_name(ctx, who) or (
                              one_name(who) if one_name(who) in anyone else None))


def _called(ctx: Context, spans: Sequence[Span], named: Sequence[str | None], i: int,
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
        if TITLED.match(name) and name not in known:
            bare = name.split(" ", 1)[1]
            name = bare if bare in known else name
        if name != named[j]:
            calls.append(name)
    # The call nearest the other turn: the last of the one before, the first of the reply.
    return (calls[-1] if step < 0 else calls[0]) if calls else None


def _calls(ctx: Context, s: int, e: int) -> list[str]:
    """The people the quotation text[s:e] calls by name, in order."""
    return [name for m in VOCATIVE.finditer(ctx.text[s:e])
            if (name := _vocative_name(ctx, m.group("who")))]


def _vocative_name(ctx: Context, who: str) -> str | None:
    """A vocative as the person it names (a character the text knows), else None."""
    who = one_name(who)
    if TITLED.match(who):
        return who
    if who in ctx.full:
        return ctx.full[who]
    return None


def _named_before(ctx: Context, at: int, skip: set[str]) -> str | None:
    """The last person named before *at* (within 1,500 characters) who is not in *skip*:
    one the text says is a person — who speaks somewhere (``ctx.speaking``), has a title
    or a gender, or a first name — before a name it says nothing of ("the Beaune which I
    had taken" is a wine the recogniser can take for a person)."""
    for speaking in (True, False):
        k = bisect.bisect_left(ctx.person_starts, at) - 1
        while k >= 0 and at - ctx.persons[k].end < 1500:
            name = name_of(ctx, ctx.persons[k])
            if name not in skip and (not speaking or name in ctx.speaking
                                     or name in ctx.gender
                                     or name.split()[0].lower() in FIRST_NAMES):
                return name
            k -= 1
    return None


def _nearest_name(ctx: Context, s: int, e: int) -> str | None:
    """The last resort: the nearest person named within 200 characters after the
    quotation, else before it, in the same or a neighbouring paragraph."""
    k = bisect.bisect_left(ctx.person_starts, e)
    if k < len(ctx.persons) and ctx.persons[k].start - e <= 200:
        return name_of(ctx, ctx.persons[k])
    k = bisect.bisect_left(ctx.person_starts, s) - 1
    if k >= 0 and s - ctx.persons[k].end <= 200:
        return name_of(ctx, ctx.persons[k])
    return None


_HE_SHE = re.compile(r"(?:He|She)\b")


def _subject_at(ctx: Context, pos: int, end: int) -> str | None:
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
            return name_of(ctx, ctx.persons[k])
    return None


def _beat(ctx: Context, spans: Sequence[Span], i: int) -> str | None:
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
    sent = sentence_of(s, ctx.sentences, ctx.sent_starts)
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
