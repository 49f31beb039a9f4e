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
