"""Hostile servers and addresses: every failure is one clean line, nothing reaches the terminal
raw, redirects are checked before they are followed, and no request outlives its deadline.
A raw TCP server on 127.0.0.1 sends exactly the bytes each test needs."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from reader.cli import main
from reader.core.document import LoadError
from reader.core.sources.web import cancel_all, fetch, load_url, saved

Reply = Callable[[socket.socket], None]
BODY = (b"<html><head><title>Fine</title></head><body><article>"
        + b"<p>A sentence about the harbour and its boats. Another one follows here.</p>" * 8
        + b"</article></body></html>")


def send(data: bytes) -> Reply:
    def reply(conn: socket.socket) -> None:
        conn.sendall(data)
    return reply


def drip(head: bytes, every: float, count: int) -> Reply:
    def reply(conn: socket.socket) -> None:
        conn.sendall(head)
        for _ in range(count):
            time.sleep(every)
            conn.sendall(b"x")
    return reply


@pytest.fixture
def raw_server() -> Iterator[tuple[str, dict[str, Reply]]]:
    """path -> what to send; the server reads the request line and answers with those bytes."""
    routes: dict[str, Reply] = {}
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    srv.settimeout(0.2)
    stop = threading.Event()

    def handle(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                data = b""
                while b"\r\n\r\n" not in data and len(data) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                path = data.split(b" ", 2)[1].decode("latin-1")
                reply = routes.get(path)
                if reply is not None:
                    reply(conn)
            except OSError:
                pass

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}", routes
    finally:
        stop.set()
        thread.join(2)
        srv.close()


def ok(body: bytes = BODY, ctype: bytes = b"text/html") -> bytes:
    return (b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)


def problem(url: str, **kwargs) -> str:
    with pytest.raises(LoadError) as info:
        fetch(url, **kwargs)
    message = str(info.value)
    assert "\x1b" not in message and "\x07" not in message and "\n" not in message
    for name in ("Error", "LineTooLong", "IncompleteRead", "Exception", "urllib3"):
        assert name not in message, message
    return message


def test_server_words_never_reach_the_terminal(raw_server, capsys) -> None:
    base, routes = raw_server
    routes["/status"] = send(b"HTTP/1.1 404 Not\x1b]0;owned\x07\x1b[2J\r\n"
                             b"Content-Length: 0\r\nConnection: close\r\n\r\n")
    routes["/ctype"] = send(ok(ctype=b"application/x-\x1b[31mevil"))
    assert "HTTP 404 Not" in problem(f"{base}/status")
    assert "not a web page" in problem(f"{base}/ctype")
    assert main(["summarize", f"{base}/status"]) == 1
    assert main(["feeds", "add", f"{base}/status"]) == 1
    err = capsys.readouterr().err
    assert err.count("reader: ") == 2 and "\x1b" not in err and "\x07" not in err
    assert "Traceback" not in err


@pytest.mark.parametrize("raw,needle", [
    (b"HTTX/9 what is this\r\n\r\n", "not valid HTTP"),
    (b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n", "malformed or oversized"),
    (b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(150)) + b"\r\n",
     "malformed or oversized"),
    (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"zz\r\nbad\r\n", "ended the page early"),
], ids=["bad-status-line", "header-too-long", "150-headers", "bad-chunk"])
def test_broken_http_is_one_clean_line(raw_server, capsys, raw: bytes, needle: str) -> None:
    base, routes = raw_server
    routes["/x"] = send(raw)
    assert needle in problem(f"{base}/x")
    assert main(["feeds", "add", f"{base}/x"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and err.count("\n") == 1 and "Traceback" not in err


def test_short_body_is_an_error_and_never_the_offline_copy(raw_server) -> None:
    base, routes = raw_server
    routes["/short"] = send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                            b"Content-Length: 5000\r\nConnection: close\r\n\r\n" + BODY[:300])
    with pytest.raises(LoadError, match="ended the page early"):
        load_url(f"{base}/short")
    assert saved(f"{base}/short") is None


@pytest.mark.parametrize("target,needle", [
    (b"ftp://127.0.0.1/pub", "redirected to a ftp: address"),
    (b"file:///etc/passwd", "redirected to a file: address"),
    (b"data:text/html,hi", "redirected to a data: address"),
    (b"javascript:alert(1)", "redirected to a javascript: address"),
])
def test_redirects_are_checked_before_they_are_followed(raw_server, target: bytes,
                                                         needle: str) -> None:
    base, routes = raw_server
    routes["/go"] = send(b"HTTP/1.1 302 Found\r\nLocation: " + target
                         + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    assert needle in problem(f"{base}/go")


def test_a_busy_server_is_asked_again_after_its_retry_after(raw_server) -> None:
    base, routes = raw_server
    answers = [b"HTTP/1.1 503 Busy\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
               b"Connection: close\r\n\r\n",
               b"HTTP/1.1 429 Slow down\r\nRetry-After: 0\r\nContent-Length: 0\r\n"
               b"Connection: close\r\n\r\n", ok()]
    times: list[float] = []

    def reply(conn: socket.socket) -> None:
        times.append(time.monotonic())
        conn.sendall(answers.pop(0))

    routes["/busy"] = reply
    page = fetch(f"{base}/busy")
    assert page.status == 200 and b"harbour" in page.body
    assert len(times) == 3 and times[1] - times[0] >= 0.9  # waited as asked


def test_a_long_retry_after_is_said_not_waited(raw_server) -> None:
    base, routes = raw_server
    routes["/later"] = send(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7200\r\n"
                            b"Content-Length: 0\r\nConnection: close\r\n\r\n")
    start = time.monotonic()
    message = problem(f"{base}/later")
    assert time.monotonic() - start < 3
    assert "HTTP 503" in message and "try again in 2 h" in message


def test_relative_redirect_then_page(raw_server) -> None:
    base, routes = raw_server
    routes["/a"] = send(b"HTTP/1.1 301 Moved\r\nLocation: /b\r\nContent-Length: 0\r\n"
                        b"Connection: close\r\n\r\n")
    routes["/b"] = send(ok())
    page = fetch(f"{base}/a")
    assert page.url == f"{base}/b" and page.body == BODY


def test_a_drip_feeding_server_is_cut_off_at_the_deadline(raw_server) -> None:
    base, routes = raw_server
    routes["/drip"] = drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                           b"Content-Length: 100000\r\n\r\n", every=0.2, count=100)
    began = time.monotonic()
    assert "sending too slowly" in problem(f"{base}/drip", timeout=5, deadline=1.5)
    assert time.monotonic() - began < 4


def test_cancel_all_ends_a_fetch_at_once(raw_server) -> None:
    base, routes = raw_server
    routes["/drip"] = drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                           b"Content-Length: 100000\r\n\r\n", every=0.2, count=200)
    failure: list[str] = []

    def run() -> None:
        try:
            fetch(f"{base}/drip", timeout=30, deadline=60)
        except LoadError as exc:
            failure.append(str(exc))

    began = time.monotonic()
    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.5)
    cancel_all()
    thread.join(10)
    assert not thread.is_alive() and failure
    assert time.monotonic() - began < 5


@pytest.mark.parametrize("url,needle", [
    ("http://[::1", "not a valid URL"),
    ("http://127.0.0.1:99999/", "port number out of range"),
    ("http://user:secret@127.0.0.1:9/", "user name or password"),
    ("http://127.0.0.1:9/a b", "spaces or control characters"),
    ("http://127.0.0.1:9/\x1b[2J", "spaces or control characters"),
    ("ftp://127.0.0.1/x", "only http and https"),
    ("http:///nohost", "host name"),
])
def test_bad_addresses_say_what_is_wrong(url: str, needle: str, capsys) -> None:
    assert needle in problem(url)
    assert main(["feeds", "add", url]) == 1
    assert main(["bookmarks", "add", url, "--sentence", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("reader: ") == 2 and "Traceback" not in err and "\x1b" not in err


def test_full_width_host_is_read_as_its_ascii_form(raw_server) -> None:
    base, routes = raw_server
    routes["/w"] = send(ok())
    port = base.rsplit(":", 1)[1]
    wide = "http://１２７．０．０．１:" + port + "/w"
    try:
        page = fetch(wide)
    except LoadError as exc:  # some IDNA codecs refuse it: then one clean line
        assert "\n" not in str(exc) and "Error" not in str(exc)
    else:
        assert page.body == BODY


def test_feed_item_with_a_bad_link_opens_the_feeds_text(raw_server) -> None:
    from reader.core import feeds
    from reader.core.library import Store

    base, routes = raw_server
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
           b"<item><title>Bad link</title><link>http://[::1</link><guid>g1</guid>"
           b"<description>The harbour board met today. It agreed the plans.</description>"
           b"</item></channel></rss>")
    routes["/feed.xml"] = send(ok(rss, b"application/rss+xml"))
    with Store() as store:
        feeds.subscribe(store, f"{base}/feed.xml")
        doc = feeds.item_document(store, "http://[::1")
        assert "harbour board met today" in doc.text
        assert "feed's own text" in doc.meta["offline"]


def test_huge_ids_and_empty_names(capsys) -> None:
    assert main(["bookmarks", "remove", "99999999999999999999999"]) == 2
    assert main(["summarize", ""]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "empty file name" in err


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_restore_the_terminal_and_save_the_place(signame: str,
                                                                    tmp_path) -> None:
    import os
    import pty
    import select
    import signal
    import subprocess
    import sys

    from reader.core.library import Store

    from ..conftest import SEED

    main_fd, sub_fd = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="30")
    proc = subprocess.Popen([sys.executable, "-m", "reader", str(SEED)], stdin=sub_fd,
                            stdout=sub_fd, stderr=sub_fd, env=env, start_new_session=True)
    os.close(sub_fd)
    seen = b""

    def read_for(seconds: float, until: bytes | None = None) -> None:
        nonlocal seen
        end = time.monotonic() + seconds
        while time.monotonic() < end and (until is None or until not in seen):
            ready, _, _ = select.select([main_fd], [], [], 0.1)
            if ready:
                try:
                    seen += os.read(main_fd, 65536)
                except OSError:
                    return

    try:
        read_for(30, until=b"sentences")  # the status line: the article is analysed
        assert b"\x1b[?1049h" in seen  # the alternate screen is on
        read_for(2)
        proc.send_signal(getattr(signal, signame))
        read_for(15)
        code = proc.wait(15)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main_fd)
    assert code == 128 + getattr(signal, signame)
    assert b"\x1b[?1049l" in seen[seen.rfind(b"\x1b[?1049h"):]  # and off again at the end
    with Store() as store:
        (article,) = store.articles.all()
        assert store.articles.position(article) is not None


def test_unreadable_subfolder_is_reported_and_fails_the_run(tmp_path, monkeypatch,
                                                            capsys) -> None:
    import os
    import shutil

    from ..conftest import SEED

    (tmp_path / "ok").mkdir()
    (tmp_path / "secret").mkdir()
    shutil.copy(SEED, tmp_path / "ok" / "a.txt")
    shutil.copy(SEED, tmp_path / "secret" / "b.txt")
    real = os.scandir

    def scandir(path=".", *args, **kwargs):
        if str(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["summarize", str(tmp_path), "--format", "jsonl"]) == 1
    out, err = capsys.readouterr()
    assert out.count("\n") == 1  # a.txt was still summarised
    assert "secret: permission denied" in err and "Traceback" not in err


def test_a_page_of_endless_links_is_refused_quickly(tmp_path, capsys) -> None:
    page = tmp_path / "links.html"
    page.write_text("<html><body>" + '<a href="#">x</a>' * 200_000 + "</body></html>",
                    encoding="utf-8")
    began = time.monotonic()
    assert main(["summarize", str(page)]) == 1
    assert time.monotonic() - began < 10
    assert "too many elements" in capsys.readouterr().err


LINKLESS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Notes</title>'
            b"<item><title>Same title</title><description>The first note says the quay "
            b"opens in May. It will be busy.</description></item>"
            b"<item><title>Same title</title><description>The second note says the ferry "
            b"is late. Nobody knows why.</description></item></channel></rss>")


def test_feed_items_without_link_or_guid_are_kept_apart_and_open(raw_server) -> None:
    from reader.core import feeds
    from reader.core.library import Store

    base, routes = raw_server
    routes["/notes.xml"] = send(ok(LINKLESS, b"application/rss+xml"))
    with Store() as store:
        feeds.subscribe(store, f"{base}/notes.xml")
        items = store.feeds.items()
        assert len(items) == 2 and {i.link for i in items} == {""}  # not merged by title
        first = next(i for i in items if "quay" in i.content)
        doc = feeds.item_document(store, f"feed-item:{first.id}")
        assert "quay opens in May" in doc.text and doc.title == "Same title"
        assert store.feeds.item(first.id).read
        assert not next(i for i in store.feeds.items() if i.id != first.id).read


async def test_library_lists_linkless_feed_items(raw_server) -> None:
    from reader.core import feeds
    from reader.core.library import Store
    from reader.ui.app import ReaderApp
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.screens.reading import ReadingScreen

    from ..conftest import SIZE, wait_for

    base, routes = raw_server
    routes["/notes.xml"] = send(ok(LINKLESS, b"application/rss+xml"))
    with Store() as store:
        feeds.subscribe(store, f"{base}/notes.xml")
    app = ReaderApp([])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen)
                       and sum(1 for e in app.screen.entries if e.feed) == 2)
        screen = app.screen
        await pilot.press("slash", *"Same title", "enter")
        await wait_for(pilot, lambda: len(screen.shown_rows) == 2)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen)
                       and app.screen.analysis_done)
        assert "note says" in app.screen.document.text


async def test_a_huge_feed_keeps_the_list_small_and_says_so(monkeypatch) -> None:
    from reader.core.library import Store
    from reader.ui.app import ReaderApp
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.screens.library import store as library_store

    from ..conftest import SIZE, wait_for

    monkeypatch.setattr(library_store, "FIRST_PAGE", 5)
    with Store() as store:
        store.feeds.add("http://127.0.0.1:9/big.xml", "Big")
        store.feeds.add_items("http://127.0.0.1:9/big.xml", [
            {"guid": f"g{i}", "link": f"http://feed.invalid/{chr(97 + i)}", "title": f"Item {i}"}
            for i in range(12)])
    app = ReaderApp([])
    async with app.run_test(size=(SIZE[0], 5)) as pilot:  # a screenful is 5 rows
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen)
                       and app.screen.matching >= 12)  # the samples are listed too
        screen = app.screen
        await wait_for(pilot, lambda: screen.table.row_count == 5)  # one screenful
        status = str(screen.query_one("#lib-status").render())
        assert "14 articles (5 listed)" in status
        await pilot.press("slash", *"Item 1")  # Item 1, 10, 11 (filtered as typing pauses)
        await wait_for(pilot, lambda: screen.table.row_count == 3)
