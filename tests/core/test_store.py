"""The store: bookmarks, highlights, notes and positions are never lost."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.analysis import segment
from reader.core.anchors import find_passage
from reader.core.library import Store, StoreError
from reader.core.sources import load

from ..conftest import SEED, make_schema_1_store


def data_dir() -> Path:
    return Path(os.environ["READER_DATA_DIR"])


def seed_article(store: Store):
    doc = load(str(SEED))
    spans, _ = segment(doc)
    return doc, spans, store.articles.find(doc.content_hash, str(SEED), doc.title, None, spans,
                                     doc.text)


def test_marks_notes_positions_roundtrip() -> None:
    with Store() as store:
        doc, spans, art = seed_article(store)
        s, e = spans[3]
        m = store.marks.add(art, "bookmark", 3, 3, s, e, doc.text[s:e], "note *md*", ["a"])
        h = store.marks.add(art, "highlight", 5, 6, spans[5][0], spans[6][1],
                           doc.text[spans[5][0]:spans[6][1]])
        store.articles.set_note(art, "# Thoughts\nGood piece.")
        store.articles.set_position(art, 1234, 0.5)
    with Store() as store:  # a new connection sees everything
        art2 = store.articles.find(doc.content_hash, str(SEED))
        assert art2.id == art.id
        got = store.marks.list(art2)
        assert [(x.kind, x.sentence, x.last_sentence) for x in got] == [
            ("bookmark", 3, 3), ("highlight", 5, 6)]
        assert got[0].note == "note *md*" and got[0].tags == ["a"]
        assert store.articles.note(art2) == "# Thoughts\nGood piece."
        assert store.articles.position(art2) == (1234, 0.5)
        assert store.marks.remove(m.id)
        assert [x.id for x in store.marks.list()] == [h.id]
        assert store.marks.restore(m.id)
        assert len(store.marks.list()) == 2
        store.marks.update(h.id, note="changed")
        assert store.marks.get(h.id).note == "changed"
        assert store.marks.list(query="changed")[0].id == h.id


def test_files_are_private() -> None:
    with Store() as store:
        seed_article(store)
    assert (data_dir().stat().st_mode & 0o777) == 0o700
    for p in data_dir().glob("reader.db*"):
        assert (p.stat().st_mode & 0o777) == 0o600, p


def test_moved_file_keeps_its_bookmarks(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    shutil.copy(SEED, first)
    assert main(["bookmarks", "add", str(first), "--sentence", "5", "--note", "x"]) == 0
    moved = tmp_path / "moved" / "b.txt"
    moved.parent.mkdir()
    shutil.move(first, moved)
    doc = load(str(moved))
    with Store() as store:
        art = store.articles.find(doc.content_hash, str(moved.resolve()))
        assert [m.sentence for m in store.marks.list(art)] == [4]
        assert art.source == str(moved.resolve())


def test_edited_file_finds_the_place_again(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    shutil.copy(SEED, path)
    assert main(["bookmarks", "add", str(path), "--sentence", "13", "--note", "blinken"]) == 0
    text = path.read_text(encoding="utf-8")
    target = "US Secretary of State Antony Blinken said"
    # Insert two sentences before it and change a word inside it.
    edited = text.replace("Earlier, the US warned", "A new sentence. Another one. Earlier, the US "
                          "warned").replace("will make it clear", "will make it plain")
    path.write_text(edited, encoding="utf-8")
    doc = load(str(path))
    spans, _ = segment(doc)
    with Store() as store:
        art = store.articles.find(doc.content_hash, str(path.resolve()), doc.title, None, spans,
                            doc.text)
        (m,) = store.marks.list(art)
        assert doc.text[spans[m.sentence][0]:].startswith(target)
        assert m.sentence == 14


def test_find_passage_prefers_nearest_exact_match() -> None:
    text = "Same words here. Other text. Same words here. End."
    from reader.core.analysis.sentences import split_sentences

    spans = split_sentences(text)
    assert find_passage(text, spans, "Same words here.", 0) == (0, 0)
    assert find_passage(text, spans, "Same words here.", 40) == (2, 2)


WRITER = r"""
import sys
from reader.cli import main
seed, n, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for i in range(n):
    rc = main(["bookmarks", "add", seed, "--sentence", str(i % 20 + 1), "--tag", tag])
    assert rc == 0, rc
"""


def test_eight_processes_writing_at_once_lose_nothing() -> None:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(SEED), "100", f"p{i}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for i in range(8)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    with Store() as store:
        assert store.marks.count() == 800
        for i in range(8):
            assert len(store.marks.list(query=f"p{i}")) == 100


BURST = r"""
import sys
from reader.core.library import Store
from reader.core.sources import load
from reader.core.analysis import segment
doc = load(sys.argv[1]); spans, _ = segment(doc)
store = Store()
art = store.articles.find(doc.content_hash, sys.argv[1], doc.title, None, spans, doc.text)
i = 0
while True:
    s, e = spans[i % len(spans)]
    m = store.marks.add(art, "bookmark", i % len(spans), i % len(spans), s, e, doc.text[s:e],
                       "x" * 2000)
    print(m.id, flush=True)
    i += 1
"""


def test_kill_9_during_writes_leaves_a_consistent_store() -> None:
    proc = subprocess.Popen([sys.executable, "-c", BURST, str(SEED)], stdout=subprocess.PIPE,
                            text=True)
    committed = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while len(committed) < 150 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line:
            committed.append(int(line))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(committed) >= 150
    with Store() as store:
        ids = {m.id for m in store.marks.list()}
        assert set(committed) <= ids
    conn = sqlite3.connect(data_dir() / "reader.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_corrupt_store_is_kept_aside_and_reported() -> None:
    data_dir().mkdir(parents=True, exist_ok=True)
    garbage = b"this is not a database\x00" * 100
    (data_dir() / "reader.db").write_bytes(garbage)
    with Store() as store:
        assert store.notice and "kept as" in store.notice
        seed_article(store)
    kept = list(data_dir().glob("reader.db.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage


def test_corrupt_store_through_the_cli(capsys) -> None:
    data_dir().mkdir(parents=True, exist_ok=True)
    (data_dir() / "reader.db").write_text("garbage", encoding="utf-8")
    assert main(["bookmarks", "add", str(SEED), "--sentence", "2"]) == 0
    err = capsys.readouterr().err
    assert "kept as" in err
    assert main(["bookmarks", "list", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_unusable_data_directory_gives_a_clear_error(tmp_path: Path, monkeypatch,
                                                     capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("READER_DATA_DIR", str(blocker / "data"))
    with pytest.raises(StoreError, match="cannot create the data directory"):
        Store()
    assert main(["bookmarks", "list"]) == 1
    assert "cannot create the data directory" in capsys.readouterr().err
    # Reading still works.
    assert main(["summarize", str(SEED), "--format", "jsonl"]) == 0


def test_export_import_is_lossless_and_without_duplicates(tmp_path: Path, capsys,
                                                          monkeypatch) -> None:
    assert main(["bookmarks", "add", str(SEED), "--sentence", "3", "--note", "n1",
                 "--tag", "t"]) == 0
    assert main(["bookmarks", "add", str(SEED), "--sentence", "6", "--to", "8"]) == 0
    capsys.readouterr()
    assert main(["bookmarks", "export", "--format", "json"]) == 0
    exported = capsys.readouterr().out
    dump = tmp_path / "export.json"
    dump.write_text(exported, encoding="utf-8")
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "other"))
    assert main(["bookmarks", "import", str(dump)]) == 0
    assert "imported 2" in capsys.readouterr().out
    assert main(["bookmarks", "import", str(dump)]) == 0
    assert "imported 0, already present 2" in capsys.readouterr().out
    assert main(["bookmarks", "export", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(exported)


def test_markdown_export_reads_well(capsys) -> None:
    assert main(["bookmarks", "add", str(SEED), "--sentence", "3", "--note",
                 "Zhao restates the line."]) == 0
    capsys.readouterr()
    assert main(["bookmarks", "export"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Bookmarks and notes")
    assert "## China claims that its stance" in md
    assert f"Source: {SEED}" in md
    assert '> "On the Ukraine issue, China makes an independent position' in md
    assert "Zhao restates the line." in md


def test_bookmark_cli_errors(capsys) -> None:
    assert main(["bookmarks", "add", str(SEED), "--sentence", "500"]) == 1
    assert "out of range" in capsys.readouterr().err
    assert main(["bookmarks", "remove", "12345"]) == 1
    assert main(["bookmarks"]) == 2


def test_migration_from_schema_1_keeps_everything() -> None:
    from reader.core.library import store as store_mod

    make_schema_1_store(data_dir() / "reader.db")
    with Store() as store:
        version = store.db.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == store_mod.SCHEMA_VERSION
        (mark,) = store.marks.list()
        assert (mark.uid, mark.text, mark.title) == ("u1", "kept", "Old")
        assert store.feeds.add("http://127.0.0.1:9/feed.xml", "F") and store.feeds.all()


def test_own_export_without_uids_restores_without_duplicates(tmp_path: Path, capsys) -> None:
    assert main(["bookmarks", "add", str(SEED), "--sentence", "3", "--note", "n1"]) == 0
    assert main(["bookmarks", "add", str(SEED), "--sentence", "6", "--to", "8"]) == 0
    capsys.readouterr()
    assert main(["bookmarks", "export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for art in data["articles"]:
        for m in art["marks"]:
            del m["uid"]
    dump = tmp_path / "export.json"
    dump.write_text(json.dumps(data), encoding="utf-8")
    assert main(["bookmarks", "import", str(dump)]) == 0  # into the same library
    assert "imported 0, already present 2" in capsys.readouterr().out
    with Store() as st:
        assert st.marks.count() == 2


CREATOR = r"""
import sys, time
from pathlib import Path
from reader.core.library import Store
from reader.core.sources import load
from reader.core.analysis import segment
doc = load(sys.argv[1]); spans, _ = segment(doc)
go = float(sys.argv[2])
while time.time() < go:
    time.sleep(0.001)
store = Store()
for i in range(20):
    text = doc.text + f"\n\nversion {i}"
    store.articles.find(f"hash-{i}", f"{sys.argv[1]}-{i}", doc.title, None, spans, text)
print(len(store.articles.all()))
"""


def test_processes_creating_one_library_at_once_store_each_article_once() -> None:
    for _ in range(3):
        shutil.rmtree(data_dir(), ignore_errors=True)
        go = time.time() + 1.5
        procs = [subprocess.Popen([sys.executable, "-c", CREATOR, str(SEED), str(go)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(6)]
        results = [p.communicate(timeout=120) for p in procs]
        assert all(p.returncode == 0 for p in procs), [e for _, e in results]
        with Store() as store:
            assert len(store.articles.all()) == 20


def _damage_search_index() -> None:
    conn = sqlite3.connect(data_dir() / "reader.db")
    conn.execute("UPDATE search_data SET block = randomblob(length(block)) WHERE id > 10")
    conn.commit()
    conn.close()


def test_a_damaged_search_index_is_rebuilt_not_a_traceback(capsys) -> None:
    assert main(["add", str(SEED)]) == 0
    _damage_search_index()
    capsys.readouterr()
    assert main(["search", "Ukraine"]) == 0  # rebuilt on the way: the search answers
    captured = capsys.readouterr()
    assert "China claims" in captured.out and "Traceback" not in captured.err
    _damage_search_index()
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "file: ok" in out and "search index: damaged" in out and "rebuilt" in out
    assert main(["doctor"]) == 0
    assert "search index: ok" in capsys.readouterr().out


def test_search_with_or_and_parentheses(capsys) -> None:
    from reader.core.document import Document
    from reader.core.library import Library
    from reader.core.library.query import QueryError, parse

    texts = {"a": "Chelsea won the match at home.", "b": "Arsenal lost the match away.",
             "c": "The harbour strike goes on.", "d": "The port strike is over."}
    with Store() as store:
        library = Library(store)
        for name, text in texts.items():
            library.register(Document(text=text, title=name, source=f"/x/{name}.txt"),
                             f"/x/{name}.txt")

        def found(query: str) -> list[str]:
            return sorted(h.article.title for h in store.articles.search(parse(query)))

        assert found("chelsea OR arsenal") == ["a", "b"]  # not the word "or"
        assert found("(harbour OR port) strike") == ["c", "d"]
        assert found("match (home OR nowhere)") == ["a"]
        assert found("chelsea or arsenal") == []  # lower-case "or" is a word
    for bad in ("OR chelsea", "(chelsea", "chelsea)"):
        with pytest.raises(QueryError):
            parse(bad)


def test_titles_sort_by_their_words_not_their_brackets_and_tags_are_written_one_way() -> None:
    from reader.core.document import Document
    from reader.core.library import Library
    from reader.core.tags import split_tags

    with Store() as store:
        library = Library(store)
        for title in ("(CNN) Zebras cross the road", "Apples fall", "“Bananas,” he said"):
            source = f"/x/{title[:6]}.txt"
            library.register(Document(text=title + ".", title=title, source=source), source)
        assert [a.title[:8] for a in library.articles(sort="title")] == [
            "Apples f", "“Bananas", "(CNN) Ze"]
    assert split_tags("later, harbour  news,later") == ["later", "harbour", "news"]
