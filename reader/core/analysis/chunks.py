"""What of a recogniser's chunk is a name: its edges ("Poor Queequeg", "Good God", "Jonah
Historically"), a person's name split where words that are not names come between ("Starbuck
grasped Ahab"), and a name as one line however the text wraps it (:func:`one_name`, which
the speaker modules use too). :mod:`reader.core.analysis.entities` asks it of every chunk."""

from __future__ import annotations

import re

from reader.core.analysis import gazetteer as gz

Span = tuple[int, int]

#: Lower-case words that may stand inside a name ("Catherine de Bourgh", "Bank of England").
CONNECTORS = {"of", "de", "du", "des", "van", "von", "der", "den", "da", "di", "del", "della",
              "la", "le", "al", "bin", "ibn", "el", "y", "&", "for", "the"}
#: Titles and roles: never the first word of a person's name.
TITLES = gz.PERSON_TITLES | {"adviser", "advisor", "envoy", "diplomat", "official"}

_STOP_EDGE = frozenset("""
a an the this that is was are were be it its he she his her him i my me we us our you your
they their them and or but if so then there here what who how when where why not at in on of to
by for with from as
""".split())
_VOCATIVE = frozenset("poor dear little young old good".split())
_EXTRA_TITLES = frozenset("captain capt massa master mister colonel col lieutenant lt".split())
_ADVERB_ENDINGS = ("ally", "ously", "ively", "fully", "lessly")


def one_name(text: str) -> str:
    """A name as one line: "Catherine de\nBourgh" (a hard-wrapped book) is "Catherine de
    Bourgh", one person, not two."""
    return " ".join(text.split())


def starts_sentence(text: str, at: int) -> bool:
    """Whether the word at *at* opens a sentence, a line or a quotation."""
    i = at - 1
    while i >= 0 and text[i] in " \t\"“”‘’'(":
        i -= 1
    return i < 0 or text[i] in ".!?\n:;—"


def clean_chunk(text: str, s: int, e: int, person: bool,
                lower_words: frozenset[str]) -> list[Span]:
    """A model chunk made fit to show: a person's name split at lower-case words that do
    not belong in names ("Starbuck grasped Ahab") and trimmed of words that are not names
    at its ends ("Poor Queequeg", "Jonah Historically"); interjections and words for God
    dropped from any chunk's ends ("Good God")."""
    def name_part(w: str) -> bool:
        return not w[:1].islower() or w in CONNECTORS or "-" in w

    parts: list[list[re.Match[str]]] = [[]]
    for m in re.finditer(r"\S+", text[s:e]):
        w = m.group()
        if person and not (name_part(w) and w != "and"):
            parts.append([])
        else:
            parts[-1].append(m)

    def edge(m: re.Match[str], first: bool) -> bool:
        w = m.group()
        lw = w.rstrip(".,").lower()
        if lw in gz.NOT_NAME_WORDS or (w[:1].islower() and not name_part(w)):
            return True
        # A name may open with a particle ("de Bourgh") but never with "of" or "the",
        # and never ends with a lower-case word.
        if w[:1].islower() and (not first or w in {"of", "the", "and", "for", "y"}):
            return True
        if not person:
            return False
        if first:
            return (lw in _STOP_EDGE or lw in TITLES or lw in _EXTRA_TITLES
                    or (lw in _VOCATIVE and lw in lower_words)
                    or ((lw in lower_words or (lw.endswith("ing") and len(lw) > 5))
                        and lw not in gz.FIRST_NAMES and starts_sentence(text, s + m.start())))
        return lw in _STOP_EDGE or lw.endswith(_ADVERB_ENDINGS)

    out: list[Span] = []
    for words in parts:
        while words and edge(words[0], True):
            words.pop(0)
        while words and edge(words[-1], False):
            words.pop()
        if not words:
            continue
        a, b = s + words[0].start(), s + words[-1].end()
        surface = text[a:b]
        if (surface.lower() not in gz.COMMON_CAPITALISED
                and surface.rstrip(".").lower() not in gz.NOT_NAMES):
            out.append((a, b))
    return out
