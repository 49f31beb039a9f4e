"""Quotations and who said them.

Straight (``"``), curly (“ ”), guillemet (« ») and low („ “) double quotes, and single
British (‘ ’) or straight (' ') ones, are paired per paragraph — a paragraph as its writer
meant it, a hard-wrapped line break inside it not ending a quotation; a quotation left open
at the end of a paragraph continues when the next paragraph opens with a quote mark (the
usual convention for long quotes). Who said each one: :mod:`reader.core.analysis.speakers`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.analysis.entities import Entity
from reader.core.analysis.paragraphs import paragraph_spans
from reader.core.analysis.speakers import attribute

Span = tuple[int, int]


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


def _is_opening_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/:;":
        return not after.isspace()
    return False


#: Single quotation marks, British style (‘…’) or straight ('…'): their closer is also the
#: apostrophe (don’t, the boys’), so it closes only after the speech's own punctuation
#: ("‘Yes,’ he said", "'I think so.' ", the Daily Mail's "'…so, ' he said") or a few words
#: in scare quotes ("to 'expand the sweet spot' has"), never inside a word.
SINGLE = {"‘": "’", "'": "'"}
_SPEECH_END = ",.!?;:…—–-\"”"


#: An opening mark where a closing one belongs ("…my time is so limited--“" after a dash,
#: as careless typesetting and some converters leave it): before a space or the end of
#: the paragraph it can open nothing, so it closes the quotation.
_TURNED = {"”": "“", "’": "‘"}
#: Every mark that can open, close or nest a quotation: the scan looks at these only.
_MARKS = re.compile("[" + re.escape("".join({*OPENERS, *OPENERS.values(), *SINGLE,
                                             *SINGLE.values(), *_TURNED})) + "]")


def _inside(skip: Sequence[Span]):
    """A test of whether a span lies wholly inside one of *skip*'s (in log time: the
    furthest end reached by any span starting at or before a point)."""
    ordered = sorted(skip)
    starts = [b0 for b0, _ in ordered]
    reach: list[int] = []
    for _, b1 in ordered:
        reach.append(max(b1, reach[-1]) if reach else b1)

    def inside(p0: int, p1: int) -> bool:
        k = bisect.bisect_right(starts, p0) - 1
        return k >= 0 and reach[k] >= p1

    return inside


def _opens(text: str, i: int) -> str | None:
    """The closing mark if the mark at *i* opens a quotation, else None."""
    ch = text[i]
    if ch in OPENERS:
        return OPENERS[ch] if ch != '"' or _is_opening_straight(text, i) else None
    if ch in SINGLE:
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ((before.isspace() or before in "([{—–-")
                and (after.isalpha() or after in "‘\"“_*-—–"  # not '80s
                     or (after == " " and text[i + 2:i + 3].isupper()))):  # "' I'm very…"
            return SINGLE[ch]
    return None


def _nested_single(text: str, i: int) -> bool:
    """A quotation inside single-quoted speech set with the same mark as the closer
    (‘He said ’no,’ and left.’): it opens after a space, before a word."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-") and after.isalpha()


def _single_closes_later(text: str, i: int, para: Span, closer: str, runs_on: bool,
                         closing: dict[str, list[int]]) -> bool:
    """Whether the single mark opened at *i* is closed in its paragraph *para* (or the
    speech runs on into the next): else it is an apostrophe ('em, 'Tis) and opens nothing.
    *closing* keeps, per closer, the paragraph's marks that close whatever opened them
    (worked out once, then looked up: a paragraph of a thousand apostrophes stays linear)."""
    p0, p1 = para
    if closer not in closing:
        closing[closer] = _closing_marks(text, p0, p1, closer)
    marks = closing[closer]
    if runs_on or bisect.bisect_right(marks, i) < len(marks):
        return True
    k = text.find(closer, i + 1, min(p1, i + _SCARE_SPAN + 1))
    while k >= 0:  # a few words in scare quotes close only near their opening
        if _closes(text, k, closer, i):
            return True
        k = text.find(closer, k + 1, min(p1, i + _SCARE_SPAN + 1))
    return False


def _closing_marks(text: str, p0: int, p1: int, closer: str) -> list[int]:
    """Where in text[p0:p1] the single *closer* closes a quotation, whatever opened it."""
    out = []
    k = text.find(closer, p0, p1)
    while k >= 0:
        if _closes(text, k, closer):
            out.append(k)
        k = text.find(closer, k + 1, p1)
    return out


#: Scare quotes are a few words: at most this many characters from their opening mark.
_SCARE_SPAN = 80


def _closes(text: str, i: int, closer: str, opened: int = -1) -> bool:
    if text[i] != closer:
        return False
    if closer not in SINGLE.values():
        return True
    after = text[i + 1] if i + 1 < len(text) else " "
    if (opened >= 0 and text[i - 1].isalpha() and text[i - 1] not in "sS"
            and not after.isalnum() and i - opened <= _SCARE_SPAN
            and len(text[opened:i].split()) <= 6
            and not any(c in text[opened:i] for c in ".!?,;:")):
        return True  # a few words in scare quotes: 'expand the sweet spot' they call it
    k = i - 1
    # _italics_ end before the mark; a space may too, as in the Daily Mail's "…cyclists, '
    # Wiggins said" (the mark still follows the speech's own comma).
    while k > 0 and (text[k] in "_*" or (text[k] == " " and k == i - 1)):
        k -= 1
    return text[k] in _SPEECH_END and not after.isalnum()


def find_quote_spans(text: str, skip: Sequence[Span] = (),
                     paras: Sequence[Span] | None = None) -> list[Span]:
    """Quotation spans including their quote marks: “curly”, "straight", «guillemets»,
    „low“, and single ‘British’ or 'straight' ones. A paragraph is what its writer meant
    (a hard-wrapped line break does not end a quotation); a quotation left open runs on
    when the next paragraph opens again, else it ends with its paragraph (a single mark left
    open is an apostrophe more likely than speech, and is not a quotation)."""
    spans: list[Span] = []
    open_at: int | None = None
    closer = ""
    if paras is None:
        paras = paragraph_spans(text)
    skipped = _inside(skip)
    for p_idx, (p0, p1) in enumerate(paras):
        if skipped(p0, p1):
            continue
        i = p0
        if open_at is not None:
            # A quotation running on: step over this paragraph's re-opening mark.
            while i < p1 and text[i].isspace():
                i += 1
            i += 1
        nxt = paras[p_idx + 1] if p_idx + 1 < len(paras) else None
        head = text[nxt[0]:nxt[1]].lstrip()[:1] if nxt is not None else ""
        runs_on = head in OPENERS or head in SINGLE
        depth = 0  # quotations nested in single-quoted speech, set with the closing mark
        closing: dict[str, list[int]] = {}  # worked out the first time a single mark opens
        while i < p1:
            mark = _MARKS.search(text, i, p1)  # nothing happens but at a quotation mark
            if mark is None:
                break
            i = mark.start()
            if open_at is None:
                found = _opens(text, i)
                if found is not None and (found not in SINGLE.values() or _single_closes_later(
                        text, i, (p0, p1), found, runs_on, closing)):
                    open_at, closer, depth = i, found, 0
            elif closer == "’" and text[i] == "’" and _nested_single(text, i):
                depth += 1
            elif _closes(text, i, closer, open_at) or (
                    not depth and text[i] == _TURNED.get(closer)
                    and (i + 1 >= p1 or text[i + 1].isspace())):
                if depth:
                    depth -= 1
                else:
                    spans.append((open_at, i + 1))
                    open_at = None
            i += 1
        if open_at is not None and not runs_on:
            # Never closed: the quotation ends with its paragraph.
            if p1 - open_at > 1 and closer not in SINGLE.values():
                spans.append((open_at, p1))
            open_at = None
    return spans




def find_quotes(text: str, sentences: Sequence[Span], entities: Sequence[Entity],
                skip: Sequence[Span] = ()) -> list[Quote]:
    paras = paragraph_spans(text)  # once: the quotations and the dialogue's turns use them
    spans = find_quote_spans(text, skip, paras)
    speakers = attribute(text, sentences, entities, spans, paras)
    return [Quote(s, e, text[s:e], who) for (s, e), who in zip(spans, speakers, strict=True)]
