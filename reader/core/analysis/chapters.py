"""Chapters of a plain-text book, found from its headings.

A heading is a line standing alone (a blank line before and after it) that reads like one:

* a keyword and a number — "CHAPTER I", "Chapter 1.", "BOOK ONE", "ADVENTURE IV. THE FIVE
  ORANGE PIPS", "Part the Second", "STAVE III" — with or without a title after it;
* a numeral and a title — "VII. THE ADVENTURE OF THE BLUE CARBUNCLE";
* an entry of the book's own table of contents found again in the text ("ETYMOLOGY.",
  "Epilogue" in *Moby-Dick*), and the usual unnumbered sections (Prologue, Epilogue,
  Preface, Introduction, Conclusion, Appendix) standing alone;
* a bare numeral ("I.", "12") — a chapter only in a book that has no other headings;
  elsewhere it numbers the parts of a chapter (the sections of a Sherlock Holmes story).

The table of contents itself is recognised (headings with almost no text between them) and
is not a chapter. A chapter runs from its heading to the next one; the last one ends where
the trailing boilerplate (a Project Gutenberg licence) starts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

_ROMAN = r"[IVXLCDM]+"
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                 "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|first|second|"
                 "third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|the \\w+")
_NUMERAL = rf"(?:\d{{1,4}}|{_ROMAN}|{_NUMBER_WORDS})"
_KEYWORDS = "chapter|book|part|volume|adventure|stave|letter|section|canto|act|scene|story"
_KEYWORD_HEADING = re.compile(
    rf"^(?:{_KEYWORDS})\s+{_NUMERAL}\b\.?(?:\s*[.:—–-]?\s*\S.*)?$", re.IGNORECASE)
_NUMBERED_TITLE = re.compile(rf"^(?:\d{{1,3}}|{_ROMAN})\.\s+[A-Z“\"'‘].{{0,90}}$")
_BARE_NUMERAL = re.compile(rf"^(?:\d{{1,3}}|{_ROMAN})\.?$")
_UNNUMBERED = re.compile(
    r"^(?:prologue|epilogue|preface|introduction|conclusion|appendix|afterword|foreword)"
    r"\.?$", re.IGNORECASE)
#: At most this many characters of text between two headings of a table of contents.
TOC_GAP = 120
MAX_HEADING = 100


@dataclass(frozen=True)
class Chapter:
    title: str
    start: int  # the heading's first character
    end: int  # where the next chapter (or the trailing boilerplate) starts
    heading_end: int = -1  # where the heading's own line(s) end

    def as_dict(self) -> dict[str, object]:
        return {"title": self.title, "start": self.start, "end": self.end}


@dataclass
class _Line:
    start: int
    text: str  # stripped
    kind: str  # "keyword", "titled", "bare", "unnumbered", "plain"
    end: int = -1  # the end of its last line


def _standalone_lines(text: str, skip: Sequence[tuple[int, int]]) -> list[_Line]:
    """Short paragraphs (one line, or a heading wrapped onto a second) with a blank line (or
    the text's edge) before and after them."""
    out: list[_Line] = []
    block: list[tuple[int, str]] = []  # the current paragraph's lines and their offsets
    pos = 0
    for line in [*text.split("\n"), ""]:
        if line.strip():
            block.append((pos, line))
        else:
            if 1 <= len(block) <= 2:
                _consider(block, skip, out)
            block = []
        pos += len(line) + 1
    return out


def _consider(block: list[tuple[int, str]], skip: Sequence[tuple[int, int]],
              out: list[_Line]) -> None:
    offset, first = block[0]
    stripped = " ".join(" ".join(line for _, line in block).split())
    if len(stripped) > MAX_HEADING + 40:
        return
    start = offset + len(first) - len(first.lstrip())
    if any(s <= start < e for s, e in skip):
        return
    kind = heading_kind(stripped)
    if len(block) == 2 and kind not in ("keyword", "titled"):
        return  # two lines that are not a numbered heading: a short paragraph
    if len(stripped) > MAX_HEADING and kind != "keyword":
        return
    last_offset, last = block[-1]
    out.append(_Line(start, stripped, kind, last_offset + len(last.rstrip())))


def heading_kind(line: str) -> str:
    """keyword, titled, bare, unnumbered, or plain: what kind of heading *line* reads as."""
    if _KEYWORD_HEADING.match(line):
        return "keyword"
    if _NUMBERED_TITLE.match(line):
        return "titled"
    if _BARE_NUMERAL.match(line):
        return "bare"
    if _UNNUMBERED.match(line):
        return "unnumbered"
    return "plain"


def _key(title: str) -> str:
    return " ".join(re.findall(r"\w+", title.lower()))


def _in_contents(key: str, contents: Sequence[str]) -> str | None:
    """The entry of the contents *key* names: "extracts" is the entry "extracts supplied by a
    sub sub librarian" (the first words of an entry, a long enough word among them)."""
    if not key or not any(len(w) >= 5 for w in key.split()):
        return None
    return next((c for c in contents if c == key or c.startswith(key + " ")), None)


_WORD_NUMBERS = {w: i for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split(), 1)}
_WORD_NUMBERS.update({w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)})
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _number(heading: str) -> int | None:
    """The number a heading gives itself ("CHAPTER XIV." -> 14, "VII. THE…" -> 7)."""
    m = re.match(rf"^(?:(?:{_KEYWORDS})\s+)?(\d+|{_ROMAN}|\w+)\b", heading, re.IGNORECASE)
    if m is None:
        return None
    token = m.group(1)
    if token.isdigit():
        return int(token)
    if token.lower() in _WORD_NUMBERS:
        return _WORD_NUMBERS[token.lower()]
    if re.fullmatch(_ROMAN, token):
        total = 0
        for a, b in zip(token, [*token[1:], ""]):  # noqa: B905
            value = _ROMAN_VALUES[a]
            total += -value if b and _ROMAN_VALUES[b] > value else value
        return total
    return None


# Complex by nature: one pass over the lines, each kind of heading a case.
def find_chapters(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Chapter]:  # noqa: C901
    """The chapters of *text* (none when it has fewer than two headings). *skip*: spans that
    hold no headings (the boilerplate)."""
    lines = _standalone_lines(text, skip)
    numbered = [ln for ln in lines if ln.kind in ("keyword", "titled")]
    bare_are_chapters = not numbered
    if any(ln.kind == "keyword" for ln in lines):
        # Beside "CHAPTER n" headings, "VII. Title" is a chapter only when it goes on with
        # their numbering (Sherlock Holmes: ADVENTURE VI, then VII.); "I. THE FOLIO WHALE"
        # inside a chapter starts a list of its own.
        kept, previous = [], None
        for ln in lines:
            if ln.kind == "keyword":
                previous = _number(ln.text)
            elif ln.kind == "titled":
                n = _number(ln.text)
                if previous is None or n != previous + 1:
                    ln.kind = "plain"
                    kept.append(ln)
                    continue
                previous = n
            kept.append(ln)
        lines = kept
    heads = [ln for ln in lines if ln.kind in ("keyword", "titled", "unnumbered")
             or (ln.kind == "bare" and bare_are_chapters)]
    # A table of contents: a run of headings with almost nothing between them (three or
    # more, or two that the text repeats further on); a title seen again ends the run.
    runs: list[list[_Line]] = [[]]
    for a, b in itertools.pairwise(heads):
        between = text[a.start + len(a.text):b.start]
        run = runs[-1]
        repeated = any(_key(x.text) == _key(b.text) for x in run)
        if len(between.strip()) <= TOC_GAP and between.count("\n") <= 6 and not repeated:
            if not run:
                run.append(a)
            run.append(b)
        elif run:
            runs.append([])

    def is_toc(run: list[_Line]) -> bool:
        if len(run) >= 3:
            return True
        later = {_key(h.text) for h in heads if h.start > run[-1].start}
        return len(run) == 2 and all(_key(x.text) in later for x in run)

    runs = [r for r in runs if r and is_toc(r)]
    toc = {ln.start for run in runs for ln in run}
    extra: list[_Line] = []
    for run in runs:
        # Lines just before the first numbered entry belong to the contents too
        # ("ETYMOLOGY.", "EXTRACTS" in Moby-Dick).
        first, last = run[0].start, run[-1].start
        before = [ln for ln in lines if ln.start < first]
        while before and first - before[-1].start <= TOC_GAP + len(before[-1].text):
            first = before.pop().start
        contents = [_key(ln.text) for ln in lines if first <= ln.start <= last]
        # Entries of the table of contents found again as standalone lines are headings.
        found: set[str] = set()
        for ln in lines:
            entry = _in_contents(_key(ln.text), contents) if ln.kind == "plain" else None
            if ln.start > last and entry is not None and entry not in found:
                found.add(entry)  # each entry once: its first appearance after the contents
                extra.append(ln)
    if toc:
        heads = sorted([h for h in heads if h.start not in toc] + extra,
                       key=lambda ln: ln.start)
    if len(heads) < 2:
        return []
    end_of_text = len(text)
    for s, _ in skip:
        if s > heads[-1].start:
            end_of_text = min(end_of_text, s)
    out = []
    for k, head in enumerate(heads):
        end = heads[k + 1].start if k + 1 < len(heads) else end_of_text
        out.append(Chapter(" ".join(head.text.split()), head.start, end, head.end))
    return out


def chapter_at(chapters: Sequence[Chapter], offset: int) -> int | None:
    """The index of the chapter holding *offset* (None before the first one)."""
    import bisect

    k = bisect.bisect_right(chapters, offset, key=lambda c: c.start) - 1
    return k if k >= 0 and offset < chapters[k].end else None
