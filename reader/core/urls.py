"""What a web address is, and one form for one page: the only place that knows.

:func:`normalise_url` is how ``reader add``, imports, feeds and followed links find that a
page is already in the library.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters that only say where a click came from.
TRACKING = ("fbclid", "gclid", "mc_cid", "mc_eid")


def is_url(source: str) -> bool:
    """True for an http or https address (the only ones reader fetches)."""
    return source.strip().lower().startswith(("http://", "https://"))


def normalise_url(url: str) -> str:
    """One form for one page: lower-case scheme and host, no tracking parameters (utm_*,
    fbclid, gclid), no trailing slash, no default port, and no fragment — except a ``#!``
    fragment, which *is* the page on sites that route by it (Twitter's ``#!/alice/status/1``,
    Google Groups' ``#!topic/…``). A URL that cannot be taken apart (a hostile feed's
    "http://[oops") is only stripped."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url.strip()
    if port and not ((parts.scheme == "http" and port == 80)
                     or (parts.scheme == "https" and port == 443)):
        host += f":{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith("utm_") and k.lower() not in TRACKING])
    path = parts.path.rstrip("/") or ""
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((parts.scheme.lower(), host, path, query, fragment))


def _unsafe(ch: str) -> bool:
    code = ord(ch)
    return (code <= 0x20 or 0x7F <= code <= 0x9F or ch.isspace()
            or ch in "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def safe_url(url: str) -> str:
    """*url* with every control, bidi control and whitespace character percent-encoded
    (UTF-8): what is copied or handed to a browser can never carry ``ESC[201~`` (the end of a
    bracketed paste) or a line break into a shell, and is the same text the user was shown."""
    url = url.strip()
    if not any(_unsafe(ch) for ch in url):
        return url
    return "".join("".join(f"%{b:02X}" for b in ch.encode("utf-8")) if _unsafe(ch) else ch
                   for ch in url)


def browser_url(url: str) -> str | None:
    """The address to hand to the system's browser: http(s) only, made safe; None for
    anything else (``javascript:``, ``file:``, ``data:``, ``vscode://``, ``smb://``, a
    ``--option``, a local path) — the system's opener would run those."""
    safe = safe_url(url)
    return safe if is_url(safe) and urlsplit(safe).hostname else None
