"""An article's deck: the one line under its title in the library that helps decide what
to read — the lead sentence, where the reading starts (after a Project Gutenberg header, at
the first chapter of a book), never a heading, a byline or the title again."""

from __future__ import annotations

import re

from reader.core.document import Document
from reader.core.textsafe import one_line

#: At most this many characters are kept (the row cuts it to its width).
DECK_CHARS = 240
#: A sentence shorter than this (in words) is a heading, a byline or a dateline, not a lead.
MIN_WORDS = 6
#: A sentence ends as a sentence does: a stop, perhaps inside a quotation or brackets.
_ENDS = re.compile(r"[.!?…][\"'”’)\]]*$")
#: How far into the text a lead is looked for.
LOOK_CHARS = 20_000


def deck(doc: Document) -> str:
    """The lead sentence of *doc* ("" when it has none)."""
    from reader.core.analysis.sentences import split_sentences

    start = doc.chapters[0][0] if doc.chapters else doc.reading_start
    window = doc.text[start:start + LOOK_CHARS]
    title = " ".join(doc.title.split()).casefold()
    for s, e in split_sentences(window):
        s, e = s + start, e + start
        if doc.in_boilerplate(s, e) or doc.not_prose(s, e):
            continue
        text = " ".join(doc.text[s:e].split())
        folded, words = text.casefold(), text.split()
        capitalised = sum(w[:1].isupper() for w in words)
        if (len(words) < MIN_WORDS or capitalised > len(words) * 0.6
                or not _ENDS.search(text) or text[0] in "-•*–—"
                or (title and (folded.startswith(title) or title.startswith(folded)))):
            continue  # a heading (or contents), a byline, a dateline, credits, a list, the
            # title again
        return one_line(text, DECK_CHARS, at_word=True)
    return ""


def deck_of_text(text: str, title: str = "") -> str:
    """The lead sentence of a stored text (an article the library has not opened since
    decks were kept): its Project Gutenberg header left out, a book's chapters found."""
    from reader.core.analysis.chapters import find_chapters
    from reader.core.sources.text import find_boilerplate

    boilerplate = find_boilerplate(text)
    chapters = [(c.start, c.end, c.title) for c in find_chapters(text, boilerplate)]
    return deck(Document(text=text, title=title, source="", boilerplate=boilerplate,
                         chapters=chapters))
