"""Quotations and who said them.

Straight (``"``), curly (“ ”) and guillemet (« ») double quotes are paired per paragraph; a
quotation left open at the end of a paragraph continues when the next paragraph opens with a
quote mark (the usual convention for long quotes). The speaker comes from the words around
the quotation — ``"…," Zhao said``, ``said Zhao``, ``Blinken said: "…"``, ``He said that …
"…"`` — and pronouns resolve to the last person named before the quotation. Names resolve
to the fullest form the document uses ("Zhao" -> "Zhao Lijian").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.entities import PERSON, Entity, canonical_names

Span = tuple[int, int]

SPEECH_VERBS = (
    "said|says|say|added|adds|told|tells|asked|asks|replied|replies|explained|explains|noted|"
    "notes|argued|argues|insisted|insists|warned|warns|claimed|claims|wrote|writes|stated|"
    "states|declared|declares|continued|continues|recalled|recalls|remarked|responded|"
    "answered|shouted|whispered|cried|exclaimed|admitted|acknowledged|confirmed|announced|"
    "tweeted|posted|urged|suggested|conceded|concluded|observed|predicted|promised|vowed|"
    "stressed|emphasized|emphasised|said\\s+in\\s+a\\s+statement|told\\s+\\w+"
)
PRONOUNS = {"he", "she", "they", "i", "we", "him", "her"}
_NOT_SPEAKERS = {"it", "this", "that", "which", "who", "and", "but", "as", "what", "there",
                 "has", "had", "is", "was", "also", "then", "so", "if", "when"}
_NAME = r"(?:[A-Z][\w'’.-]*)(?:\s+(?:[A-Z][\w'’.-]*|of|de|van|von|al|bin))*"
_SUBJECT = (rf"(?:{_NAME}|[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e"
            r"|(?:[Tt]he|[Aa]n?)\s+(?:[\w-]+\s+){0,4}[\w-]+)")

_AFTER_SUBJ_VERB = re.compile(
    rf"^\s*[,—–-]?\s*(?P<who>{_SUBJECT})\s+(?:has\s+|had\s+)?(?:{SPEECH_VERBS})\b")
# ``"…," Audrey Gaughran, Amnesty's director of global issues, said.``
_AFTER_APPOSITIVE = re.compile(
    rf"^\s*[,—–-]?\s*(?P<who>{_NAME}),\s+[^\"“”.;]{{1,100}}?,\s+(?:has\s+|had\s+)?"
    rf"(?:{SPEECH_VERBS})\b")
# After a quotation even an unnamed group can be the speaker: ``"…," museum researchers wrote``.
_AFTER_GROUP_VERB = re.compile(
    rf"^\s*[,—–-]?\s*(?P<who>(?:[a-z][\w-]*\s+){{0,2}}[a-z][\w-]*)\s+(?:{SPEECH_VERBS})\b")
_AFTER_VERB_SUBJ = re.compile(
    rf"^\s*[,—–-]?\s*(?:{SPEECH_VERBS})\s+(?P<who>{_NAME}|the\s+[\w\s-]{{1,40}}?)"
    r"(?=[,.;:!?]|\s*$|\s+(?:in|on|at|to|who|after|before)\b)")
_BEFORE = re.compile(rf"(?P<who>{_SUBJECT})\s+(?:has\s+|had\s+|also\s+)?(?:{SPEECH_VERBS})\b")
_ACCORDING = re.compile(rf"[Aa]ccording\s+to\s+(?P<who>{_NAME})")

OPENERS = {'"': '"', "“": "”", "«": "»", "„": "“"}


#: How a quotation without a named speaker is shown, in the CLI and the TUI alike.
UNATTRIBUTED = "unattributed"


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    speaker: str | None

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "speaker": self.speaker}


def _paragraphs(text: str) -> list[Span]:
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _is_opening_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/:;":
        return not after.isspace()
    return False


def find_quote_spans(text: str, skip: Sequence[Span] = ()) -> list[Span]:
    """Quotation spans including their quote marks."""
    spans: list[Span] = []
    open_at: int | None = None
    closer = ""
    paras = _paragraphs(text)
    for p_idx, (p0, p1) in enumerate(paras):
        if any(p0 >= b0 and p1 <= b1 for b0, b1 in skip):
            continue
        i = p0
        if open_at is not None:
            # A quotation running on: step over this paragraph's re-opening mark.
            while i < p1 and text[i].isspace():
                i += 1
            i += 1
        while i < p1:
            ch = text[i]
            if open_at is None:
                if ch in OPENERS and (ch != '"' or _is_opening_straight(text, i)):
                    open_at, closer = i, OPENERS[ch]
            elif ch == closer:
                spans.append((open_at, i + 1))
                open_at = None
            i += 1
        if open_at is not None:
            nxt = paras[p_idx + 1] if p_idx + 1 < len(paras) else None
            runs_on = nxt is not None and text[nxt[0]:nxt[1]].lstrip()[:1] in OPENERS
            if not runs_on:
                # Never closed: the quotation ends with its paragraph.
                if p1 - open_at > 1:
                    spans.append((open_at, p1))
                open_at = None
    return spans


def find_quotes(text: str, sentences: Sequence[Span], entities: Sequence[Entity],
                skip: Sequence[Span] = ()) -> list[Quote]:
    spans = find_quote_spans(text, skip)
    persons = [e for e in entities if e.label == PERSON]
    person_starts = [e.start for e in persons]
    full = _person_names(persons)
    sent_starts = [s for s, _ in sentences]
    quotes: list[Quote] = []
    for s, e in spans:
        speaker = _speaker(text, s, e, sentences, sent_starts, persons, person_starts, full)
        if speaker is None and quotes and quotes[-1].speaker:
            speaker = _continued(text, quotes[-1], s, persons, person_starts)
        quotes.append(Quote(s, e, text[s:e], speaker))
    return quotes


def _continued(text: str, prev: Quote, s: int, persons: Sequence[Entity],
               person_starts: list[int]) -> str | None:
    """A quotation that follows an attributed one, with nobody else named in between, is
    the same speaker going on ("…," said X. "…" — or the next paragraph)."""
    if s - prev.end > 600 or len(text[s:].split(None, 3)) < 1:
        return None
    k = bisect.bisect_left(person_starts, prev.end)
    if k < len(persons) and persons[k].start < s:
        gap_names = {p.text for p in persons[k:] if p.start < s}
        if not all(prev.speaker and (n in prev.speaker or prev.speaker in n)
                   for n in gap_names):
            return None
    # Scare quotes and quoted titles are not someone going on speaking.
    close = text.find(text[s] if text[s] == '"' else "”", s + 1, s + 2000)
    if close < 0 or len(text[s:close].split()) < 6:
        return None
    return prev.speaker


def _person_names(persons: Sequence[Entity]) -> dict[str, str]:
    names = canonical_names(persons)
    for p in persons:
        for part in p.text.split():
            names.setdefault(part, names[p.text])
    return names


def _resolve(who: str, at: int, persons: Sequence[Entity], person_starts: list[int],
             full: dict[str, str]) -> str | None:
    who = who.strip()
    first = who.split()[0].lower() if who.split() else ""
    if first in _NOT_SPEAKERS:
        return None
    if who.lower() in PRONOUNS or (first in PRONOUNS and who[:1].islower()):
        k = bisect.bisect_left(person_starts, at) - 1
        if k >= 0 and at - persons[k].end < 1500:
            return full.get(persons[k].text, persons[k].text)
        return None
    if who in full:
        return full[who]
    # A longer phrase that contains a known person ("President Joe Biden").
    for part in reversed(who.split()):
        if part in full:
            return full[part]
    words = who.split()
    if len(words) > 6:
        return None
    if words and words[0].lower() in {"the", "a", "an"}:
        return who
    if who[:1].islower():
        return who if len(words) <= 3 else None  # "museum researchers"
    return who


def _sentence_of(pos: int, sentences: Sequence[Span], sent_starts: list[int]) -> Span | None:
    k = bisect.bisect_right(sent_starts, pos) - 1
    if k >= 0:
        return sentences[k]
    return None


def _speaker(text: str, s: int, e: int, sentences, sent_starts, persons, person_starts,
             full) -> str | None:
    # After the quotation: up to the end of its paragraph line, at most 120 characters.
    tail_end = text.find("\n", e)
    tail_end = len(text) if tail_end < 0 else tail_end
    tail = text[e:min(tail_end, e + 120)]
    for rx in (_AFTER_SUBJ_VERB, _AFTER_VERB_SUBJ, _AFTER_APPOSITIVE, _AFTER_GROUP_VERB):
        m = rx.match(tail)
        if m:
            who = _resolve(m.group("who"), s, persons, person_starts, full)
            if who:
                return who
    # Before the quotation, within its sentence (or the one before for "X said: ").
    sent = _sentence_of(s, sentences, sent_starts)
    head_start = sent[0] if sent and sent[0] < s else max(0, text.rfind("\n", 0, s) + 1)
    head = text[head_start:s]
    matches = list(_BEFORE.finditer(head))
    if matches:
        m = matches[-1]
        who = _resolve(m.group("who"), head_start + m.start(), persons, person_starts, full)
        if who:
            return who
    m = _ACCORDING.search(tail)
    if m:
        return _resolve(m.group("who"), s, persons, person_starts, full)
    return None
