"""Web articles: fetch a URL, extract its main text, keep a copy for offline reading.

The page is fetched with urllib3: http/https only (each redirect checked before it is
followed, at most 5), a timeout per step and a deadline for the whole request, a size
cap, a body shorter than its Content-Length refused, a plain user agent. The page and its
metadata are saved in ``<data dir>/web/<key>/``, so the article opens again when the network
(or the site) is gone. Every failure is one line a person understands (DNS, refused,
timeout, TLS, HTTP status, not HTML, too large, cut short, no main text).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import urllib3

from reader import __version__
from reader.core.atomic import write_atomic
from reader.core.document import Document, LoadError
from reader.core.paths import data_dir, ensure_private_dir
from reader.core.sources.decoding import decode_bytes
from reader.core.sources.html import html_to_document
from reader.core.textsafe import one_line

USER_AGENT = f"reader-tui/{__version__} (terminal article reader)"
#: Seconds any one step (connecting, each read) may take.
TIMEOUT = 15.0
#: Seconds the whole request may take, redirects, headers and body included: a server that
#: drips one byte every few seconds is cut off here.
DEADLINE = 40.0
MAX_PAGE_BYTES = 8 * 1024 * 1024
MAX_REDIRECTS = 5
#: A 429 or 503 answer with a Retry-After of at most this many seconds (and within the
#: deadline) is asked again, at most MAX_RETRIES times; a longer wait is said, not waited.
RETRY_AFTER_LIMIT = 10.0
MAX_RETRIES = 2
_ACCEPTED = ("text/html", "application/xhtml+xml", "text/plain")
_CHUNK = 65536


@dataclass
class Page:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes


# Responses being read right now, so that quitting can cut them off (cancel_all).
_ACTIVE: set[Any] = set()
_ACTIVE_LOCK = threading.Lock()


def cancel_all() -> None:
    """Close every connection a fetch is reading from: the fetch fails at once. Called when
    the app quits, so no thread is left waiting on a slow server."""
    with _ACTIVE_LOCK:
        responses = list(_ACTIVE)
    for response in responses:
        sock = getattr(getattr(response, "connection", None), "sock", None)
        with contextlib.suppress(OSError, AttributeError):
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(Exception):
            response.release_conn()


def _pool() -> urllib3.PoolManager:
    return urllib3.PoolManager(retries=False, num_pools=4, maxsize=2, block=False,
                               headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})


def check_url(url: str) -> tuple[str, str]:
    """(scheme, host) of an address reader may fetch, or :class:`LoadError` saying why not."""
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in url):
        raise LoadError("the address contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        text = str(exc).lower()
        if "port" in text:
            raise LoadError("the address has a port number out of range (1-65535)") from None
        raise LoadError("the address is not a valid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{one_line(scheme, 20)}:" if scheme else "an address without a scheme"
        raise LoadError(f"only http and https addresses are opened ({shown} is not)")
    if parts.username is not None or parts.password is not None:
        raise LoadError("addresses with a user name or password are not opened")
    host = parts.hostname
    if not host:
        raise LoadError("only http and https URLs with a host name can be opened")
    if port == 0:
        raise LoadError("the address has a port number out of range (1-65535)")
    try:
        host.encode("idna")
    except UnicodeError:
        raise LoadError(f"the host name {one_line(host, 60)!r} is not valid") from None
    return scheme, host


def fetch(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_PAGE_BYTES,
          accept: tuple[str, ...] = _ACCEPTED, deadline: float = DEADLINE) -> Page:
    """GET *url*; raises :class:`LoadError` with a one-line reason on any failure.

    Every redirect is checked before it is followed (http and https only, at most
    :data:`MAX_REDIRECTS`); each step has *timeout* seconds and the whole request *deadline*;
    a body larger than *max_bytes* or shorter than its Content-Length is refused. A busy
    server's 429 or 503 with a short Retry-After is asked again after that wait.
    """
    check_url(url)
    end = time.monotonic() + deadline
    pool = _pool()
    current = url
    retries = 0
    try:
        for _hop in range(MAX_REDIRECTS + 1 + MAX_RETRIES):
            _, host = check_url(current)
            response = _request(pool, current, host, timeout, end)
            wait = _retry_after(response, end) if retries < MAX_RETRIES else None
            if wait is not None:  # "busy, ask again in a moment": asked again, once or twice
                response.release_conn()
                retries += 1
                time.sleep(wait)
                continue
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                response.release_conn()
                if not location:
                    raise LoadError(f"{host} redirected without saying where to")
                target = urljoin(current, location.strip())
                scheme = urlsplit(target).scheme.lower()
                if scheme not in ("http", "https"):
                    raise LoadError(f"{host} redirected to a {one_line(scheme or '?', 20)}: "
                                    "address, which reader does not follow")
                current = target
                continue
            return _read(response, current, host, timeout, end, max_bytes, accept)
        raise LoadError(f"too many redirects (more than {MAX_REDIRECTS}) from "
                        f"{urlsplit(url).hostname}")
    finally:
        pool.clear()


def _retry_after(response: Any, end: float) -> float | None:
    """Seconds to wait before asking again, when a 429 or 503 answer says how long (in
    seconds or as a date: urllib3's Retry parses both) and it is short enough; else None."""
    if response.status not in (429, 503):
        return None
    value = response.headers.get("Retry-After")
    if not value:
        return None
    from urllib3.exceptions import InvalidHeader
    from urllib3.util.retry import Retry

    try:
        wait = Retry().parse_retry_after(value.strip())
    except (InvalidHeader, ValueError, OverflowError):
        return None
    if wait > RETRY_AFTER_LIMIT or time.monotonic() + wait >= end:
        return None
    return wait


def _request(pool: urllib3.PoolManager, url: str, host: str, timeout: float,
             end: float) -> Any:
    left = end - time.monotonic()
    if left <= 0:
        raise LoadError(f"{host} took too long (gave up after {DEADLINE:.0f} s)")
    step = min(timeout, left)
    try:
        return pool.request("GET", url, redirect=False, preload_content=False,
                            timeout=urllib3.Timeout(connect=step, read=step),
                            headers={"Accept": "text/html,application/xhtml+xml;q=0.9,"
                                               "text/plain;q=0.8,*/*;q=0.1"})
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(fetch_problem(exc, host, timeout)) from None


def _read(response: Any, url: str, host: str, timeout: float, end: float, max_bytes: int,
          accept: tuple[str, ...]) -> Page:
    with _ACTIVE_LOCK:
        _ACTIVE.add(response)
    try:
        if response.status >= 400:
            reason = one_line(str(response.reason or ""), 60)
            raise LoadError(f"{host} answered HTTP {response.status}"
                            + (f" {reason}" if reason else "") + _try_later(response))
        content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip()
        content_type = content_type.lower() or "application/octet-stream"
        if content_type not in accept:
            raise LoadError(f"not a web page: the server sent {one_line(content_type, 60)}")
        length = _content_length(response)
        if length is not None and length > max_bytes:
            raise LoadError(f"page is too large ({length / 1_048_576:.1f} MB; "
                            f"the limit is {max_bytes // 1_048_576} MB)")
        body = bytearray()
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise LoadError(f"{host} is sending too slowly (gave up after "
                                f"{DEADLINE:.0f} s)")
            sock = getattr(getattr(response, "connection", None), "sock", None)
            if sock is not None:
                sock.settimeout(min(timeout, left))
            chunk = response.read1(_CHUNK)
            if not chunk:
                break
            body += chunk
            if len(body) > max_bytes:
                raise LoadError(f"page is too large (over {max_bytes // 1_048_576} MB)")
        if length is not None and len(body) < length:
            raise LoadError(f"{host} ended the page early ({len(body):,} of {length:,} bytes)")
        return Page(url, response.status, content_type, bytes(body))
    except LoadError:
        raise
    except Exception as exc:
        if time.monotonic() >= end - 0.05:  # a step cut short by the whole-request deadline
            raise LoadError(f"{host} is sending too slowly (gave up after {DEADLINE:.0f} s)"
                            ) from None
        raise LoadError(fetch_problem(exc, host, timeout)) from None
    finally:
        with _ACTIVE_LOCK:
            _ACTIVE.discard(response)
        with contextlib.suppress(Exception):
            response.release_conn()


def _try_later(response: Any) -> str:
    """", try again in 2 min" when a busy server said when (and it was too long to wait)."""
    if response.status not in (429, 503):
        return ""
    from urllib3.exceptions import InvalidHeader
    from urllib3.util.retry import Retry

    try:
        wait = Retry().parse_retry_after((response.headers.get("Retry-After") or "").strip())
    except (InvalidHeader, ValueError, OverflowError):
        return ""
    if wait >= 5400:
        return f"; try again in {wait / 3600:.0f} h"
    return f"; try again in {wait / 60:.0f} min" if wait >= 90 else f"; try again in {wait:.0f} s"


def _content_length(response: Any) -> int | None:
    raw = response.headers.get("Content-Length")
    if raw is None or "chunked" in (response.headers.get("Transfer-Encoding") or "").lower():
        return None
    raw = raw.strip()
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


# Complex by nature: one sentence for each kind of network failure.
def fetch_problem(exc: BaseException, host: str = "the server",  # noqa: C901
                  timeout: float = TIMEOUT) -> str:
    """One line a person understands for any failure while fetching (never a Python
    exception name, never the server's raw bytes)."""
    from urllib3 import exceptions as u3

    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:  # look through urllib3's wrappers
        seen.add(id(cur))
        if isinstance(cur, (socket.gaierror, u3.NameResolutionError)):
            return f"could not find {host} (DNS lookup failed)"
        if isinstance(cur, u3.NewConnectionError):  # (a subclass of ConnectTimeoutError)
            nxt = cur.__cause__ or cur.__context__
            if nxt is not None:
                cur = nxt
                continue
            if "refused" in str(cur).lower():
                return f"{host} refused the connection"
            return f"could not connect to {host}"
        if isinstance(cur, ConnectionRefusedError):
            return f"{host} refused the connection"
        if isinstance(cur, (TimeoutError, socket.timeout, u3.TimeoutError)):
            return f"{host} did not answer within {timeout:.0f} s"
        if isinstance(cur, (ssl.SSLError, u3.SSLError)):
            return f"TLS error with {host}: the secure connection could not be made"
        if isinstance(cur, ConnectionResetError):
            return f"{host} closed the connection"
        if isinstance(cur, u3.LocationParseError):
            return "the address is not a valid URL"
        if isinstance(cur, (http.client.IncompleteRead, u3.IncompleteRead)):
            return f"{host} ended the page early"
        if isinstance(cur, (http.client.LineTooLong, u3.InvalidHeader)) or (
                isinstance(cur, http.client.HTTPException) and "headers" in str(cur)):
            return f"{host} sent a malformed or oversized answer"
        if isinstance(cur, http.client.HTTPException):
            return f"{host} sent an answer that is not valid HTTP"
        if isinstance(cur, (u3.ProtocolError, u3.DecodeError)):
            nxt = cur.__cause__ or cur.__context__ or next(
                (a for a in cur.args if isinstance(a, BaseException)), None)
            if nxt is None:
                text = str(cur).lower()
                if "incomplete" in text or "chunk" in text or "length" in text:
                    return f"{host} ended the page early"
                return f"{host} sent an answer that is not valid HTTP"
            cur = nxt
            continue
        if isinstance(cur, u3.MaxRetryError) and cur.reason is not None:
            cur = cur.reason
            continue
        if isinstance(cur, OSError) and cur.strerror:
            return f"could not reach {host}: {cur.strerror.lower()}"
        cur = cur.__cause__ or cur.__context__
    return f"could not fetch the page from {host}"


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
        from reader.core.sources.files import document_from_bytes

        doc = document_from_bytes(page.body, url, ".txt")
    else:
        doc = html_to_document(text, url)
        from reader.core.sources.text import find_boilerplate

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
