"""A library to triage: states, stars, article tags, sorts, saved views, feed items as
articles, and the schema 3 -> 4 migration."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.document import Document
from reader.core.library import Library, Store
from reader.core.library.query import QueryError


@pytest.fixture
def lib(tmp_path: Path):
    library = Library(Store(tmp_path / "reader.db"))
    yield library
    library.close()


def _add(lib: Library, name: str, text: str, date: str = "") -> int:
    doc = Document(text=text, title=name, source=f"/n/{name}.txt",
                   meta={"path": f"/n/{name}.txt", **({"date": date} if date else {})})
    return lib.register(doc, doc.source).id


def _titles(lib: Library, query: str = "", **kw) -> list[str]:
    return [a.title for a in lib.articles(query, **kw)]


@pytest.fixture
def three(lib: Library) -> tuple[int, int, int]:
    a = _add(lib, "Alpha", "one two three " * 300, "2019-11-20")  # 900 words
    b = _add(lib, "beta", "harbour plan " * 10, "Wed, 02 Oct 2024 10:00:00 GMT")
    c = _add(lib, "Gamma", "council harbour vote " * 100, "Mon, 07 Oct 2024 08:00:00 GMT")
    return a, b, c


def test_state_star_tags_and_read_are_filters(lib: Library, three) -> None:
    a, b, c = three
    assert lib.set_state([a], "later") == 1
    assert lib.set_state([c], "archived") == 1
    assert lib.set_starred([b, c]) == 2
    assert lib.tag([a, b], add=["Work", "#to read"]) == 2
    assert lib.tag([b], remove=["work"]) == 1
    assert lib.set_read([c]) == 1
    assert _titles(lib, "is:later") == ["Alpha"]
    assert _titles(lib, "is:inbox") == ["beta"]
    assert _titles(lib, "is:archived is:starred") == ["Gamma"]
    assert set(_titles(lib, "is:starred")) == {"beta", "Gamma"}
    assert _titles(lib, "tag:work") == ["Alpha"]
    assert set(_titles(lib, "tag:to-read")) == {"Alpha", "beta"}
    assert _titles(lib, "is:read") == ["Gamma"]
    assert lib.article(a).tags == ["work", "to-read"]
    lib.set_read([c], read=False)
    assert _titles(lib, "is:read") == []
    assert lib.set_state([999], "later") == 0  # an unknown id is counted out, not invented
    with pytest.raises(ValueError):
        lib.set_state([a], "someday")
    with pytest.raises(QueryError, match="is:read"):
        lib.articles("is:someday")


def test_sorts_use_real_dates_and_numbers(lib: Library, three) -> None:
    a, b, _ = three
    assert _titles(lib, sort="published") == ["Gamma", "beta", "Alpha"]  # not weekday order
    assert _titles(lib, sort="published", reverse=True) == ["Alpha", "beta", "Gamma"]
    assert _titles(lib, sort="title") == ["Alpha", "beta", "Gamma"]  # case folded
    assert _titles(lib, sort="time") == ["beta", "Gamma", "Alpha"]  # shortest first
    assert _titles(lib, sort="added") == ["Gamma", "beta", "Alpha"]  # newest first
    lib.store.articles.set_position(lib.article(b), 10, 0.5)
    assert _titles(lib, sort="progress")[0] == "beta"
    assert lib.article(a).words == 900
    assert _titles(lib, sort="title", limit=2, offset=1) == ["beta", "Gamma"]
    assert lib.count() == 3 and lib.count("harbour") == 2
    assert _titles(lib, "harb", as_typed=True, sort="title") == ["beta", "Gamma"]
    with pytest.raises(ValueError, match="unknown sort"):
        lib.articles(sort="colour")


def test_saved_views(lib: Library, three) -> None:
    lib.save_view("Harbour news", "harbour -vote")
    lib.save_view("Later", "is:later")
    assert lib.views() == [("Harbour news", "harbour -vote"), ("Later", "is:later")]
    lib.save_view("Later", "is:later is:starred")  # saving again replaces the query
    assert dict(lib.views())["Later"] == "is:later is:starred"
    assert _titles(lib, dict(lib.views())["Harbour news"]) == ["beta"]
    with pytest.raises(QueryError):
        lib.save_view("Broken", '"open')
    assert "Broken" not in dict(lib.views())
    assert lib.remove_view("Later") and not lib.remove_view("Later")


def _feed_item(guid: str, link: str, title: str, published: str, content: str) -> dict:
    return {"guid": guid, "link": link, "title": title, "published": published,
            "content": content, "content_type": "text/html"}


def test_feed_items_are_articles_listed_under_every_feed(lib: Library) -> None:
    st = lib.store
    st.feeds.add("http://a.example/rss", "Alpha News")
    st.feeds.add("http://b.example/rss", "Beta Daily")
    shared = "http://site.example/story"
    assert st.feeds.add_items("http://a.example/rss", [
        _feed_item("1", shared, "The story", "Wed, 02 Oct 2024 10:00:00 GMT",
                   "<p>A <b>lighthouse</b> &amp; harbour</p>"),
        _feed_item("2", "http://a.example/old", "Old one", "Mon, 01 Jan 2018 00:00:00 GMT",
                   "<p>archive</p>")]) == 2
    assert st.feeds.add_items("http://b.example/rss", [
        _feed_item("x", shared, "The story (B)", "Thu, 03 Oct 2024 10:00:00 GMT", "<p>b</p>"),
    ]) == 1
    arts = lib.articles(sort="published")
    assert [a.title for a in arts] == ["The story", "Old one"]  # one article for the link
    assert sorted(arts[0].feeds) == ["Alpha News", "Beta Daily"]
    assert arts[0].placeholder and arts[0].url == shared
    assert _titles(lib, "feed:beta") == ["The story"]
    assert set(_titles(lib, "feed:a.example")) == {"The story", "Old one"}
    assert _titles(lib, "lighthouse") == ["The story"]  # the excerpt is indexed, tags gone
    assert _titles(lib, "b") == []
    # Opening the item's page makes the placeholder the real article (same id, real text).
    page = Document(text="The full page about the lighthouse keeper. " * 20, title="Story",
                    source=shared, kind="html", meta={"url": shared})
    art = lib.register(page, shared)
    assert art.id == arts[0].id and not lib.article(art.id).placeholder
    assert _titles(lib, "keeper") == ["Story"]
    assert lib.count() == 2
    unread = {f.title: (f.unread, f.items) for f in lib.feeds()}
    assert unread == {"Alpha News": (2, 2), "Beta Daily": (1, 1)}
    lib.remember_place(page, shared, 40, 0.3)  # read in the library: not unread any more
    unread = {f.title: (f.unread, f.items) for f in lib.feeds()}
    assert unread == {"Alpha News": (1, 2), "Beta Daily": (0, 1)}


def test_a_schema_3_store_migrates_marks_positions_and_feed_items(tmp_path: Path) -> None:
    path = tmp_path / "reader.db"
    conn = sqlite3.connect(path)
    from reader.core.library.migrations import MIGRATIONS

    for step in range(3):
        MIGRATIONS[step](conn)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO articles (content_hash, source, title, created) "
                 "VALUES ('h', '/a.txt', 'Old', 1.0)")
    conn.execute("UPDATE search SET body = 'old words here' WHERE rowid = 1")
    conn.execute("INSERT INTO marks (uid, article_id, kind, sentence, last_sentence, start, end,"
                 " text, tags, created, updated) VALUES ('u', 1, 'bookmark', 0, 0, 0, 3, 'old',"
                 " '[\"kept\"]', 1, 1)")
    conn.execute("INSERT INTO positions VALUES (1, 4, 0.5, 1.0)")
    conn.execute("INSERT INTO feeds (url, title, added) VALUES ('http://f/rss', 'F', 1)")
    conn.execute("INSERT INTO feed_items (feed_id, guid, link, title, published, content, "
                 "read, added) VALUES (1, 'g', 'http://f/1', 'Item', '', 'feed words', 1, 2)")
    conn.commit()
    conn.close()
    with Store(path) as st:
        lib = Library(st)
        assert st.articles.position(st.articles.get(1)) == (4, 0.5)
        assert [m.text for m in st.marks.list()] == ["old"]
        assert _titles(lib, "tag:kept") == ["Old"]  # mark tags still searched
        lib.tag([1], add=["mine"])
        assert _titles(lib, "tag:mine") == ["Old"]
        assert _titles(lib, "feed:f is:read") == ["Item"]
        assert _titles(lib, "old words") == ["Old"]
        # Schema 7 found the feed item's page by its URL: importing it merges, not doubles.
        from reader.core.interop.saved import Saved
        from reader.core.urls import normalise_url

        assert st.imports.save(normalise_url("http://f/1/"), Saved("http://f/1/")) is False
        assert lib.count() == 2


def test_cli_triage_commands(tmp_path: Path, capsys) -> None:
    for name, words in (("a", "apple pie recipe"), ("b", "banana bread")):
        (tmp_path / f"{name}.txt").write_text((words + ". ") * 30, encoding="utf-8")
    assert main(["add", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["tag", "1", "Baking", "sweet"]) == 0
    assert main(["star", "1", "2"]) == 0
    assert main(["later", "2"]) == 0
    assert main(["archive", "1"]) == 0
    capsys.readouterr()
    assert main(["list", "--format", "json", "--sort", "title"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["state"], r["starred"], r["tags"]) for r in rows] == [
        (1, "archived", True, ["baking", "sweet"]), (2, "later", True, [])]
    assert main(["list", "is:later"]) == 0
    out = capsys.readouterr().out
    assert "b" in out and "later" in out and "★" in out
    assert main(["tag", "1", "--remove", "sweet"]) == 0
    assert main(["unstar", "2"]) == 0
    assert main(["inbox", "1"]) == 0
    capsys.readouterr()
    assert main(["list", "--format", "jsonl", "is:starred"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["id"], row["state"], row["tags"]) == (1, "inbox", ["baking"])
    assert main(["star", "42"]) == 1
    assert "no article 42" in capsys.readouterr().err
    assert main(["later", "x"]) == 2
    assert main(["list", "--sort", "colour"]) == 2


def test_trash_keeps_an_article_with_its_marks_until_restored_or_purged(
        lib: Library, three) -> None:
    a, b, _ = three
    art = lib.article(a)
    assert art is not None
    lib.add_mark(art, "highlight", 0, 0, (0, 13), "one two three", note="kept")
    lib.remember_place(Document(text="one two three " * 300, title="Alpha",
                                source="/n/Alpha.txt", meta={"path": "/n/Alpha.txt"}),
                       "/n/Alpha.txt", 140, 0.5)
    assert lib.trash.put([a, 999]) == 1
    assert lib.trash.put([a]) == 0  # already there
    assert set(_titles(lib)) == {"beta", "Gamma"}
    assert lib.count() == 2
    assert _titles(lib, "is:removed") == ["Alpha"]
    assert lib.search("three") == []  # search leaves the trash out ...
    assert [h.article.title for h in lib.search("three is:removed")] == ["Alpha"]
    assert lib.marks() == []  # ... and so do the marks of every article
    removed = lib.article(a)
    assert removed is not None and removed.removed is not None
    assert [m.note for m in lib.marks(removed)] == ["kept"]
    assert lib.trash.restore([a]) == 1
    back = lib.article(a)
    assert back is not None and back.removed is None and back.progress == 0.5
    assert [m.note for m in lib.marks()] == ["kept"]
    assert lib.trash.put([a, b]) == 2
    assert lib.trash.purge([b]) == 1  # one for good, now
    assert lib.article(b) is None
    assert lib.trash.purge() == 1  # the rest of the trash
    assert lib.article(a) is None and lib.marks() == []
    assert _titles(lib) == ["Gamma"]


def test_opening_an_article_in_the_trash_brings_it_back(lib: Library, three) -> None:
    a, _, _ = three
    lib.trash.put([a])
    again = _add(lib, "Alpha", "one two three " * 300, "2019-11-20")
    assert again == a
    assert "Alpha" in _titles(lib)


def test_the_trash_is_emptied_after_thirty_days(tmp_path: Path, lib: Library, three) -> None:
    a, b, _ = three
    lib.trash.put([a, b])
    with lib.store.db.write() as w:  # a removed 31 days ago, b 29
        w.execute("UPDATE articles SET removed = removed - 31 * 86400 WHERE id = ?", (a,))
        w.execute("UPDATE articles SET removed = removed - 29 * 86400 WHERE id = ?", (b,))
    lib.close()
    reopened = Library.open(tmp_path / "reader.db")
    try:
        assert reopened.article(a) is None
        assert [x.title for x in reopened.articles("is:removed")] == ["beta"]
    finally:
        reopened.close()


def test_cli_remove_restore_and_purge(tmp_path: Path, capsys) -> None:
    for name, words in (("a", "apple pie recipe"), ("b", "banana bread")):
        (tmp_path / f"{name}.txt").write_text((words + ". ") * 30, encoding="utf-8")
    assert main(["add", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["remove", "1", "7"]) == 1
    got = capsys.readouterr()
    assert "[in the trash]" in got.out and "reader restore 1" in got.err
    assert "no article 7" in got.err
    assert main(["list", "--format", "json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [2]
    assert main(["list", "--format", "json", "is:removed"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["id"] == 1 and row["removed"] > 0
    assert main(["restore", "1"]) == 0
    assert "[in the trash]" not in capsys.readouterr().out
    assert main(["remove", "1"]) == 0
    assert main(["remove", "--purge"]) == 0
    assert "1 article deleted for good" in capsys.readouterr().err
    assert main(["restore", "1"]) == 1
    assert main(["remove", "--purge", "2"]) == 0
    assert "deleted" in capsys.readouterr().out
    assert main(["list", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["remove"]) == 2


def test_a_search_hit_shows_the_match_it_opens_at(lib: Library) -> None:
    text = ("Long ago the harbour was quiet. " * 20 + "She went to Ramsgate that summer. "
            + "Filler words of the middle. " * 40
            + "Ramsgate Ramsgate Ramsgate, said the guide to Ramsgate's visitors. ")
    _add(lib, "Notes", text)
    (hit,) = lib.search("Ramsgate")
    first = text.index("Ramsgate")
    assert hit.offset == first
    assert "She went to «Ramsgate» that summer." in hit.snippet
    assert hit.snippet.startswith("…") and "  " not in hit.snippet
