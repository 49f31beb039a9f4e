"""Full-text search over the library: the query language, ranking, snippets, the CLI, the
migration of an older store, and FTS staying in step with the tables."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.library import Store
from reader.core.library.query import QueryError, parse
from reader.core.library.store import SCHEMA_VERSION

from ..conftest import make_schema_1_store

PRIDE = ("It was a truth universally acknowledged. Elizabeth was\n"
         "cautious in\nher praise of Mr. Darcy, and the harbour was far away.")


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "reader.db") as st:
        a = st.articles.find("h1", "/books/pride.txt", "Pride and Prejudice", text=PRIDE)
        st.articles.find("h2", "/news/harbour.txt", "Harbour plan approved",
                   text="The council approved the harbour plan. Elections follow.")
        c = st.articles.find("h3", "/news/e-mail.txt", "Mail",
                       text="An e-mail about the harbour arrived; nobody read it.")
        st.marks.add(a, "highlight", 1, 1, 41, 95, "Elizabeth was cautious in her praise",
                    "she is careful", ["austen", "Character"])
        st.marks.add(c, "bookmark", 0, 0, 0, 10, "An e-mail", "", ["inbox"])
        yield st


def titles(st: Store, q: str) -> list[str]:
    return [h.article.title for h in st.articles.search(parse(q))]


def test_words_phrases_prefixes_and_negation(store: Store) -> None:
    assert set(titles(store, "harbour")) == {"Pride and Prejudice", "Harbour plan approved",
                                               "Mail"}
    assert titles(store, "harbour council") == ["Harbour plan approved"]
    assert titles(store, '"cautious in her praise"') == ["Pride and Prejudice"]  # line breaks
    assert titles(store, '"praise in her"') == []
    assert set(titles(store, "harb*")) == set(titles(store, "harbour"))
    assert set(titles(store, "harbour -elections")) == {"Pride and Prejudice", "Mail"}
    assert titles(store, 'harbour -"nobody read"') == titles(store, "harbour -nobody")
    assert titles(store, "e-mail") == ["Mail"]


def test_operators(store: Store) -> None:
    assert titles(store, "tag:austen") == ["Pride and Prejudice"]
    assert titles(store, "tag:character") == ["Pride and Prejudice"]  # tags fold case
    assert titles(store, "tag:inbox harbour") == ["Mail"]
    assert titles(store, "has:note") == ["Pride and Prejudice"]
    assert titles(store, "has:highlight") == ["Pride and Prejudice"]
    assert titles(store, "in:title harbour") == ["Harbour plan approved"]
    assert titles(store, "careful") == ["Pride and Prejudice"]  # a note is searched


def test_title_outranks_body_and_snippets_mark_the_match(store: Store) -> None:
    hits = store.articles.search(parse("harbour"))
    assert hits[0].article.title == "Harbour plan approved"
    assert hits[0].score >= hits[1].score
    body_hit = next(h for h in store.articles.search(parse("darcy")))
    assert "«Darcy»" in body_hit.snippet
    assert PRIDE[body_hit.offset:].startswith("Darcy")


def test_reading_state_and_date_operators(store: Store) -> None:
    pride, harbour, mail = store.articles.all()
    store.articles.set_position(pride, 500, 1.0)  # read to the end
    store.articles.set_position(harbour, 20, 0.4)  # half way
    assert titles(store, "is:read") == ["Pride and Prejudice"]
    assert titles(store, "is:started") == ["Harbour plan approved"]
    assert titles(store, "is:unread") == ["Mail"]
    assert titles(store, "is:unread harbour") == ["Mail"]
    store.db.conn.execute("UPDATE articles SET created = ? WHERE id = ?",
                        (parse("after:2020-01-01").after - 86400 * 400, mail.id))
    assert set(titles(store, "before:2020-01-01")) == {"Mail"}
    assert "Mail" not in titles(store, "after:2020-01-01 harbour")


@pytest.mark.parametrize("bad, words", [
    ('"unclosed phrase', "unbalanced quote"),
    ("is:bogus", "is:read, is:unread, is:started, is:starred, is:inbox"),
    ("before:someday", "not a date"),
    ("when:now", "unknown operator when:"),
    ("in:body x", "in:title"),
    ("has:tag", "has:note"),
    ("- -", "nothing to search for"),
    ("-is:read x", "-is: is not supported"),
])
def test_bad_queries_say_why(bad: str, words: str) -> None:
    with pytest.raises(QueryError, match=words):
        parse(bad)


def test_removed_and_edited_marks_leave_the_index(store: Store) -> None:
    mark = store.marks.list()[0]
    store.marks.update(mark.id, note="now about something else", tags=["moved"])
    assert titles(store, "careful") == [] and titles(store, "tag:moved") == [mark.title]
    store.marks.remove(mark.id)
    assert titles(store, "tag:moved") == []
    store.marks.restore(mark.id)
    assert titles(store, "tag:moved") == [mark.title]


def test_a_failed_write_leaves_tables_and_index_in_step(tmp_path: Path) -> None:
    from reader.core.library.store import StoreError

    with Store(tmp_path / "reader.db") as st:
        art = st.articles.find("h", "/a.txt", "A", text="plain words here")
        conn = st.db.conn
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full"
        with pytest.raises(StoreError):
            for i in range(200):
                st.marks.add(art, "bookmark", 0, 0, 0, 5, "plain " * 200, "note " * 200,
                            [f"tag{i}"])
        conn.execute("PRAGMA max_page_count = 1073741823")
        marks = len(st.marks.list())
        indexed = conn.execute("SELECT tags FROM search WHERE rowid = ?", (art.id,)).fetchone()
        assert len(indexed[0].split()) == marks  # every saved mark's tag, nothing more
        assert conn.execute("INSERT INTO search(search) VALUES ('integrity-check')")


def test_an_old_store_migrates_with_its_marks_searchable(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_schema_1_store(path)
    with Store(path) as st:
        (mark,) = st.marks.list()
        assert (mark.text, mark.sentence) == ("kept", 2)
        assert titles(st, "kept") == ["Old"]
        assert titles(st, "in:title old") == ["Old"]
        assert st.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM search").fetchone()[0] == 1


def test_cli_search(capsys) -> None:
    from ..conftest import SEED

    assert main(["bookmarks", "add", str(SEED), "--sentence", "5", "--tag", "china",
                 "--note", "Zhao on independence"]) == 0
    capsys.readouterr()
    assert main(["search", "ukraine", "--format", "json"]) == 0
    (hit,) = json.loads(capsys.readouterr().out)
    assert {"id", "title", "source", "score", "snippet", "offset", "state", "starred",
            "tags", "words", "progress"} <= set(hit)
    assert hit["words"] > 100 and hit["state"] == "inbox" and hit["starred"] is False
    assert "«Ukraine»" in hit["snippet"] or "«ukraine»" in hit["snippet"].lower()
    assert main(["search", "tag:china", "independence"]) == 0
    out = capsys.readouterr().out
    assert "China claims" in out and "«independence»" in out
    assert main(["search", "nothing-like-this-anywhere"]) == 0
    assert "no matches" in capsys.readouterr().out
    assert main(["search", '"open']) == 2
    assert "unbalanced quote" in capsys.readouterr().err


def test_cli_add_folders_then_list_and_search(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Harbour works begin.\n\nThe council met on Monday.\n",
                                  encoding="utf-8")
    (folder / "sub" / "b.md").write_text("# Gulls\n\nThe gulls were\ncautious in\nher "
                                         "praise of the harbour.\n", encoding="utf-8")
    (folder / "notes.bin").write_bytes(b"\x00\x01")  # not an article: not taken
    assert main(["add", str(folder), str(tmp_path / "missing.txt")]) == 1
    captured = capsys.readouterr()
    assert [line.split(None, 1)[1] for line in captured.out.splitlines()] == [
        "Harbour works begin.", "Gulls"]
    assert "missing.txt" in captured.err and "added 2 articles; 1 could not" in captured.err
    assert main(["list", "--format", "json", "--reverse"]) == 0  # oldest first
    assert [a["title"] for a in json.loads(capsys.readouterr().out)] == [
        "Harbour works begin.", "Gulls"]
    assert main(["list", '"cautious in her praise"']) == 0
    out = capsys.readouterr().out
    assert "Gulls" in out and "Harbour works" not in out
    assert main(["add", str(folder / "a.txt")]) == 0  # again: the same article, not a copy
    capsys.readouterr()
    assert main(["list", "--format", "jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["add", str(empty)]) == 1
    assert "no articles found" in capsys.readouterr().err


async def test_tui_search_opens_the_article_at_the_match() -> None:
    from reader.ui.app import ReaderApp
    from reader.ui.screens.reading import ReadingScreen
    from reader.ui.screens.search import SearchScreen

    from ..conftest import SEED, SIZE, open_seed, wait_for

    app = ReaderApp([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_seed(pilot)  # opening indexes it
        await pilot.press("escape")
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press(*'"de-fascistize"', "enter")
        await wait_for(pilot, lambda: app.screen.hits)
        assert "«de-fascistize»" in app.screen.hits[0].snippet
        offset = app.screen.hits[0].offset
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen)
                       and app.screen is not screen and app.screen.analysis is not None)
        reading = app.screen
        assert reading.document.text[offset:].lower().startswith("de-fascistize")
        view = reading.article
        await wait_for(pilot, lambda: view.line_of(offset) >= int(view.scroll_offset.y)
                       and view.line_of(offset) < int(view.scroll_offset.y) + view.size.height)
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press(*'"unclosed', "enter")
        status = app.screen.query_one("#search-status")
        await wait_for(pilot, lambda: "unbalanced quote" in str(status.render()))
        await pilot.press("backspace")  # what is shown is not what is typed now: said
        await wait_for(pilot, lambda: "Enter searches" in str(status.render()))


@pytest.mark.parametrize("kind", ["pdf", "epub"])
async def test_a_hit_in_a_book_opens_at_the_match_marked(tmp_path, kind: str) -> None:
    """A PDF (its text arriving from a worker process) and an EPUB open at the hit, not at
    their start, with the matched word marked."""
    from reader.ui.app import ReaderApp
    from reader.ui.screens.reading import ReadingScreen
    from reader.ui.screens.search import SearchScreen

    from ..conftest import open_seed, wait_for
    from ..core.test_books import make_epub, make_pdf

    book = (make_pdf if kind == "pdf" else make_epub)(tmp_path / f"sea.{kind}")
    app = ReaderApp([str(book)])
    async with app.run_test(size=(80, 24)) as pilot:
        first = await open_seed(pilot)  # opening indexes it
        await wait_for(pilot, lambda: first.place.article is not None)
        await pilot.press("escape")
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press(*"counted", "enter")
        await wait_for(pilot, lambda: app.screen.hits)
        hit = app.screen.hits[0]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReadingScreen)
                       and app.screen is not first and app.screen.document is not None)
        view = app.screen.article
        assert view.text[hit.offset:hit.offset + hit.length] == "counted"

        def shown() -> bool:
            top = int(view.scroll_offset.y)
            return top > 0 and top <= view.line_of(hit.offset) < top + view.size.height

        await wait_for(pilot, shown)
        assert view.marks.current == (hit.offset, hit.offset + len("counted"))
