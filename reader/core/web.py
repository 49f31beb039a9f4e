"""Web articles: fetch a URL, extract its main text, keep a copy for offline reading.

The page is fetched with the standard library's HTTP client (http/https only, a timeout, at
most 5 redirects, a size cap, a plain user agent). The page and its metadata are saved in
``<data dir>/web/<key>/``, so the article opens again when the network (or the site) is gone.
Every failure is one line a person understands (DNS, refused, timeout, TLS, HTTP status, not
HTML, too large, no main text).
"""

from __future__ import annotations

import hashlib
import json
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from reader import __version__
from reader.core.atomic import write_atomic
from reader.core.documents import Document, LoadError, decode_bytes, html_to_document
from reader.core.paths import data_dir, ensure_private_dir

USER_AGENT = f"reader-tui/{__version__} (terminal article reader)"
TIMEOUT = 15.0
MAX_PAGE_BYTES = 8 * 1024 * 1024
MAX_REDIRECTS = 5
_ACCEPTED = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass
class Page:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 2


def fetch(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_PAGE_BYTES,
          accept: tuple[str, ...] = _ACCEPTED) -> Page:
    """GET *url*; raises :class:`LoadError` with a one-line reason on any failure."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LoadError("only http and https URLs with a host name can be opened")
    host = parts.hostname
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
    })
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            final = response.geturl()
            if urlsplit(final).scheme not in ("http", "https"):
                raise LoadError("redirected to something that is not http or https")
            if content_type not in accept:
                raise LoadError(f"not a web page: the server sent {content_type}")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise LoadError(f"page is too large ({int(length) / 1_048_576:.1f} MB; "
                                f"the limit is {max_bytes // 1_048_576} MB)")
            body = bytearray()
            deadline = time.monotonic() + timeout * 4
            while chunk := response.read(65536):
                body += chunk
                if len(body) > max_bytes:
                    raise LoadError(f"page is too large (over {max_bytes // 1_048_576} MB)")
                if time.monotonic() > deadline:
                    raise LoadError(f"{host} is sending too slowly (gave up after "
                                    f"{timeout * 4:.0f} s)")
            return Page(final, response.status, content_type, bytes(body))
    except LoadError:
        raise
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise LoadError(f"too many redirects (more than {MAX_REDIRECTS}) from {host}") \
                from None
        raise LoadError(f"{host} answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise LoadError(_reason(exc.reason, host, timeout)) from None
    except TimeoutError:
        raise LoadError(f"{host} did not answer within {timeout:.0f} s") from None
    except ssl.SSLError as exc:
        raise LoadError(f"TLS error with {host}: {exc.reason or exc}") from None
    except (ConnectionError, OSError) as exc:
        raise LoadError(_reason(exc, host, timeout)) from None


def _reason(reason: object, host: str, timeout: float) -> str:
    if isinstance(reason, socket.gaierror):
        return f"could not find {host} (DNS lookup failed)"
    if isinstance(reason, ConnectionRefusedError):
        return f"{host} refused the connection"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"{host} did not answer within {timeout:.0f} s"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error with {host}: {getattr(reason, 'reason', None) or reason}"
    if isinstance(reason, ConnectionResetError):
        return f"{host} closed the connection"
    return f"could not reach {host}: {reason}"


# --------------------------------------------------------------------------- saved copies


def _folder(url: str) -> Path:
    return data_dir() / "web" / hashlib.sha256(url.encode("utf-8")).hexdigest()[:24]


def save(url: str, page: Page, text: str = "") -> None:
    """Keep the page, its extracted text and what we know of it (atomic writes; failures
    are not fatal: the article was read, only the offline copy is missing)."""
    try:
        folder = ensure_private_dir(_folder(url))
        for name, data in (("page.bin", page.body), ("article.txt", text.encode("utf-8")),
                           ("meta.json", json.dumps({
            "url": url, "final_url": page.url, "content_type": page.content_type,
            "fetched": time.time(),
        }).encode("utf-8"))):
            write_atomic(folder / name, data)
    except OSError:
        pass


def saved(url: str) -> Page | None:
    folder = _folder(url)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        body = (folder / "page.bin").read_bytes()
    except (OSError, ValueError):
        return None
    page = Page(meta.get("final_url", url), 200, meta.get("content_type", "text/html"), body)
    page.fetched = meta.get("fetched")  # type: ignore[attr-defined]
    return page


def saved_urls() -> list[str]:
    """URLs of every saved web article, newest first."""
    root = data_dir() / "web"
    out = []
    for meta in root.glob("*/meta.json"):
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            out.append((data.get("fetched", 0), data["url"]))
        except (OSError, ValueError, KeyError):
            continue
    return [u for _, u in sorted(out, reverse=True)]


def document_from_page(url: str, page: Page) -> Document:
    text, encoding = decode_bytes(page.body)
    if page.content_type == "text/plain":
        from reader.core.documents import document_from_bytes

        doc = document_from_bytes(page.body, url, ".txt")
    else:
        doc = html_to_document(text, url)
        from reader.core.documents import find_boilerplate

        doc.boilerplate = find_boilerplate(doc.text)
    doc.meta["url"] = url
    doc.meta.setdefault("encoding", encoding)
    site = urlsplit(page.url).hostname
    if site:
        doc.meta.setdefault("site", site)
    doc.meta.pop("path", None)
    return doc


def load_url(url: str, timeout: float = TIMEOUT) -> Document:
    """Fetch (or, when that fails, reopen the saved copy of) a web article."""
    try:
        page = fetch(url, timeout=timeout)
    except LoadError as exc:
        copy = saved(url)
        if copy is None:
            raise
        doc = document_from_page(url, copy)
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(getattr(copy, "fetched", 0)))
        doc.meta["offline"] = f"saved copy from {when} ({exc})"
        return doc
    doc = document_from_page(url, page)  # raises "no main text" before anything is kept
    save(url, page, doc.text)
    return doc
