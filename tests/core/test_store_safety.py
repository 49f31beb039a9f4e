"""A store that cannot be opened is not a corrupt store; backups restore; marks stay put."""

from __future__ import annotations

import json
import math
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.analysis import segment
from reader.core.library import Store, StoreError
from reader.core.library import db as store_mod
from reader.core.sources import load

from ..conftest import SEED, make_schema_1_store


def data_dir() -> Path:
    return Path(os.environ["READER_DATA_DIR"])


def db() -> Path:
    return data_dir() / "reader.db"


def bookmark(store: Store, path: Path, sentence: int = 3, note: str = "n"):
    doc = load(str(path))
    spans, _ = segment(doc)
    art = store.articles.find(doc.content_hash, str(path.resolve()), doc.title, None, spans,
                              doc.text)
    s, e = spans[sentence]
    return art, store.marks.add(art, "bookmark", sentence, sentence, s, e, doc.text[s:e], note)


def schema_1_store() -> None:
    make_schema_1_store(db())


def nothing_set_aside() -> bool:
    return not list(data_dir().glob("reader.db.corrupt-*"))


def disk_full_on_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every new writable connection sees a full disk: SQLite's own SQLITE_FULL, made by
    capping the file at its current size (``max_page_count``)."""
    real = sqlite3.connect

    def connect(*args, **kwargs):
        conn = real(*args, **kwargs)
        if not kwargs.get("uri"):
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    monkeypatch.setattr(store_mod.sqlite3, "connect", connect)


# ---------------------------------------------------------------- opening


def test_full_disk_at_open_leaves_the_store_and_reads_it(monkeypatch, capsys) -> None:
    schema_1_store()
    with monkeypatch.context() as full:
        disk_full_on_connect(full)
        with Store() as store:
            assert store.read_only and "full" in store.read_only
            assert "left as it is" in (store.notice or "")
            assert [m.text for m in store.marks.list()] == ["kept"]  # reading still works
            with pytest.raises(StoreError, match="full"):
                store.articles.set_note(store.articles.all()[0], "x")
        assert nothing_set_aside()
        conn = sqlite3.connect(db())
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # not migrated
        conn.close()
        # The CLI lists and exports a store it cannot write.
        assert main(["bookmarks", "list"]) == 0
        out, err = capsys.readouterr()
        assert "kept" in out and "full" in err
        assert main(["bookmarks", "export", "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["articles"][0]["marks"][0]["uid"] == "u1"
        assert main(["bookmarks", "add", str(SEED), "--sentence", "2"]) == 1
        err = capsys.readouterr().err
        assert "full" in err and "Traceback" not in err
    # Space freed: everything is there and writable again.
    with Store() as store:
        assert store.read_only is None
        assert [m.uid for m in store.marks.list()] == ["u1"]
    assert nothing_set_aside()


def test_full_disk_while_writing_loses_nothing_saved(monkeypatch) -> None:
    with Store() as store:
        art, first = bookmark(store, SEED)
    with monkeypatch.context() as full:
        disk_full_on_connect(full)
        with Store() as store:
            assert store.read_only is None  # opening needs no space
            with pytest.raises(StoreError, match="full"):
                for _ in range(2000):
                    store.marks.add(art, "bookmark", 1, 1, 0, 5, "x" * 2000, "note " * 50)
            assert first.uid in [m.uid for m in store.marks.list()]
    with Store() as store:
        assert first.uid in [m.uid for m in store.marks.list()]
        store.marks.add(art, "bookmark", 2, 2, 0, 5, "after")
    assert nothing_set_aside()


def test_locked_store_is_left_in_place_and_says_so() -> None:
    schema_1_store()
    holder = sqlite3.connect(db(), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of a write
    try:
        with pytest.raises(StoreError, match="locked by another process"):
            Store(timeout=0.2)
        assert nothing_set_aside() and db().exists()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store() as store:
        assert [m.uid for m in store.marks.list()] == ["u1"]


def test_write_while_another_process_writes_is_an_error_then_works() -> None:
    with Store() as store:
        art, _ = bookmark(store, SEED)
    with Store(timeout=0.2) as store:
        holder = sqlite3.connect(db(), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="locked"):
                store.articles.set_position(art, 10, 0.1)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        store.articles.set_position(art, 10, 0.1)  # the lock is gone: the same store writes again
        assert store.articles.position(art) == (10, 0.1)


def test_no_permission_opens_read_only(monkeypatch, capsys) -> None:
    with Store() as store:
        bookmark(store, SEED, note="mine")

    def denied(self):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store_mod.Database, "_connect", denied)
    with Store() as store:
        assert "permission" in (store.read_only or "")
        assert [m.note for m in store.marks.list()] == ["mine"]
        with pytest.raises(StoreError, match="permission"):
            store.articles.set_note(store.articles.all()[0], "x")
    assert nothing_set_aside()
    assert main(["bookmarks", "list", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["note"] == "mine"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_really_opens_read_only() -> None:
    with Store() as store:
        bookmark(store, SEED, note="mine")
    os.chmod(data_dir(), 0o500)
    try:
        with Store() as store:
            assert store.read_only and [m.note for m in store.marks.list()] == ["mine"]
    finally:
        os.chmod(data_dir(), 0o700)
    assert nothing_set_aside()


def test_only_proven_damage_is_set_aside() -> None:
    kinds = store_mod.error_kind
    assert kinds(sqlite3.DatabaseError("file is not a database")) == "damaged"
    assert kinds(sqlite3.DatabaseError("database disk image is malformed")) == "damaged"
    assert kinds(store_mod.IntegrityError("integrity check failed")) == "damaged"
    for message in ("database or disk is full", "database is locked",
                    "unable to open database file", "disk I/O error", "something else"):
        assert kinds(sqlite3.OperationalError(message)) != "damaged", message


# ---------------------------------------------------------------- identical files


def test_identical_files_keep_their_own_bookmarks(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(SEED, a)
    shutil.copy(SEED, b)
    with Store() as store:
        art_a, mark = bookmark(store, a)
        doc = load(str(b))
        art_b = store.articles.find(doc.content_hash, str(b.resolve()), doc.title)
        assert art_b.id != art_a.id and store.marks.list(art_b) == []
        assert store.articles.lookup(doc.content_hash, str(b.resolve())).id == art_b.id
        assert store.articles.summary_for(doc.content_hash, str(b.resolve())) == (0, 0.0)
        # a.txt still has its bookmark, also after an edit.
        a.write_text("A new first sentence. " + a.read_text(encoding="utf-8"),
                     encoding="utf-8")
        doc_a = load(str(a))
        spans, _ = segment(doc_a)
        again = store.articles.find(doc_a.content_hash, str(a.resolve()), doc_a.title, None, spans,
                              doc_a.text)
        assert again.id == art_a.id
        (kept,) = store.marks.list(again)
        assert kept.uid == mark.uid and kept.text == mark.text


def test_a_moved_file_is_still_found_by_its_content(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    shutil.copy(SEED, a)
    with Store() as store:
        art, mark = bookmark(store, a)
        b = tmp_path / "b.txt"
        a.rename(b)
        doc = load(str(b))
        moved = store.articles.find(doc.content_hash, str(b.resolve()), doc.title)
        assert moved.id == art.id and store.marks.list(moved)[0].uid == mark.uid


# ---------------------------------------------------------------- backups


def export_with(marks: list) -> dict:
    return {"format": "reader-bookmarks", "version": 1, "articles": [
        {"content_hash": "h1", "source": "/x/a.txt", "title": "A", "url": None, "note": "",
         "marks": marks}]}


def a_mark(**kw) -> dict:
    m = {"uid": "u", "kind": "bookmark", "sentence": 1, "last_sentence": 1, "start": 0,
         "end": 4, "text": "text", "note": "", "tags": [], "created": 1.0, "updated": 1.0}
    m.update(kw)
    return m


def import_file(tmp_path: Path, data, capsys) -> tuple[int, str]:
    path = tmp_path / "import.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    code = main(["bookmarks", "import", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out + err


def test_import_without_uid_is_idempotent(tmp_path: Path, capsys) -> None:
    data = export_with([a_mark(uid=None, text="one"), a_mark(uid="", text="two")])
    assert import_file(tmp_path, data, capsys) == (0, "imported 2, already present 0\n")
    assert import_file(tmp_path, data, capsys) == (0, "imported 0, already present 2\n")
    with Store() as store:
        assert sorted(m.text for m in store.marks.list()) == ["one", "two"]


def test_import_is_all_or_nothing(tmp_path: Path, capsys) -> None:
    data = export_with([a_mark(uid="good1"), a_mark(uid="good2"), a_mark(uid=["x"])])
    code, text = import_file(tmp_path, data, capsys)
    assert code == 1 and "marks[2].uid" in text and "nothing imported" in text
    with Store() as store:
        assert store.marks.list() == [] and store.articles.all() == []


@pytest.mark.parametrize("bad", [
    {"uid": ["a", "b"]}, {"created": math.nan}, {"sentence": 2**64}, {"start": -1},
    {"tags": [1, 2]}, {"tags": {"a": 1}}, {"kind": "other"}, {"text": None},
    {"end": True},
])
def test_import_rejects_bad_fields_with_a_line(tmp_path: Path, capsys, bad: dict) -> None:
    code, text = import_file(tmp_path, export_with([a_mark(**bad)]), capsys)
    assert code == 1 and "not a valid export" in text
    with Store() as store:
        assert store.marks.list() == []


def test_import_nan_literal_and_tags_as_a_string(tmp_path: Path, capsys) -> None:
    raw = json.dumps(export_with([a_mark(uid="n")])).replace('"created": 1.0', '"created": NaN')
    code, text = import_file(tmp_path, raw, capsys)
    assert code == 1 and "NaN" in text
    code, _ = import_file(tmp_path, export_with([a_mark(uid="t", tags="abc, de")]), capsys)
    assert code == 0
    with Store() as store:
        assert store.marks.list()[0].tags == ["abc", "de"]


def test_old_bad_tags_in_the_store_do_not_crash_listing(capsys) -> None:
    with Store() as store:
        _, mark = bookmark(store, SEED)
        with store.db.write() as w:
            w.execute("UPDATE marks SET tags = ? WHERE id = ?", (json.dumps([1, None]), mark.id))
    assert main(["bookmarks", "list", "--filter", "1"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    with Store() as store:
        assert store.marks.list()[0].tags == ["1", "null"]


def test_import_refuses_devices_and_fifos(tmp_path: Path, capsys) -> None:
    assert main(["bookmarks", "import", "/dev/zero"]) == 1
    assert "not a regular file" in capsys.readouterr().err
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert main(["bookmarks", "import", str(fifo)]) == 1  # returns at once, never blocks
    assert main(["feeds", "import", str(fifo)]) == 1
    assert main(["feeds", "import", "/dev/zero"]) == 1
    assert "not a regular file" in capsys.readouterr().err


def test_opml_export_with_control_characters_imports_again(tmp_path: Path, capsys,
                                                           monkeypatch) -> None:
    with Store() as store:
        store.feeds.add("http://127.0.0.1:9/feed.xml", "Evil\x1b]0;owned\x07\x1b[2J title")
        store.feeds.add("http://127.0.0.1:9/other.xml", "Fine")
    assert main(["feeds", "export"]) == 0
    opml = capsys.readouterr().out
    assert "\x1b" not in opml and "\x07" not in opml
    path = tmp_path / "feeds.opml"
    path.write_text(opml, encoding="utf-8")
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "other"))
    assert main(["feeds", "import", str(path)]) == 0
    assert "imported 2 feeds" in capsys.readouterr().out
    with Store() as store:
        assert sorted(f.url for f in store.feeds.all()) == [
            "http://127.0.0.1:9/feed.xml", "http://127.0.0.1:9/other.xml"]


def test_opml_guards_apply_after_decoding(tmp_path: Path, capsys) -> None:
    bomb = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE opml [<!ENTITY a "aaaa">]>'
            '<opml><body><outline xmlUrl="http://127.0.0.1:9/&a;"/></body></opml>')
    path = tmp_path / "utf16.opml"
    path.write_bytes(bomb.encode("utf-16"))
    assert main(["feeds", "import", str(path)]) == 1
    assert "DOCTYPE" in capsys.readouterr().err
    mixed = ('<opml><body><outline xmlUrl="javascript:alert(1)"/><outline xmlUrl="file:///etc/x"/>'
             '<outline xmlUrl=" "/><outline xmlUrl="https://127.0.0.1:9/ok.xml"/></body></opml>')
    path.write_text(mixed, encoding="utf-8")
    assert main(["feeds", "import", str(path)]) == 0
    assert "imported 1 feeds" in capsys.readouterr().out
    many = "<opml><body>" + "".join(f'<outline xmlUrl="http://127.0.0.1:9/{k}"/>'
                                    for k in range(store_mod_feeds_cap() + 1)) + "</body></opml>"
    path.write_text(many, encoding="utf-8")
    assert main(["feeds", "import", str(path)]) == 1
    assert "nothing imported" in capsys.readouterr().err


def store_mod_feeds_cap() -> int:
    from reader.core.feeds import MAX_OPML_FEEDS

    return MAX_OPML_FEEDS


def test_markdown_export_tags_are_inert(capsys) -> None:
    assert main(["bookmarks", "add", str(SEED), "--sentence", "3",
                 "--tag", "evil\x1b[2Jtag"]) == 0
    capsys.readouterr()
    assert main(["bookmarks", "export"]) == 0
    md = capsys.readouterr().out
    assert "\x1b" not in md and "#evil␛[2Jtag" in md


def test_file_names_on_stderr_are_inert(tmp_path: Path, capsys) -> None:
    evil = tmp_path / "x\x1b]0;owned\x07\x1b[2J.txt"
    evil.write_bytes(b"\x00\x01binary")
    assert main(["summarize", str(evil)]) == 1
    assert main(["bookmarks", "add", str(evil), "--sentence", "1"]) == 1
    assert main(["summarize", str(tmp_path / "gone\x1b[2J.txt")]) == 1
    err = capsys.readouterr().err
    assert err.count("reader: ") == 3
    assert "\x1b" not in err and "\x07" not in err and "␛[2J" in err


def test_cli_write_while_another_process_holds_the_lock(monkeypatch, capsys) -> None:
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT", 0.2)
    Store().close()
    holder = sqlite3.connect(db(), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert main(["bookmarks", "add", str(SEED), "--sentence", "2"]) == 1
        assert main(["bookmarks", "list"]) == 0  # reading is not blocked
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert "locked by another process" in err and err.count("\n") == 1
    assert "Traceback" not in err and nothing_set_aside()
