"""Imports from Pocket, Instapaper, Wallabag, Omnivore and bookmarks files (written here by
the formats' published layouts), with the pages served on loopback."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.interop.formats import parse
from reader.core.library import Library, Store
from reader.core.urls import normalise_url

BODY = ("<p>{word} harbour stories begin here with plenty of words to read. The gulls "
        "circled over the quay while the fishermen mended their nets in the cold wind. "
        "Nobody in the village had seen a storm like it since the old lighthouse was built "
        "on the rocks beyond the bay.</p><p>The keeper wrote every night in his log, "
        "counting the boats as they came home one by one.</p>")


class _Pages(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        _Pages.hits.append(self.path)
        if self.path.startswith("/gone"):
            self.send_error(404)
            return
        word = self.path.strip("/").split("?")[0] or "home"
        page = (f"<html><head><title>Story {word}</title></head><body><article>"
                f"<h1>Story {word}</h1>{BODY.format(word=word.capitalize())}"
                "</article></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    _Pages.hits = []
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _pocket_csv(base: str) -> str:
    return ("title,url,time_added,tags,status\n"
            f"Alpha,{base}/alpha,1700000000,news|sea,unread\n"
            f"Beta,{base}/beta?utm_source=x,1700000100,,archive\n"
            f"Beta again,{base}/beta/,1700000200,later-read,unread\n"
            f"Gone,{base}/gone,1700000300,,unread\n"
            "Not a page,ftp://example.org/file,1700000400,,unread\n")


def test_pocket_import_keeps_tags_state_dates_merges_and_lists_failures(
        site: str, tmp_path: Path, capsys) -> None:
    export = tmp_path / "pocket.csv"
    export.write_text(_pocket_csv(site), encoding="utf-8")
    assert main(["import", "pocket", str(export), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "4 articles would be imported" in out and "#news #sea" in out
    with Store() as st:
        assert Library(st).count() == 0  # a dry run changes nothing
    assert main(["import", "pocket", str(export)]) == 1  # one page could not be fetched
    captured = capsys.readouterr()
    assert "3 articles added, 1 already there" in captured.out
    assert "2 pages fetched" in captured.out and "1 could not be fetched" in captured.out
    assert "/gone" in captured.err and "404" in captured.err
    with Store() as st:
        lib = Library(st)
        arts = {a.title: a for a in lib.articles("", sort="title", limit=10)}
    assert set(arts) == {"Story alpha", "Story beta", "Gone"}
    alpha, beta, gone = arts["Story alpha"], arts["Story beta"], arts["Gone"]
    assert alpha.tags == ["news", "sea"] and alpha.added == 1700000000
    assert beta.state == "archived" and beta.finished and beta.tags == ["later-read"]
    assert not alpha.placeholder and alpha.words > 40
    assert gone.placeholder and "404" in (gone.fetch_error or "")
    # A second import of the same file changes nothing and fetches nothing again.
    hits = len(_Pages.hits)
    assert main(["import", "pocket", str(export)]) == 0
    assert "0 articles added, 4 already there" in capsys.readouterr().out
    assert len(_Pages.hits) == hits
    with Store() as st:
        assert Library(st).count() == 3
    assert main(["list", "tag:sea"]) == 0
    assert "Story alpha" in capsys.readouterr().out


def test_an_interrupted_import_goes_on_next_time(site: str, tmp_path: Path, capsys) -> None:
    from reader.core.interop.importing import fetch_waiting, import_items

    items = parse("bookmarks", (
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Bookmarks</TITLE><H1>Bookmarks</H1><DL><p>"
        + "".join(f'<DT><A HREF="{site}/p{i}" ADD_DATE="17000000{i:02}" TAGS="t{i}">P{i}</A>'
                  for i in range(6)) + "</DL>").encode())
    assert [i.tags for i in items][:2] == [["t0"], ["t1"]]
    stop = threading.Event()
    with Store() as st:
        lib = Library(st)
        assert import_items(lib, items).added == 6

        def progress(k: int, n: int, url: str, error: str | None) -> None:
            if k == 2:
                stop.set()  # the user pressed ctrl+c after two pages

        first = fetch_waiting(lib, progress, concurrency=1, pause=0.0, stop=stop)
        assert first.fetched == 2 and len(st.imports.waiting()) == 4
    assert main(["import", "bookmarks", "/dev/null", "--dry-run"]) == 1  # not a bookmarks file
    capsys.readouterr()
    with Store() as st:
        again = fetch_waiting(Library(st), concurrency=2, pause=0.0)
        assert again.fetched == 4 and st.imports.waiting() == []


def test_wallabag_and_omnivore_highlights_are_anchored_by_quote(site: str, tmp_path: Path,
                                                                capsys) -> None:
    wallabag = [{"title": "W", "url": f"{site}/wally", "is_archived": 0, "is_starred": 1,
                 "tags": [{"label": "Sea"}], "created_at": "2024-01-02T10:00:00+00:00",
                 "content": "<p>Excerpt</p>",
                 "annotations": [{"quote": "the fishermen mended their nets in the cold wind",
                                  "text": "nets!", "created_at": "2024-01-03"},
                                 {"quote": "a sentence that is not on the page at all",
                                  "text": ""}]}]
    path = tmp_path / "wallabag.json"
    path.write_text(json.dumps(wallabag), encoding="utf-8")
    assert main(["import", "wallabag", str(path)]) == 0
    assert "1 highlight placed" in capsys.readouterr().out
    with Store() as st:
        (art,) = Library(st).articles()
        (mark,) = st.marks.list()
        assert art.starred and art.tags == ["sea"]
        assert mark.kind == "highlight" and "mended their nets" in mark.text
        assert mark.note == "nets!"
        assert len(st.imports.pending()) == 1  # not found: kept, never put on other words
    omnivore = [{"title": "O", "url": f"{site}/wally#top", "labels": [{"name": "Later"}],
                 "state": "Archived", "savedAt": "2024-02-01T00:00:00Z",
                 "highlights": [{"quote": "counting the boats", "annotation": "count"}]}]
    path = tmp_path / "metadata_0_to_1.json"
    path.write_text(json.dumps(omnivore), encoding="utf-8")
    assert main(["import", "omnivore", str(path)]) == 0
    out = capsys.readouterr().out
    assert "0 articles added, 1 already there" in out  # the same page (fragment ignored)
    with Store() as st:
        (art,) = Library(st).articles()
        assert art.tags == ["sea", "later"] and art.state == "archived"


def test_instapaper_and_pocket_html_and_bad_files(tmp_path: Path, capsys) -> None:
    insta = parse("instapaper", (
        b"URL,Title,Selection,Folder,Timestamp,Tags\n"
        b'https://a.example/x,X,"A chosen line",Archive,1700000000,"[""sea"",""news""]"\n'
        b"https://a.example/y,Y,,Cooking,1700000001,\n"))
    assert [(i.state, i.tags, i.excerpt) for i in insta] == [
        ("archived", ["sea", "news"], "A chosen line"), ("inbox", ["Cooking"], "")]
    html = ("<!DOCTYPE html><html><title>Pocket Export</title><body><h1>Unread</h1><ul>"
            '<li><a href="https://b.example/1" time_added="1700000000" tags="a,b">One</a></li>'
            "</ul><h1>Read Archive</h1><ul>"
            '<li><a href="https://b.example/2" time_added="1700000001" tags="">Two</a></li>'
            "</ul></body></html>")
    items = parse("pocket", html.encode())
    assert [(i.title, i.state, i.tags) for i in items] == [
        ("One", "inbox", ["a", "b"]), ("Two", "archived", [])]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,link\nx,y\n", encoding="utf-8")
    assert main(["import", "pocket", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a pocket export" in err


def test_normalised_urls() -> None:
    assert normalise_url("HTTPS://Example.org:443/a/?utm_source=x&id=3#frag") == \
        "https://example.org/a?id=3"
    assert normalise_url("http://example.org:8080/") == "http://example.org:8080"
    assert normalise_url(" http://[oops/x ") == "http://[oops/x"  # not a URL: as it is


def _omnivore_export(root: Path) -> dict[str, str]:
    """Omnivore's export as its exporter wrote it: metadata_{from}_to_{to}.json,
    content/{slug}.html (the readable copy), highlights/{slug}.md (each highlight a block
    quote, paragraph breaks as a lone '>', then its labels and its note)."""
    metadata = [
        {"id": "a1", "slug": "harbour-1", "title": "Harbour", "description": "Gulls",
         "author": "K", "url": "https://gone.invalid/harbour?utm_source=x", "state":
         "ARCHIVED", "readingProgress": 100, "labels": ["Sea", "Birds"],
         "savedAt": "2024-03-01T09:00:00.000Z", "publishedAt": None},
        {"id": "b2", "slug": "elsewhere-2", "title": "Elsewhere", "description": "",
         "url": "https://gone.invalid/elsewhere", "state": "SUCCEEDED", "labels": [],
         "savedAt": "2024-03-02T09:00:00.000Z"}]
    files = {
        "metadata_0_to_2.json": json.dumps(metadata, indent=2),
        "content/harbour-1.html": "<html><body><article>" + BODY.format(word="Harbour")
        + "</article></body></html>",
        "highlights/harbour-1.md": (
            "> the fishermen mended their nets \n\n#work #sea\n\nGood detail"
            "\n\n"
            "> Nobody in the village had seen a storm like it\n> \nsince the old lighthouse"
            " was built \n\nwhat storm?"
            "\n\n"
            "> words that are nowhere in the article "),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return files


def test_omnivore_markdown_highlights_are_read() -> None:
    from reader.core.interop.formats.omnivore import omnivore_highlights

    md = ("> first quote [⤴️](https://omnivore.app/me/x#h1)\n\nnote one\n\n"
          "> second\n> \nparagraph two \n\n#a #b\n\nnote two\nline two\n\n"
          "> third, no note")
    assert omnivore_highlights(md) == [
        ("first quote", "note one"), ("second paragraph two", "note two\nline two"),
        ("third, no note", "")]


def test_omnivore_export_zip_folder_and_json_with_highlights_and_saved_copies(
        tmp_path: Path, capsys) -> None:
    import zipfile

    from reader.core.interop.formats import load_export

    folder = tmp_path / "omnivore"
    files = _omnivore_export(folder)
    export = tmp_path / "omnivore-export.zip"
    with zipfile.ZipFile(export, "w") as z:
        for name, text in files.items():
            z.writestr(f"export/{name}", text)
    # The zip, the unpacked folder and its metadata file give the same items.
    for source in (export, folder, folder / "metadata_0_to_2.json"):
        items = load_export("omnivore", str(source))
        assert [(i.title, i.tags, i.state, len(i.highlights), i.copy is not None)
                for i in items] == [("Harbour", ["Sea", "Birds"], "archived", 3, True),
                                    ("Elsewhere", [], "inbox", 0, False)], source
    assert main(["import", "omnivore", str(export), "--no-fetch"]) == 0
    out = capsys.readouterr().out
    assert "2 articles added" in out
    assert "1 article read from the export's saved copies, 2 highlights placed" in out
    with Store() as st:
        lib = Library(st)
        by_title = {a.title: a for a in lib.articles()}
        harbour = by_title["Harbour"]
        assert not harbour.placeholder
        assert [h.article.id for h in lib.search("lighthouse")] == [harbour.id]
        marks = sorted(st.marks.list(), key=lambda m: m.start)
        assert [(m.note, "mended their nets" in m.text or "storm like it" in m.text)
                for m in marks] == [("Good detail", True), ("what storm?", True)]
        (pending,) = st.imports.pending()  # not in the text: kept, never misplaced
        assert "nowhere in the article" in pending.quote and pending.why.startswith("not found")
        assert by_title["Elsewhere"].placeholder  # no saved copy: waits for its page
        assert [u for _, u in st.imports.waiting()] == ["https://gone.invalid/elsewhere"]
    assert main(["import", "omnivore", str(folder), "--no-fetch"]) == 0  # again: a no-op
    assert "0 articles added, 2 already there" in capsys.readouterr().out
    with Store() as st:
        assert len(st.marks.list()) == 2


def test_omnivore_export_that_is_not_one(tmp_path: Path, capsys) -> None:
    assert main(["import", "omnivore", str(tmp_path / "missing.zip")]) == 1
    assert "no such file or directory" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["import", "omnivore", str(empty)]) == 1
    assert "no metadata_*.json" in capsys.readouterr().err
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    assert main(["import", "omnivore", str(broken)]) == 1
    assert capsys.readouterr().err.count("\n") == 1


# --------------------------------------------------------------- round three: data loss
def test_hashbang_fragments_are_the_page_not_noise() -> None:
    from reader.core.urls import normalise_url as norm

    pages = ["https://twitter.com/#!/alice/status/1001", "https://twitter.com/#!/alice/status/1002",
             "https://groups.google.com/forum/#!topic/a/b", "https://groups.google.com/forum/#!topic/a/c"]
    assert len({norm(p) for p in pages}) == 4
    assert norm("https://x.org/a/?utm_source=m#section-2") == "https://x.org/a"


def test_hashbang_saves_import_as_separate_articles(tmp_path: Path, capsys) -> None:
    export = tmp_path / "pocket.csv"
    export.write_text("title,url,time_added,tags,status\n"
                      "One,https://twitter.com/#!/alice/status/1001,1700000000,a,unread\n"
                      "Two,https://twitter.com/#!/alice/status/1002,1700000000,b,archive\n",
                      encoding="utf-8")
    assert main(["import", "pocket", str(export), "--no-fetch"]) == 0
    assert "2 articles added" in capsys.readouterr().out
    with Store() as st:
        arts = {a.title: a for a in Library(st).articles("", sort="title", limit=10)}
    assert arts["One"].tags == ["a"] and arts["Two"].tags == ["b"]
    assert arts["One"].state == "inbox" and arts["Two"].state == "archived"


def test_dates_no_calendar_holds_are_dropped_not_fatal(tmp_path: Path, capsys) -> None:
    import json

    export = tmp_path / "pocket.csv"
    export.write_text("title,url,time_added,tags,status\n"
                      "Far,https://a.example/far,99999999999999,,unread\n"
                      f"Huge,https://a.example/huge,{'9' * 400},,unread\n"
                      "Ms,https://a.example/ms,1700000000000,,unread\n", encoding="utf-8")
    assert main(["import", "pocket", str(export), "--no-fetch"]) == 0
    capsys.readouterr()
    assert main(["list", "-f", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)  # valid JSON: no Infinity
    by_title = {a["title"]: a for a in listed}
    assert by_title["Ms"]["added"] == 1700000000
    for title in ("Far", "Huge"):
        assert by_title[title]["added"] < 253402300799
    from reader.core.textsafe import dumps

    assert dumps({"x": float("inf"), "y": [float("nan")]}) == '{"x": null, "y": [null]}'


def _wallabag_with_quotes(site: str, path: Path, n: int, pages: int = 1) -> None:
    entries = []
    for p in range(pages):
        entries.append({"title": f"W{p}", "url": f"{site}/w{p}", "content": "<p>x</p>",
                        "annotations": [{"quote": "the fishermen mended their nets",
                                         "text": f"note {p}"},
                                        {"quote": "counting the boats", "text": ""}][:n]})
    path.write_text(json.dumps(entries), encoding="utf-8")


def test_highlights_survive_a_crash_between_page_and_placing(site: str, tmp_path: Path,
                                                             capsys) -> None:
    from reader.core.interop import importing as imports

    path = tmp_path / "wallabag.json"
    _wallabag_with_quotes(site, path, 2)

    def killed(library, art, text, spans):  # the process dies right after the page arrived
        raise KeyboardInterrupt

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(imports, "_place", killed)
        try:
            assert main(["import", "wallabag", str(path)]) != 0
        except KeyboardInterrupt:
            pass
    capsys.readouterr()
    with Store() as st:
        (art,) = Library(st).articles()
        assert not art.placeholder and st.marks.list() == [] and len(st.imports.pending()) == 2
    assert main(["import", "wallabag", str(path)]) == 0  # a re-run places them
    assert "2 highlights placed" in capsys.readouterr().out
    assert main(["import", "wallabag", str(path)]) == 0  # and a third adds nothing
    assert "0 highlights placed" in capsys.readouterr().out
    with Store() as st:
        assert len(st.marks.list()) == 2 and st.imports.pending() == []


def test_two_imports_at_once_fetch_each_page_once_and_mark_each_quote_once(
        site: str, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    path = tmp_path / "wallabag.json"
    _wallabag_with_quotes(site, path, 2, pages=12)
    env = dict(os.environ)
    procs = [subprocess.Popen([sys.executable, "-m", "reader", "import", "wallabag", str(path)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(3)]
    results = [p.communicate(timeout=240) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in results]
    fetched = [h for h in _Pages.hits if h.startswith("/w")]
    assert sorted(fetched) == sorted(f"/w{p}" for p in range(12))  # each page once
    with Store() as st:
        assert Library(st).count() == 12
        assert len(st.marks.list()) == 24 and st.imports.pending() == []


def test_pending_highlights_are_listed_searched_exported_and_dropped(site: str,
                                                                    tmp_path: Path,
                                                                    capsys) -> None:
    entries = [{"title": "Gone page", "url": f"{site}/gone/1", "content": "<p>x</p>",
                "annotations": [{"quote": "a line about lighthouses", "text": "my keeper note"}]},
               {"title": "Here", "url": f"{site}/here", "content": "<p>x</p>",
                "annotations": [{"quote": "words that are not on the page", "text": "hm"}]}]
    path = tmp_path / "wallabag.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    assert main(["import", "wallabag", str(path)]) == 1  # one page is gone (404)
    out = capsys.readouterr().out
    assert "2 highlights could not be placed yet" in out
    assert main(["bookmarks", "list", "--pending"]) == 0
    listed = capsys.readouterr().out
    assert "a line about lighthouses" in listed and "my keeper note" in listed
    assert "404" in listed and "not found in the page's text" in listed
    assert main(["search", "lighthouses"]) == 0
    assert "Gone page" in capsys.readouterr().out
    for fmt in ("json", "markdown"):
        assert main(["export", fmt]) == 0
        assert "my keeper note" in capsys.readouterr().out, fmt
    assert main(["bookmarks", "list", "--pending", "-f", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    gone = next(r for r in rows if r["title"] == "Gone page")
    assert main(["bookmarks", "drop", str(gone["id"])]) == 0
    capsys.readouterr()
    assert main(["import", "wallabag", str(path)]) == 0  # again: the dropped one stays dropped
    capsys.readouterr()
    assert main(["bookmarks", "list", "--pending"]) == 0
    assert "lighthouses" not in capsys.readouterr().out


# --------------------------------------------------------------- round three: hostile exports
def _omnivore_meta(url: str = "https://a.example/one") -> str:
    return json.dumps([{"title": "One", "url": url, "slug": "one", "labels": [],
                        "state": "Active", "savedAt": "2024-01-01T00:00:00Z",
                        "highlights": []}])


def test_omnivore_zip_bomb_is_refused_in_one_line(tmp_path: Path, capsys,
                                                  monkeypatch) -> None:
    import zipfile

    from reader.core.interop import bundle

    monkeypatch.setattr(bundle, "MAX_PART", 1024 * 1024)
    monkeypatch.setattr(bundle, "MAX_BUNDLE", 3 * 1024 * 1024)
    bomb = tmp_path / "omnivore.zip"
    meta = json.loads(_omnivore_meta())
    meta = [dict(meta[0], url=f"https://a.example/x{i}", slug=f"x{i}") for i in range(6)]
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("export/metadata_0_to_1.json", json.dumps(meta))
        z.writestr("export/content/x0.html", b"<p>" + b"a" * (2 * 1024 * 1024) + b"</p>")
        for i in range(1, 6):  # each under the member cap, together over the total
            z.writestr(f"export/content/x{i}.html", b"<p>" + b"b" * (900 * 1024) + b"</p>")
    assert bomb.stat().st_size < 100_000
    main(["import", "omnivore", str(bomb), "--no-fetch"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "x0.html inflates to more than 1,048,576 bytes" in err
    assert "inflates to more than its limit" in err


def test_duplicate_zip_members_read_the_one_listed(tmp_path: Path) -> None:
    import warnings
    import zipfile

    from reader.core.interop.formats import load_export

    path = tmp_path / "omnivore.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("export/metadata_0_to_1.json", _omnivore_meta())
            z.writestr("export/highlights/one.md", "> the first quote\n")
            z.writestr("export/highlights/one.md", "> a second entry of that name\n")
    (item,) = load_export("omnivore", str(path))
    assert item.highlights == [("the first quote", "")]


def test_omnivore_folder_never_follows_links_out_of_it(tmp_path: Path) -> None:
    from reader.core.interop.formats import load_export

    mine = tmp_path / "home"
    mine.mkdir()
    (mine / "diary.md").write_text("> my private diary entry\n", encoding="utf-8")
    (mine / "secret.html").write_text("<p>my private letter, many words</p>", encoding="utf-8")
    export = tmp_path / "export"
    (export / "highlights").mkdir(parents=True)
    (export / "content").mkdir()
    (export / "metadata_0_to_1.json").write_text(_omnivore_meta(), encoding="utf-8")
    (export / "highlights" / "one.md").symlink_to(mine / "diary.md")
    (export / "content" / "one.html").symlink_to(mine / "secret.html")
    (item,) = load_export("omnivore", str(export))
    assert item.highlights == [] and item.copy is None


def test_hostile_shapes_are_one_line_never_a_traceback(tmp_path: Path, capsys) -> None:
    cases = {
        "wallabag": [json.dumps([1, 2]), json.dumps([{"url": "https://a.example/x",
                                                       "annotations": ["x"]}]),
                     "[" * 100_000 + "]" * 100_000],
        "omnivore": [json.dumps([{"url": "https://a.example/x", "highlights": [1]}])],
        "instapaper": ["URL,Title,Selection,Folder,Timestamp,Tags\n"
                       "https://a.example/x,X,,,1700000000," + "[" * 50_000 + "\n"],
        "pocket": ["title,url,time_added,tags,status\n"
                   f"Long,https://a.example/long,1700000000,,unread,{'x' * 200_000}\n"
                   "Two,https://a.example/two,1700000000,,unread\n"],
    }
    for fmt, texts in cases.items():
        for k, text in enumerate(texts):
            path = tmp_path / f"{fmt}{k}"
            path.write_text(text, encoding="utf-8")
            code = main(["import", fmt, str(path), "--no-fetch"])
            captured = capsys.readouterr()
            assert "Traceback" not in captured.err, (fmt, k)
            assert code in (0, 1) and captured.err.count("\n") <= 1, (fmt, k, captured.err)
    with Store() as st:  # the long Pocket field did not reject the file
        titles = {a.title for a in Library(st).articles()}
    assert {"Long", "Two"} <= titles


def test_a_file_of_millions_of_highlights_is_refused_not_parsed(monkeypatch) -> None:
    from reader.core.interop import formats, saved
    from reader.core.interop.formats import omnivore

    monkeypatch.setattr(saved, "MAX_HIGHLIGHTS", 1_000)
    data = json.dumps([{"url": f"https://a.example/{i}", "annotations": [
        {"quote": f"q{j}"} for j in range(100)]} for i in range(20)]).encode()
    with pytest.raises(saved.ImportFormatError, match="more than 1,000 highlights"):
        formats.parse("wallabag", data)
    md = "".join(f"> quote {i}\n\n" for i in range(20_000))
    assert len(omnivore.omnivore_highlights(md)) == saved.MAX_HIGHLIGHTS_PER_ITEM


class _Slow(_Pages):
    def do_GET(self) -> None:
        import time

        time.sleep(0.3)
        super().do_GET()


def _start_import(tmp_path: Path, n: int):
    import os
    import subprocess
    import sys
    import time

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    marks = "".join(f'<DT><A HREF="{base}/p{i}">P{i}</A>' for i in range(n))
    path = tmp_path / "bookmarks.html"
    path.write_text(f"<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p>{marks}</DL>", encoding="utf-8")
    _Pages.hits = []
    proc = subprocess.Popen([sys.executable, "-m", "reader", "import", "bookmarks", str(path)],
                            env=dict(os.environ), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(_Pages.hits) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    return httpd, proc


def test_ctrl_c_stops_an_import_soon_and_it_goes_on_next_time(tmp_path: Path) -> None:
    import signal
    import time

    httpd, proc = _start_import(tmp_path, 200)
    try:
        asked = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        took = time.monotonic() - asked
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert proc.returncode == 130, err
    assert took < 15, took  # not the minutes a queue of 200 pages would take
    assert "interrupted" in err and "run the same command again" in err
    assert "Traceback" not in err
    with Store() as st:
        waiting = len(st.imports.waiting())
        failed = [a for a in Library(st).articles(limit=500) if a.fetch_error]
    assert 150 < waiting < 200 and failed == []  # nothing taken for a failure


def test_a_second_ctrl_c_exits_at_once(tmp_path: Path) -> None:
    import signal
    import time

    httpd, proc = _start_import(tmp_path, 200)
    try:
        proc.send_signal(signal.SIGINT)
        time.sleep(0.05)
        asked = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        took = time.monotonic() - asked
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert proc.returncode in (130, -2), err
    assert took < 10 and "Traceback" not in err
