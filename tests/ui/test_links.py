"""Links in an article: listed and numbered, followed in reader (Escape comes back to the
place), opened in the browser, copied."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.app import ReaderApp

from ..conftest import SIZE, open_seed, wait_for


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    (tmp_path / "other.md").write_text(
        "# The other page\n\nThe lighthouse keeper counted boats. " * 3, encoding="utf-8")
    first = tmp_path / "first.md"
    lines = ["# First page", ""]
    lines += [f"Paragraph {i} about the harbour and its many boats.\n" for i in range(80)]
    lines += ["", "See [the other page](other.md) and [the council site](https://council."
              "example/harbour?x=1), or [mail us](mailto:a@b.example).", ""]
    first.write_text("\n".join(lines), encoding="utf-8")
    return first


async def test_links_are_listed_followed_and_come_back(pages: Path, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url))
    app = ReaderApp([str(pages)])
    async with app.run_test(size=SIZE) as pilot:
        first = await open_seed(pilot)
        links = first.query_one("#links")
        first_link = str(links.get_option_at_index(0).prompt)
        assert first_link.startswith("[1] the other page  /") and first_link.endswith(
            "/other.md")  # where it leads, in full (cut in the middle when long)
        assert [str(links.get_option_at_index(i).prompt) for i in range(1, 3)] == [
            "[2] the council site  https://council.example/harbour?x=1",
            "[3] mail us  mailto:a@b.example"]
        await pilot.press("f")
        await wait_for(pilot, lambda: links.has_focus)
        links.highlighted = 1
        await pilot.press("y")
        assert app.clipboard == "https://council.example/harbour?x=1"
        await pilot.press("o")
        await wait_for(pilot, lambda: opened == ["https://council.example/harbour?x=1"])
        links.highlighted = 2
        await pilot.press("enter")  # mailto: is not followed in reader
        await pilot.pause(0.1)
        assert app.screen is first
        place = first.article.offset_at_top()
        links.highlighted = 0
        await pilot.pause(0.2)
        assert first.article.offset_at_top() == place  # looking at a link does not move you
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is not first
                       and getattr(app.screen, "document", None) is not None)
        other = app.screen
        assert other.followed and other.document.title == "The other page"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is first)
        assert first.article.offset_at_top() == place  # where you were
        await pilot.press("escape")  # the Links list had the keys: they go back to the text
        await pilot.pause()
        assert app.screen is first and first.article.has_focus
        await pilot.press("escape")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "LibraryScreen")


def test_html_articles_keep_the_links_of_their_main_text(tmp_path: Path, capsys) -> None:
    import json

    from reader.cli import main

    body = " ".join(f"Sentence {i} of the story about the harbour and its boats." for i in
                    range(12))
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Harbour news</title></head><body>"
        '<nav><a href="/home">Home</a> <a href="/sport">Sport</a></nav><article>'
        f"<h1>Harbour news</h1><p>{body} The <a href='https://council.example/plan'>council "
        f"plan</a> was approved.</p><p>{body} See <a href='/archive/2019'>the archive</a>."
        "</p></article></body></html>", encoding="utf-8")
    assert main(["analyze", str(page), "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    links = [(row["text"][x["start"]:x["end"]], x["url"]) for x in row["links"]]
    assert links == [("council plan", "https://council.example/plan"),
                     ("the archive", "/archive/2019")]  # the menu's links are not the text's


def test_a_links_number_is_measured_when_wrapping() -> None:
    from reader.ui.widgets.wrapping import wrap

    text = "aaa bbb ccc"
    assert wrap(text, 8) == [(0, 7), (8, 11)]
    # "bbb" carries "[1]" after it: "aaa bbb[1]" is 10 cells, so "bbb" moves down.
    assert wrap(text, 8, extra={7: 3}) == [(0, 3), (4, 7), (8, 11)]
    assert wrap(text, 8, extra={3: 3}) == [(0, 3), (4, 11)]


async def test_link_numbers_are_drawn_after_the_link_text_and_f_then_a_number_follows(
        pages: Path) -> None:
    app = ReaderApp([str(pages)])
    async with app.run_test(size=(80, 24)) as pilot:
        first = await open_seed(pilot)
        view = first.article
        width = view.scrollable_content_region.width
        shown = []
        for y in range(view.line_count):
            strip = view._render_index(y, width)
            assert strip.cell_length <= width  # the numbers never push past the pane
            shown.append("".join(seg.text for seg in strip).strip())
        joined = " ".join(shown)
        assert "the other page[1] and the council site[2], or mail us[3]." in joined
        assert joined.count("[1]") == 1  # the article's own text is unchanged
        assert "[1]" not in view.text
        await pilot.press("f", "1")  # three links: "1" cannot start a longer number
        await wait_for(pilot, lambda: app.screen is not first
                       and getattr(app.screen, "document", None) is not None)
        assert app.screen.document.title == "The other page"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is first)
        links = first.query_one("#links")
        await pilot.press("f", "9")  # there is no link 9: nothing followed
        await pilot.pause(0.1)
        assert app.screen is first and links.highlighted == 0


async def test_a_link_that_cannot_be_opened_says_so_and_stays(tmp_path: Path) -> None:
    from ..conftest import notices

    page = tmp_path / "page.md"
    page.write_text("# Page\n\nA [gone file](missing.md) and [a dead server]"
                    "(http://127.0.0.1:9/x) are linked here, with more words to read.\n",
                    encoding="utf-8")
    app = ReaderApp([str(page)])
    async with app.run_test(size=SIZE) as pilot:
        first = await open_seed(pilot)
        await pilot.press("f", "1")  # a file that is not there: said, nothing opened
        await wait_for(pilot, lambda: any("no such file" in n.message for n in notices(app)))
        assert app.screen is first
        await pilot.press("f", "2")  # a server that refuses: the error, then back here
        await wait_for(pilot, lambda: any(n.title == "Could not open" for n in notices(app)))
        await wait_for(pilot, lambda: app.screen is first)


async def test_o_opens_http_only_and_y_copies_a_safe_address(tmp_path: Path,
                                                             monkeypatch) -> None:
    from ..conftest import notices

    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url))
    page = tmp_path / "page.md"
    page.write_text("# Page\n\n[one](javascript:alert(1)) [two](file:///etc/passwd) "
                    "[three](--help:x) [four](notes.md) [five](vscode://file/x) "
                    "[six](<https://ok.example/a\x1b[201~b>) and more words to read here.\n",
                    encoding="utf-8")
    app = ReaderApp([str(page)])
    async with app.run_test(size=SIZE) as pilot:
        first = await open_seed(pilot)
        # javascript: and file: are not links at all (CommonMark's rule, by markdown-it).
        assert [url for _, _, url in first.document.links] == [
            "--help:x", "notes.md", "vscode://file/x", "https://ok.example/a%1B%5B201~b"]
        links = first.query_one("#links")
        await pilot.press("f")
        await wait_for(pilot, lambda: links.has_focus)
        for k in range(3):
            links.highlighted = k
            await pilot.press("o")
            await pilot.pause(0.05)
        assert opened == []
        said = [n.message for n in notices(app)]
        assert sum("Only http and https links open in the browser" in m for m in said) == 3
        links.highlighted = 3
        await pilot.press("y")
        assert app.clipboard == "https://ok.example/a%1B%5B201~b"
        assert any(app.clipboard in n.message for n in notices(app))
        await pilot.press("o")
        await wait_for(pilot, lambda: opened == ["https://ok.example/a%1B%5B201~b"])


async def test_a_local_link_outside_the_folder_asks_first(tmp_path: Path) -> None:
    from reader.ui.dialogs.prompt import ConfirmScreen

    secret = tmp_path / "secret.txt"
    secret.write_text("Private words that the article should not open silently.\n",
                      encoding="utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    page = folder / "page.md"
    page.write_text("# Page\n\nRead [chapter two](../secret.txt) for more words here.\n",
                    encoding="utf-8")
    app = ReaderApp([str(page)])
    async with app.run_test(size=SIZE) as pilot:
        first = await open_seed(pilot)
        links = first.query_one("#links")
        assert str(links.get_option_at_index(0).prompt).endswith("/secret.txt")
        await pilot.press("f", "1")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is first)
        await pilot.pause(0.2)
        assert app.screen is first
        await pilot.press("f", "1")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: getattr(app.screen, "followed", False)
                       and getattr(app.screen, "document", None) is not None)


def test_safe_url_and_browser_url() -> None:
    from reader.core.urls import browser_url, safe_url

    assert safe_url("https://a.example/x\x1b[201~y z") == "https://a.example/x%1B[201~y%20z"
    assert safe_url("https://a.example/\u202eevil") == "https://a.example/%E2%80%AEevil"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x",
                "vscode://file/x", "smb://host/share", "ms-msdt:x", "--help:x", "/etc/passwd",
                "http://"):
        assert browser_url(bad) is None, bad
    assert browser_url(" https://a.example/p?q=1 ") == "https://a.example/p?q=1"


def test_a_control_character_in_one_href_keeps_every_link(tmp_path: Path, capsys) -> None:
    import json

    from reader.cli import main

    body = " ".join(f"Sentence {i} of the story about the harbour and its boats." for i in
                    range(12))
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Harbour news</title></head><body><article>"
        f"<h1>Harbour news</h1><p>{body} The <a href='https://council.example/plan'>council "
        f"plan</a> was approved.</p><p>{body} See <a href='https://x.example/a&#27;[2Jb'>the "
        "archive</a>.</p></article></body></html>", encoding="utf-8")
    assert main(["analyze", str(page), "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    links = [(row["text"][x["start"]:x["end"]], x["url"]) for x in row["links"]]
    assert links == [("council plan", "https://council.example/plan"),
                     ("the archive", "https://x.example/a%1B[2Jb")]
