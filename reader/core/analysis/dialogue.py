"""Dialogue: who speaks each turn of a conversation that names few of its speakers.

A novel prints a conversation as paragraphs that each open with a quotation, one speaker a
paragraph, two people taking turns; it names a speaker now and then ("said Elizabeth"), and
the reader follows the rest by turn. This is the conversation sieve of Muzny et al. (2017)
and He et al. (2013), as rules that are right by construction:

* a **conversation** is a run of consecutive paragraphs that each hold a quotation of more
  than a word, whether it opens the paragraph or follows a beat ("She smiled.  “…”");
* the text **takes turns** when, of its consecutive attributed paragraphs, most change
  speaker (a novel); news, where the next paragraph is the same person going on, does not;
* in a conversation, turns of the same parity are one person: an unnamed turn is the
  speaker of the nearest named turn of its parity (the earlier of two as near), so a third
  voice breaks the alternation only from where it joins; a side nobody names is the person
  the other side speaks to by name ("Remember, Eliza, that …"), else the person named last
  before the conversation who is not the other side;
* the narrator of a story told in the first person ("said I") is called by the name the
  others give them right before and after their turns ("my dear Watson"), when the text
  gives one clearly; else their turns stay without a name.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence

Span = tuple[int, int]

#: A name spoken to: set off by a comma or ending the speech ("Remember, Eliza, that…",
#: "…, Mr. Darcy!", "My dear Jane,").
VOCATIVE = re.compile(r"(?:^[\"“‘']|[,;]\s|(?:dear|dearest)\s)(?P<who>(?:(?:Mr|Mrs|Miss|Ms|Dr|"
                      r"Lady|Sir|Lord|Colonel|Captain)\.?\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
                      r"(?=\s*[,!?.;—]|--)")


class Paragraphs:
    """The text's paragraphs, and which open with a quotation."""

    def __init__(self, text: str, paras: Sequence[Span]) -> None:
        self.text = text
        self.paras = paras
        self.starts = [p0 for p0, _ in paras]

    def of(self, pos: int) -> int:
        """The index of the paragraph holding *pos*."""
        return bisect.bisect_right(self.starts, pos) - 1

    def start_of(self, pos: int) -> int:
        """Where the paragraph holding *pos* starts."""
        k = self.of(pos)
        return self.paras[k][0] if k >= 0 else 0

    def end_of(self, pos: int) -> int:
        """Where the paragraph holding *pos* ends."""
        k = self.of(pos)
        return self.paras[k][1] if k >= 0 else len(self.text)

    def opened_by(self, pos: int) -> bool:
        """Whether the quotation at *pos* opens its paragraph."""
        k = self.of(pos)
        return k >= 0 and not self.text[self.paras[k][0]:pos].strip()


def takes_turns(paragraphs: Paragraphs, spans: Sequence[Span],
                named: Sequence[str | None]) -> bool:
    """Whether a new paragraph's quotation is someone else replying (see the module)."""
    by_para: dict[int, str] = {}
    for (s, _), name in zip(spans, named, strict=True):
        k = paragraphs.of(s)
        if name and paragraphs.opened_by(s) and k not in by_para:
            by_para[k] = name
    pairs = [(name, by_para[k + 1]) for k, name in by_para.items() if k + 1 in by_para]
    return bool(pairs) and sum(a != b for a, b in pairs) > len(pairs) / 2


def conversation_speakers(paragraphs: Paragraphs, spans: Sequence[Span],
                          named: Sequence[str | None],
                          vocative: Callable[[str], str | None],
                          named_before: Callable[[int, set[str]], str | None]
                          ) -> dict[int, str]:
    """The speaker of each quotation (by index in *spans*) that a conversation tells.

    *named*: each quotation's speaker as the text names it (None where it does not);
    *vocative*: a name spoken to as the person it means (None: nobody the text knows);
    *named_before*: ``(position, not_these)`` the last person named before *position* who is
    not one of *not_these*.
    """
    turn_of = _turns(paragraphs, spans)
    out: dict[int, str] = {}
    for run in _runs(sorted(turn_of)):
        if len(run) < 2:
            continue
        sides = _sides(paragraphs, spans, named, run, turn_of, vocative, named_before)
        names = [next((named[i] for i in turn_of[k] if named[i]), None) for k in run]
        for t, (k, near) in enumerate(zip(run, _same_side(names), strict=True)):
            who = near or (sides[t % 2] if sides else None)
            if who:
                for i in turn_of[k]:
                    out[i] = who
    return out


def _turns(paragraphs: Paragraphs, spans: Sequence[Span]) -> dict[int, list[int]]:
    """Paragraph -> the quotations (by index) of the turn it holds."""
    turn_of: dict[int, list[int]] = {}
    for i, (s, e) in enumerate(spans):
        k = paragraphs.of(s)
        # A turn: a paragraph with a quotation, whether it opens the paragraph or follows
        # a beat ("She smiled.  “…”"); a quoted word ("society") is no one's turn.
        if k in turn_of or paragraphs.opened_by(s) or len(paragraphs.text[s:e].split()) > 1:
            turn_of.setdefault(k, []).append(i)
    return turn_of


def give_way(paragraphs: Paragraphs, spans: Sequence[Span], named: Sequence[str | None],
             weak: set[int]) -> list[str | None]:
    """*named* without the weak guesses (*weak*: indices of quotations whose speaker was
    guessed from the narration around them) that give the turn the speaker of the turn
    just before or after it: turns alternate, so two in a row by one person are one
    guess too many — the text's own "said X" stands, the guess gives way."""
    turn_of = _turns(paragraphs, spans)
    by_turn = {k: next((named[i] for i in turn_of[k] if named[i] and i not in weak), None)
               for k in turn_of}
    out = list(named)
    for k, idx in turn_of.items():
        for i in idx:
            if i in weak and named[i] and named[i] in (by_turn.get(k - 1), by_turn.get(k + 1)):
                out[i] = None
    return out


def _same_side(names: Sequence[str | None]) -> list[str | None]:
    """For each turn, the speaker of the nearest turn on its side (± 2, ± 4…) that the text
    names, the earlier of two as near: the turns go on from the last one named, so a third
    voice or someone speaking twice in a row breaks the alternation from there on, not all
    of it."""
    out: list[str | None] = []
    named = [[u for u in range(side, len(names), 2) if names[u]] for side in (0, 1)]
    for t in range(len(names)):
        near = named[t % 2]
        j = bisect.bisect_left(near, t)  # near[j - 1] < t <= near[j]
        best = [u for u in (near[j - 1] if j else None, near[j] if j < len(near) else None)
                if u is not None]
        out.append(names[min(best, key=lambda u: (abs(u - t), u))] if best else None)
    return out


def _runs(paras: list[int]) -> list[list[int]]:
    """Consecutive paragraph numbers, grouped."""
    runs: list[list[int]] = []
    for k in paras:
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _sides(paragraphs: Paragraphs, spans: Sequence[Span], named: Sequence[str | None],
           run: list[int], turn_of: dict[int, list[int]],
           vocative: Callable[[str], str | None],
           named_before: Callable[[int, set[str]], str | None]
           ) -> tuple[str | None, str | None] | None:
    """The two people of a conversation (even turns, odd turns); None when its named turns
    do not alternate between two."""
    votes: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    for t, k in enumerate(run):
        name = next((named[i] for i in turn_of[k] if named[i]), None)
        if name:
            votes[t % 2][name] += 1
    sides: list[str | None] = [v.most_common(1)[0][0] if v else None for v in votes]
    if sides[0] and sides[0] == sides[1]:
        return None
    for side in (0, 1):
        if sides[side] is None and sides[1 - side]:
            sides[side] = _spoken_to(paragraphs, spans, run, turn_of, 1 - side, sides[1 - side],
                                     vocative)
    if sides[0] is None and sides[1] is None:
        first = spans[turn_of[run[0]][0]][0]
        a = named_before(first, set())
        b = named_before(first, {a}) if a else None
        if not (a and b):
            return None
        # Whoever the even turns call by name is the other side.
        heard = [_heard(paragraphs, spans, run, turn_of, side, vocative) for side in (0, 1)]
        if heard[0][a] + heard[1][b] > heard[0][b] + heard[1][a]:
            return b, a
        return a, b
    for side in (0, 1):
        if sides[side] is None:
            other = sides[1 - side]
            first = spans[turn_of[run[0]][0]][0]
            sides[side] = named_before(first, {other} if other else set())
    if sides[0] == sides[1]:
        return None
    return sides[0], sides[1]


def _spoken_to(paragraphs: Paragraphs, spans: Sequence[Span], run: list[int],
               turn_of: dict[int, list[int]], side: int, speaker: str | None,
               vocative: Callable[[str], str | None]) -> str | None:
    """The person the turns of *side* speak to by name most often (not *speaker*)."""
    heard = _heard(paragraphs, spans, run, turn_of, side, vocative)
    heard.pop(speaker, None)  # type: ignore[arg-type]
    return heard.most_common(1)[0][0] if heard else None


def _heard(paragraphs: Paragraphs, spans: Sequence[Span], run: list[int],
           turn_of: dict[int, list[int]], side: int,
           vocative: Callable[[str], str | None]) -> Counter[str]:
    """How often the turns of *side* call each person by name."""
    text = paragraphs.text
    heard: Counter[str] = Counter()
    for t, k in enumerate(run):
        if t % 2 != side:
            continue
        for i in turn_of[k]:
            s, e = spans[i]
            for m in VOCATIVE.finditer(text[s:e]):
                name = vocative(m.group("who"))
                if name:
                    heard[name] += 1
    return heard


#: "said I": the narrator of a story told in the first person, until the text names them.
NARRATOR = "I"


def narrator_named(text: str, speakers: list[str | None], spans: Sequence[Span],
                   vocative: Callable[[str], str | None]) -> list[str | None]:
    """The narrator's turns under the name the others call them by: the name spoken most
    often in the quotations right before and after the narrator's ("my dear Watson"), if
    the text gives one at least three times and more often than any other; else None."""
    if NARRATOR not in speakers:
        return speakers
    heard: Counter[str] = Counter()
    for i, who in enumerate(speakers):
        if who != NARRATOR:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(speakers) and speakers[j] not in (None, NARRATOR):
                s, e = spans[j]
                for m in VOCATIVE.finditer(text[s:e]):
                    name = vocative(m.group("who"))
                    if name and name != speakers[j]:
                        heard[name] += 1
    ranked = heard.most_common(2)
    name = None
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        name = ranked[0][0]
    return [name if who == NARRATOR else who for who in speakers]
