"""Web articles against a real HTTP server on 127.0.0.1 (no mocked client, no outside network)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.cli import main
from reader.core.document import LoadError
from reader.core.sources import load
from reader.core.sources.web import fetch, load_url, saved_urls

PARAGRAPHS = "".join(
    f"<p>The harbour board of Port Ellen met on day {i} to discuss the new quay. "
    f"\"We will build it,\" said Mary Campbell, the chair of the board.</p>" for i in range(12))
ARTICLE = (f"<!doctype html><html><head><title>New quay for Port Ellen</title>"
           f"<meta name=\"author\" content=\"Iain Macleod\"></head><body><nav>Home | News</nav>"
           f"<article><h1>New quay for Port Ellen</h1>{PARAGRAPHS}</article>"
           f"<footer>Copyright</footer></body></html>").encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _send(self, code: int, ctype: str, body: bytes, extra: dict | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/article.html":
            self._send(200, "text/html; charset=utf-8", ARTICLE)
        elif path == "/plain.txt":
            self._send(200, "text/plain; charset=utf-8",
                       b"A plain text note. It has two sentences.")
        elif path == "/moved":
            self._send(301, "text/html", b"", {"Location": "/article.html"})
        elif path == "/loop":
            self._send(302, "text/html", b"", {"Location": "/loop"})
        elif path == "/missing":
            self._send(404, "text/html", b"<h1>Not here</h1>")
        elif path == "/broken":
            self._send(500, "text/html", b"<h1>Oops</h1>")
        elif path == "/binary":
            self._send(200, "application/octet-stream", bytes(range(256)) * 4)
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(200 * 1024 * 1024))
            self.end_headers()
            self.wfile.write(b"<html>")
        elif path == "/slow":
            time.sleep(2.0)
            self._send(200, "text/html", ARTICLE)
        elif path == "/empty.html":
            self._send(200, "text/html", b"<html><body><nav>Home</nav></body></html>")
        else:
            self._send(404, "text/plain", b"no")


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # clients that hang up early (the size cap, timeouts) are expected here


@pytest.fixture
def server() -> Iterator[tuple[str, ThreadingHTTPServer]]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    try:
        yield f"http://{host}:{port}", httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_article_with_metadata_and_redirect(server) -> None:
    base, _ = server
    doc = load(f"{base}/moved")
    assert doc.kind == "html" and doc.title == "New quay for Port Ellen"
    assert "harbour board of Port Ellen" in doc.text and "Home | News" not in doc.text
    assert doc.meta["url"] == f"{base}/moved" and doc.meta["site"] == "127.0.0.1"
    assert doc.meta.get("author") == "Iain Macleod"
    plain = load(f"{base}/plain.txt")
    assert plain.text == "A plain text note. It has two sentences."


@pytest.mark.parametrize("path,needle", [
    ("/loop", "too many redirects"),
    ("/missing", "HTTP 404"),
    ("/broken", "HTTP 500"),
    ("/binary", "not a web page"),
    ("/huge", "too large"),
    ("/empty.html", "no main text"),
])
def test_errors_a_person_understands(server, path: str, needle: str) -> None:
    base, _ = server
    with pytest.raises(LoadError, match=needle) as info:
        load_url(f"{base}{path}")
    assert "\n" not in str(info.value)


def test_timeout_refused_tls_dns_and_scheme(server, monkeypatch) -> None:
    base, _ = server
    with pytest.raises(LoadError, match="did not answer within"):
        fetch(f"{base}/slow", timeout=0.5)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(LoadError, match="refused"):
        fetch(f"http://127.0.0.1:{port}/x")
    with pytest.raises(LoadError, match=r"TLS|SSL"):
        fetch(base.replace("http://", "https://") + "/article.html", timeout=3)

    def no_dns(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(LoadError, match="DNS lookup failed"):
        fetch("http://news.invalid/article")
    with pytest.raises(LoadError, match="only http and https"):
        fetch("ftp://127.0.0.1/x")


def test_article_reopens_offline_and_is_listed(server) -> None:
    base, httpd = server
    url = f"{base}/article.html"
    first = load_url(url)
    assert url in saved_urls()
    from reader.core.sources.web import _folder

    assert (_folder(url) / "article.txt").read_text(encoding="utf-8") == first.text
    httpd.shutdown()
    httpd.server_close()
    again = load_url(url, timeout=2)
    assert again.text == first.text and again.title == first.title
    assert "saved copy" in again.meta["offline"]


def test_cli_analyze_and_bookmark_a_url(server, capsys) -> None:
    base, _ = server
    url = f"{base}/article.html"
    assert main(["analyze", url, f"{base}/missing", "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    row = json.loads(captured.out)
    assert row["source"] == url and row["title"] == "New quay for Port Ellen"
    assert any(e["text"] == "Mary Campbell" and e["label"] == "PERSON" for e in row["entities"])
    assert any(q["speaker"] == "Mary Campbell" for q in row["quotes"])
    assert captured.err.count("\n") == 1 and "HTTP 404" in captured.err
    assert main(["bookmarks", "add", url, "--sentence", "2", "--note", "quay"]) == 0
    capsys.readouterr()
    assert main(["bookmarks", "export"]) == 0
    assert f"Source: {url}" in capsys.readouterr().out


async def test_tui_opens_a_url(server) -> None:
    from reader.ui.app import ReaderApp

    from ..conftest import SIZE, open_seed

    base, _ = server
    app = ReaderApp([f"{base}/article.html"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)
        assert screen.document.title == "New quay for Port Ellen"
        assert screen.summary.indices


def _rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>Quay news {i}</title><link>{base}/article.html?i={i}</link>"
        f"<guid>quay-{i}</guid><pubDate>Mon, 0{i + 1} Jan 2024 10:00:00 GMT</pubDate>"
        f"<description>Short teaser {i}.</description></item>" for i in range(3))
    items += (f"<item><title>Gone page</title><link>{base}/missing</link><guid>gone</guid>"
              "<description>&lt;p&gt;The harbour board met again today and agreed the plans "
              "for the new quay after a long debate about the cost.&lt;/p&gt;</description>"
              "</item>")
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Port Ellen News</title>"
            f"<link>{base}/</link><description>d</description>{items}</channel></rss>").encode()


def _atom(base: str) -> bytes:
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Islay Atom</title><id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>"
            f"<entry><title>Atom entry</title><id>urn:a1</id>"
            f"<link href='{base}/plain.txt'/><updated>2024-01-02T00:00:00Z</updated>"
            f"<summary>Atom summary.</summary></entry></feed>").encode()


class FeedHandler(Handler):
    def do_GET(self) -> None:
        base = f"http://{self.headers['Host']}"
        if self.path == "/rss.xml":
            self._send(200, "application/rss+xml", _rss(base))
        elif self.path == "/atom.xml":
            self._send(200, "application/atom+xml", _atom(base))
        elif self.path.startswith("/article.html"):
            self._send(200, "text/html; charset=utf-8", ARTICLE)
        else:
            super().do_GET()


@pytest.fixture
def feed_server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), FeedHandler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_feeds_add_refresh_no_duplicates_and_failures(feed_server, capsys, tmp_path) -> None:
    base = feed_server
    assert main(["feeds", "add", f"{base}/rss.xml", f"{base}/atom.xml"]) == 0
    assert main(["feeds", "add", f"{base}/missing"]) == 1  # a 404 is not subscribed
    capsys.readouterr()
    from reader.core.library import Store

    with Store() as store:
        store.feeds.add(f"{base}/broken", "Broken")  # subscribed earlier, now failing
    assert main(["feeds", "refresh"]) == 1  # one feed failed; the others were refreshed
    out = capsys.readouterr()
    assert "0 new items from 2 feeds; 1 failed" in out.out
    assert "HTTP 500" in out.err
    with Store() as store:
        items = store.feeds.items()
        assert len(items) == 5  # 4 RSS + 1 Atom, nothing duplicated by the refresh
        assert {i.feed_title for i in items} == {"Port Ellen News", "Islay Atom"}
    assert main(["feeds", "list", "--items"]) == 0
    listing = capsys.readouterr().out
    assert "Port Ellen News" in listing and "4 unread of 4" in listing
    # OPML round trip into another data directory.
    assert main(["feeds", "export"]) == 0
    opml = tmp_path / "feeds.opml"
    opml.write_text(capsys.readouterr().out, encoding="utf-8")
    import os

    os.environ["READER_DATA_DIR"] = str(tmp_path / "other")
    assert main(["feeds", "import", str(opml)]) == 0
    assert "imported 3 feeds" in capsys.readouterr().out
    assert main(["feeds", "import", str(opml)]) == 0
    assert "imported 0 feeds, already subscribed 3" in capsys.readouterr().out


def test_feed_item_full_article_or_feed_text(feed_server) -> None:
    from reader.core import feeds
    from reader.core.library import Store

    base = feed_server
    with Store() as store:
        feeds.subscribe(store, f"{base}/rss.xml")
        full = feeds.item_document(store, f"{base}/article.html?i=0")
        assert full.title == "New quay for Port Ellen"  # the page, not the teaser
        gone = feeds.item_document(store, f"{base}/missing")
        assert gone.title == "Gone page"
        assert "agreed the plans for the new quay" in gone.text
        assert "feed's own text" in gone.meta["offline"]
        unread = {i.link for i in store.feeds.items() if not i.read}
        assert f"{base}/missing" not in unread and f"{base}/article.html?i=1" in unread


async def test_library_lists_feed_items_and_opens_them(feed_server) -> None:
    from reader.core import feeds
    from reader.core.library import Store
    from reader.ui.app import ReaderApp
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.screens.reading import ReadingScreen

    from ..conftest import SIZE, library_ready, notices, wait_for

    base = feed_server
    with Store() as store:
        feeds.subscribe(store, f"{base}/rss.xml")
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen)
                       and not app.screen.is_loading)
        lib = app.screen
        await wait_for(pilot, lambda: any(e.feed for e in lib.entries))
        await pilot.press("slash", *"gone page", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen)
                       and app.screen.analysis_done)
        assert "agreed the plans" in app.screen.document.text
        assert any("feed's own text" in n.message and n.title == "Page unavailable"
                   for n in notices(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: library_ready(app))
        with Store() as store:
            item = store.feeds.item_for_link(f"{base}/missing")
            assert item.read is True
