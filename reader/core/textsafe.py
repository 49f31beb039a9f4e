"""Make article text safe to show in a terminal.

Article text is data. Control characters (C0 except newline and tab, DEL, C1) and bidi
override/isolate characters are replaced one-for-one by visible stand-ins, so offsets into
the text stay valid for the display. ESC becomes "␛", so ``ESC[2J`` shows as ``␛[2J``.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]")
_C1_OR_BIDI = re.compile(r"[\x7f-\x9f" + _BIDI + "\u2028\u2029]")


def _picture(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "control pictures": ␀ … ␟, ␛ for ESC
    if code == 0x7F:
        return "␡"
    return "\ufffd"


# A base character followed by more than this many combining marks is a "Zalgo" flood that
# some terminals draw over neighbouring lines.
MAX_COMBINING = 3
_MARKS = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_FLOOD = re.compile(f"({_MARKS}{{{MAX_COMBINING}}})({_MARKS}+)")


def _thin_flood(m: re.Match[str]) -> str:
    return m.group(1) + "\u200b" * len(m.group(2))


def safe_text(text: str, keep_newlines: bool = True) -> str:
    """Replace control and bidi-control characters one-for-one with visible symbols.

    Combining marks beyond :data:`MAX_COMBINING` on one character become zero-width spaces
    (one for one, so offsets still hold).
    """
    out = _UNSAFE.sub(_picture, text)
    if not out.isascii():
        out = _FLOOD.sub(_thin_flood, out)
    if not keep_newlines:
        out = out.replace("\n", "␤")
    return out.replace("\t", " ")


def one_line(text: str, limit: int | None = None, *, at_word: bool = False) -> str:
    """Text from outside as one line for display: whitespace collapsed, cut to *limit*
    characters with "…", controls made visible (the one helper for titles, notes, cells).
    *at_word*: the cut falls between words (a snippet), unless a word is very long."""
    flat = " ".join(text.split())
    if limit is not None and len(flat) > limit:
        cut = max(0, limit - 1)
        if at_word and flat[cut:cut + 1] not in (" ", ""):
            space = flat.rfind(" ", 0, cut + 1)
            if space > cut * 2 // 3:
                cut = space
        flat = (flat[:cut].rstrip() if at_word else flat[:cut]) + "…"
    return safe_text(flat)


def fit_words(text: str, width: int) -> tuple[str, str]:
    """*text* as one line cut between words: the words that fit in *width* characters, and
    the rest (a word longer than *width* is cut, the rest of it goes on)."""
    flat = one_line(text)
    if len(flat) <= width:
        return flat, ""
    cut = flat.rfind(" ", 0, width + 1)
    if cut <= 0:
        return flat[:width], flat[width:]
    return flat[:cut], flat[cut + 1:]


def one_line_tail(text: str, limit: int) -> str:
    """Like :func:`one_line`, cut at the start instead ("…/books/moby_dick.txt"): the end of
    a path says more than its beginning."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = "…" + flat[len(flat) - max(0, limit - 1):]
    return safe_text(flat)


def one_line_middle(text: str, limit: int) -> str:
    """Like :func:`one_line`, cut in the middle ("/home/me/…/etc/passwd"): both the start and
    the end of an address say where it leads."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        head = max(1, (limit - 1) // 2)
        tail = max(0, limit - 1 - head)
        flat = flat[:head] + "…" + (flat[len(flat) - tail:] if tail else "")
    return safe_text(flat)


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 sentence", "2 sentences", "1,000 items": a count with its noun."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


#: Reading speed behind the library's reading times.
WORDS_PER_MINUTE = 230


def reading_time(words: int, per_minute: int = WORDS_PER_MINUTE) -> str:
    """How long reading takes: "2 min", "3 h 40 min" (at least 1 min for any text)."""
    if words <= 0:
        return ""
    minutes = max(1, -(-words // per_minute))
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def matches_words(query: str, *fields: str) -> bool:
    """True when every word of *query* occurs (case-insensitively) in one of *fields*:
    the one filter behind the library, the marks screen and ``bookmarks list --filter``."""
    hay = " ".join(fields).lower()
    return all(w in hay for w in query.lower().split())


def _finite(obj: Any) -> Any:
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def dumps(obj: Any, indent: int | None = None) -> str:
    """JSON text with non-ASCII kept readable but C1/bidi controls escaped (``\\u009b``)."""
    try:
        raw = json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:  # NaN or infinity from outside: JSON has no such number
        raw = json.dumps(_finite(obj), ensure_ascii=False, indent=indent)
    return _C1_OR_BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", raw)
