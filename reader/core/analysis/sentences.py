"""Offline sentence segmentation with exact character offsets.

NLTK's Punkt algorithm runs untrained, with the project's own knowledge of abbreviations,
titles, month names and initials. When NLTK's trained ``punkt_tab`` data happens to be
installed for the language, its parameters are merged in; it is never downloaded.

Text is first cut into blocks (blank-line paragraphs, and lines that stand alone such as
headings, list items or scraper lines), then Punkt splits inside each block. Every span is
stripped of surrounding white space, so spans are ordered, disjoint and lose no text.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from functools import lru_cache
from typing import Any

from reader.core.spans import Span, sentence_index  # noqa: F401 (part of this module's API)

ABBREVIATIONS = {
    # titles
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "rev", "hon", "gen", "col", "lt", "sgt",
    "capt", "cmdr", "adm", "maj", "gov", "sen", "rep", "pres", "supt", "insp", "fr", "messrs",
    "mme", "mlle", "esq", "sec", "amb", "atty", "det", "cpl", "pvt", "rt",
    # months and days
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    # places and organisations
    "u.s", "u.k", "u.n", "e.u", "u.s.a", "d.c", "n.y", "l.a", "calif", "fla", "ill", "mass",
    "mich", "minn", "penn", "tex", "wash", "wis", "ariz", "colo", "conn", "ga", "ky", "la",
    "md", "mo", "nev", "okla", "ore", "pa", "tenn", "va", "vt", "ave", "blvd", "rd", "mt",
    "ft", "co", "corp", "inc", "ltd", "bros", "dept", "univ", "assn", "intl",
    # latin and common
    "e.g", "i.e", "etc", "vs", "cf", "al", "approx", "ca", "no", "nos", "vol", "vols", "p",
    "pp", "fig", "figs", "ed", "eds", "est", "min", "max", "a.m", "p.m", "ph.d", "b.a", "m.a",
    "op", "art", "ch", "para", "viz",
}
# Single letters are initials ("J. K. Rowling", "George W. Bush").
ABBREVIATIONS |= set("abcdefghijklmnopqrstuvwxyz")

#: Abbreviations per language (lower case, without the final full stop), as Punkt wants them.
LANGUAGE_ABBREVIATIONS: dict[str, set[str]] = {
    "german": set("""
dr prof hr fr frl dipl ing mag jan feb febr mär apr jun jul aug sep sept okt nov dez mo di mi
do fr sa so z.b u.a d.h s.o s.u u.ä usw bzw ca evtl ggf inkl vgl nr str tel abs abt bd bspw
geb gegr hrsg jh jhd jhs max min mio mrd mind sog u.u v.a v.chr n.chr zzgl zz zt ebd etc
""".split()),
    "french": set("""
m mm mme mlle mgr dr pr me st ste janv févr avr juil sept oct nov déc env etc p.ex c.-à-d
cf av apr j.-c ex art chap vol no nos éd
""".split()),
    "spanish": set("""
sr sra srta sres dr dra lic ing prof ud uds vd vds ene feb mar abr jun jul ago sept oct nov
dic pág págs etc ej p.ej aprox av avda núm art cap vol ee uu ee.uu dña
""".split()),
    "italian": set("""
sig sigg sig.ra dott dott.ssa prof ing avv gen gen.le on ecc es pag pagg art cap vol n nn
gen feb mar apr mag giu lug ago set ott nov dic
""".split()),
    "portuguese": set("""
sr sra srta dr dra prof eng av pág págs etc ex art cap vol n jan fev mar abr mai jun jul ago
set out nov dez
""".split()),
    "dutch": set("""
dhr mevr mr dr prof ir ing drs bijv d.w.z o.a m.b.t enz etc jan feb mrt apr jun jul aug sep
sept okt nov dec nr blz
""".split()),
}
#: Languages that write ordinal numbers with a full stop ("am 3. Oktober").
ORDINAL_DOT_LANGUAGES = {"german", "danish", "norwegian", "finnish", "czech", "slovak",
                         "slovene", "estonian", "hungarian", "turkish", "polish"}

_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n")
_LIST_OR_HEADING = re.compile(r"^\s*([-*•·+]|\d+[.)]|#{1,6})\s")


_NLTK_LOCK = threading.RLock()


#: NLTK's Punkt module and ``nltk.data``, once loaded (see :func:`import_punkt`).
_PUNKT: dict[str, Any] = {}


def import_punkt():
    """Import NLTK's Punkt module alone, fast, and leave nothing installed.

    ``import nltk`` runs the package's ``__init__``, which imports most of NLTK (parsers,
    chunkers, metrics, and through them NumPy): measured here 0.9 s against 0.25-0.35 s for
    Punkt alone (busy 2-core machine; ``python -c`` of each, three runs). So the ``nltk``
    and ``nltk.tokenize`` packages are stood in for by empty package modules just long
    enough to load Punkt; then the stand-ins *and* every ``nltk`` module loaded with them are
    taken out of ``sys.modules`` again (reader keeps its references). Whoever imports NLTK
    later gets the real package, loaded afresh: no import hook, no stand-in left behind.
    """
    with _NLTK_LOCK:
        if "punkt" in _PUNKT:
            return _PUNKT["punkt"]
        if "nltk" in sys.modules:  # the real package is here already: use it
            with _without_scipy_stats():
                import nltk.data
                import nltk.tokenize.punkt as punkt
            _PUNKT.update(punkt=punkt, data=nltk.data)
            return punkt
        before = set(sys.modules)
        _stand_in_packages()
        try:
            with _without_scipy_stats():
                import nltk.data as data
                import nltk.tokenize.punkt as punkt
        finally:
            for name in [n for n in sys.modules if n not in before
                         and (n == "nltk" or n.startswith("nltk."))]:
                del sys.modules[name]
        _PUNKT.update(punkt=punkt, data=data)
        return punkt


def _stand_in_packages() -> None:
    """Empty package modules for ``nltk`` and ``nltk.tokenize`` (their ``__path__`` only),
    so that Punkt's module can be imported without the packages' ``__init__``."""
    import importlib.util
    import types

    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        return
    root = next(iter(spec.submodule_search_locations))
    for name, path in (("nltk", root), ("nltk.tokenize", os.path.join(root, "tokenize"))):
        module = types.ModuleType(name)
        module.__path__ = [path]
        module.__package__ = name
        sys.modules[name] = module


def complete_nltk() -> None:
    """Import the real NLTK package (for sumy and the stemmer), with ``scipy.stats`` kept
    out, once no Punkt import is in progress."""
    with _NLTK_LOCK:
        if "nltk" not in sys.modules:
            with _without_scipy_stats():
                import nltk  # noqa: F401


class _without_scipy_stats:
    """Keep ``scipy.stats`` from being imported (unless something already loaded it)."""

    def __enter__(self) -> None:
        self.blocked = "scipy.stats" not in sys.modules
        if self.blocked:
            sys.modules["scipy.stats"] = None  # type: ignore[assignment]

    def __exit__(self, *exc: object) -> None:
        if self.blocked and sys.modules.get("scipy.stats", 0) is None:
            del sys.modules["scipy.stats"]


@lru_cache(maxsize=8)
def _tokenizer(language: str = "english"):
    punkt = import_punkt()
    PunktParameters, PunktSentenceTokenizer = punkt.PunktParameters, punkt.PunktSentenceTokenizer

    params = PunktParameters()
    trained = _trained_params(language)
    if trained is not None:
        params.abbrev_types = set(trained.abbrev_types)
        params.collocations = set(trained.collocations)
        params.sent_starters = set(trained.sent_starters)
        params.ortho_context = trained.ortho_context
    if language == "english":
        params.abbrev_types |= ABBREVIATIONS
    else:
        params.abbrev_types |= set("abcdefghijklmnopqrstuvwxyz")
        params.abbrev_types |= LANGUAGE_ABBREVIATIONS.get(language, set())
        if language in ORDINAL_DOT_LANGUAGES:
            # "am 3. Oktober": a day or rank with a full stop is an ordinal, not an end.
            params.abbrev_types |= {str(n) for n in range(1, 100)}
    return PunktSentenceTokenizer(params)


def _trained_params(language: str):
    """NLTK's trained Punkt parameters if ``punkt_tab`` is installed; never downloads."""
    try:
        punkt = import_punkt()
        # Looked up in NLTK's data path directly: nltk.data.find imports most of NLTK.
        paths = getattr(_PUNKT.get("data"), "path", [])
        if not any(os.path.isdir(os.path.join(str(p), "tokenizers", "punkt_tab", language))
                   for p in paths):
            return None
        return punkt.PunktTokenizer(language)._params
    except Exception:
        return None


def prewarm(language: str = "english") -> None:
    """Load Punkt ahead of need (the reader calls this in a background thread)."""
    _tokenizer(language)


def blocks(text: str) -> list[Span]:
    """Cut *text* into blocks that no sentence crosses."""
    out: list[Span] = []
    pos = 0
    for m in _BLANK_LINES.finditer(text):
        out.extend(_split_lines(text, pos, m.start()))
        pos = m.end()
    out.extend(_split_lines(text, pos, len(text)))
    return out


def _split_lines(text: str, start: int, end: int) -> list[Span]:
    """Split one paragraph further where a line clearly stands alone."""
    chunk = text[start:end]
    if "\n" not in chunk:
        return [(start, end)] if chunk.strip() else []
    lines = []
    p = start
    for line in chunk.split("\n"):
        lines.append((p, p + len(line)))
        p += len(line) + 1
    widths = [len(text[s:e].rstrip()) for s, e in lines]
    widest = max(widths) if widths else 0
    out: list[Span] = []
    cur = lines[0][0]
    for i, (s, e) in enumerate(lines[:-1]):
        line = text[s:e].rstrip()
        nxt = text[lines[i + 1][0]:lines[i + 1][1]]
        last_word = line.rsplit(None, 1)[-1].rstrip(".").lower() if line.strip() else ""
        stands_alone = last_word not in ABBREVIATIONS and (
            not line.strip()
            or (line.endswith((".", "!", "?", ":", '"', "”", "’", "'", ")"))
            and len(line) < 0.8 * widest)
            or len(line) < 0.6 * widest
            or _LIST_OR_HEADING.match(nxt) is not None
            or _LIST_OR_HEADING.match(line) is not None
        )
        if stands_alone:
            out.append((cur, e))
            cur = lines[i + 1][0]
    out.append((cur, lines[-1][1]))
    return [(s, e) for s, e in out if text[s:e].strip()]


def split_sentences(text: str, language: str = "english") -> list[Span]:
    """Sentence spans ``(start, end)`` indexing *text*, ordered and disjoint, stripped."""
    tok = _tokenizer(language)
    spans: list[Span] = []
    for b0, b1 in _bounded(text, blocks(text)):
        block = text[b0:b1]
        first = len(spans)
        for s, e in tok.span_tokenize(block):
            s, e = _strip(block, s, e)
            if e <= s:
                continue
            if len(spans) > first and (_continues(block, spans[-1][1] - b0, s)
                                       or _quoted_title(block, spans[-1][1] - b0)
                                       or _title_before_name(block, spans[-1][1] - b0, s)):
                spans[-1] = (spans[-1][0], b0 + e)
            else:
                spans.append((b0 + s, b0 + e))
    return spans


_CONTINUATION = re.compile(r"[a-z][a-z'’-]*(?![\w:/])")
#: A title just after an opening quotation mark or bracket: “Mr. | Bennet, how can you…
_QUOTED_TITLE = re.compile(r"(?:^|\s)[\"“‘'(\[]+(?P<word>[A-Za-z]{1,5})\.$")


def _quoted_title(block: str, prev_end: int) -> bool:
    """Punkt reads “Mr. (the quotation mark glued to the title) as an unknown word ending a
    sentence; the sentence goes on."""
    m = _QUOTED_TITLE.search(block, max(0, prev_end - 12), prev_end)
    return m is not None and m.group("word").lower() in ABBREVIATIONS


#: Titles that stand before a name and never end a sentence: "…, Mr. | Archer?"
_NAME_TITLE = re.compile(r"(?:^|[\s\"“‘'(\[])(?:Mr|Mrs|Ms|Messrs|Mme|Mlle|Dr|Prof|Rev)\.$")


def _title_before_name(block: str, prev_end: int, s: int) -> bool:
    """Punkt, meeting a name it has not seen, sometimes ends a sentence after the title."""
    return block[s:s + 1].isupper() and \
        _NAME_TITLE.search(block, max(0, prev_end - 8), prev_end) is not None


_QUOTE_OR_EXCLAMATION_END = re.compile(r"(?:[!?][\"'”’)\]]*|[.,;:—-]?[\"”’'])$")


def _continues(block: str, prev_end: int, s: int) -> bool:
    """A piece that opens in lower case after a quotation or an exclamation goes on the
    sentence before it: the speech tag (“Where away?” | demanded the captain.) or the words
    after an exclamation (“Oh! the sharks!”). Not "iPhone" or "http://…", which may open a
    sentence, and not after a plain full stop, where the source itself is broken."""
    return (_CONTINUATION.match(block, s) is not None
            and _QUOTE_OR_EXCLAMATION_END.search(block, max(0, prev_end - 8), prev_end) is not None)


#: Punkt is fed at most this many characters at a time: NLTK guards its regular expressions
#: with a time limit that a multi-megabyte paragraph (one enormous line) would exceed.
MAX_BLOCK = 50_000
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


def _bounded(text: str, spans: list[Span]) -> list[Span]:
    """Cut over-long blocks, preferably just after a sentence end, else at white space."""
    out: list[Span] = []
    for b0, b1 in spans:
        while b1 - b0 > MAX_BLOCK:
            limit = b0 + MAX_BLOCK
            cut = None
            for m in _SENTENCE_END.finditer(text, limit - MAX_BLOCK // 2, limit):
                cut = m.end()
            if cut is None:
                ws = max(text.rfind(" ", b0 + 1, limit), text.rfind("\t", b0 + 1, limit))
                cut = ws + 1 if ws > b0 else limit
            out.append((b0, cut))
            b0 = cut
        out.append((b0, b1))
    return out


def _strip(text: str, s: int, e: int) -> Span:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def paragraph_ids(text: str, spans: list[Span]) -> list[int]:
    """Paragraph number of each sentence: a new paragraph starts after a line break."""
    ids: list[int] = []
    para = 0
    prev_end = None
    for s, e in spans:
        if prev_end is not None and "\n" in text[prev_end:s]:
            para += 1
        ids.append(para)
        prev_end = e
    return ids


