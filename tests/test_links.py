"""Links in an article: listed and numbered, followed in reader (Escape comes back to the
place), opened in the browser, copied."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.app import ReaderApp

from .conftest import SIZE, open_seed, wait_for


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
        assert [str(links.get_option_at_index(i).prompt) for i in range(3)] == [
            "[1] the other page  other.md",
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
        links.highlighted = 0
        await pilot.pause(0.2)
        place = first.article.offset_at_top()
        assert place > 0  # highlighting a link scrolled to it, near the end
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is not first
                       and getattr(app.screen, "document", None) is not None)
        other = app.screen
        assert other.followed and other.document.title == "The other page"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is first)
        assert first.article.offset_at_top() == place  # where you were
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
