"""Sync through a folder: three data directories and one folder, in one process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core.document import Document
from reader.core.library import Library, Store
from reader.core.library.sync import devices, sync_round
from reader.core.library.sync.clock import Clock, parse
from reader.core.library.sync.journal import SUBFOLDER
from reader.core.library.sync.merge import CONFLICT_MARK
from reader.core.library.sync.records import articles, snapshot

TEXTS = ("The harbour was quiet. The council met at dawn. Nobody came to the vote.",
         "A second story begins here. It has three sentences. This is the last one.",
         "Rain fell on the common. The lanes were wet. Everyone stayed at home.")


def _doc(k: int) -> Document:
    return Document(text=TEXTS[k], title=f"Story {k}", source=f"/n/s{k}.txt",
                    meta={"path": f"/n/s{k}.txt"})


@pytest.fixture
def three(tmp_path: Path):
    folder = tmp_path / "Sync"
    folder.mkdir()
    libs = [Library(Store(tmp_path / f"{name}.db")) for name in "abc"]
    yield folder, libs
    for lib in libs:
        lib.close()


def _round(folder: Path, *libs: Library) -> None:
    for lib in libs:
        sync_round(lib.store, folder)


def _shown(lib: Library) -> dict:
    with lib.store.db.lock:
        _, idents = articles(lib.store.db.conn)
        recs, _ = snapshot(lib.store.db.conn, idents)
    return recs


def test_three_devices_share_articles_marks_notes_places_views_and_feeds(three) -> None:
    folder, (a, b, c) = three
    art = a.register(_doc(0), "/n/s0.txt")
    mark = a.add_mark(art, "highlight", 1, 1, (23, 47), "The council met at dawn.",
                      note="who called it?", tags=["vote"])
    a.set_note(art, "read again before Friday")
    a.remember_place(_doc(0), "/n/s0.txt", 23, 0.4)
    a.set_state([art.id], "later")
    a.tag([art.id], add=["port"])
    a.save_view("Port", "tag:port")
    a.store.feeds.add("https://example.org/feed.xml", "Example News")
    _round(folder, a, b, c)
    for lib in (b, c):
        (got,) = lib.articles("is:later")
        assert (got.title, got.tags, got.progress) == ("Story 0", ["port"], 0.4)
        (m,) = lib.marks()
        assert (m.uid, m.text, m.note, m.tags) == (mark.uid, mark.text, "who called it?",
                                                   ["vote"])
        assert lib.note(got) == "read again before Friday"
        assert lib.views() == [("Port", "tag:port")]
        assert [f.url for f in lib.feeds()] == ["https://example.org/feed.xml"]
    # B archives and re-tags it, C deletes the highlight: every device ends the same.
    got_b = b.articles()[0]
    b.set_state([got_b.id], "archived")
    b.tag([got_b.id], add=["done"], remove=["port"])
    c.remove_mark(c.marks()[0].id)
    _round(folder, b, c, a, b, c)
    assert _shown(a) == _shown(b) == _shown(c)
    (final,) = a.articles("is:archived")
    assert final.tags == ["done"] and a.marks() == []


def test_the_text_of_a_local_file_travels_and_opens_where_the_file_is_not(three,
                                                                          tmp_path) -> None:
    import gzip

    from reader.core.feeds import open_source
    from reader.core.sources import load

    folder, (a, b, _c) = three
    book = tmp_path / "harbour.txt"
    book.write_text(TEXTS[0] + "\n", encoding="utf-8")
    doc = load(str(book))
    a.register(doc, str(book))
    _round(folder, a, b)
    sent = folder / "texts" / (doc.content_hash + ".txt.gz")
    assert gzip.decompress(sent.read_bytes()).decode() == doc.text  # named by its content
    book.unlink()  # B's machine: the file is not there
    opened = open_source(str(book), b)
    assert opened.text == doc.text and opened.title == doc.title
    assert opened.meta["offline"].startswith("saved copy from the library")
    assert [x.title for x in b.articles()] == [doc.title]
    assert b.search("council")  # found by its words on B too
    # A text whose file is not what its name says is never taken.
    other = a.register(Document(text=TEXTS[1], title="Two", source="/n/two.txt",
                                meta={"path": "/n/two.txt"}), "/n/two.txt")
    bogus = folder / "texts" / (other.content_hash + ".txt.gz")
    _round(folder, a)
    bogus.write_bytes(gzip.compress(b"Something else entirely."))
    report = sync_round(b.store, folder)
    assert b.stored_document("/n/two.txt") is None
    assert any("not the text its name says" in p for p in report.problems)
    with pytest.raises(Exception, match="no such file"):
        open_source("/n/two.txt", b)


def test_two_edits_of_one_note_made_apart_keep_both_texts(three) -> None:
    folder, (a, b, _) = three
    art = a.register(_doc(1), "/n/s1.txt")
    a.add_mark(art, "bookmark", 0, 0, (0, 27), "A second story begins here.", note="start")
    _round(folder, a, b)
    a.update_mark(a.marks()[0], "the note as written on the laptop", [])
    b.update_mark(b.marks()[0], "the note as written on the phone", [])
    _round(folder, a, b, a, b)
    note_a, note_b = a.marks()[0].note, b.marks()[0].note
    assert note_a == note_b
    assert "written on the laptop" in note_a and "written on the phone" in note_a
    assert CONFLICT_MARK.strip() in note_a
    # Editing the kept pair makes one note again, everywhere.
    a.update_mark(a.marks()[0], "both read: the phone was right", [])
    _round(folder, a, b, a)
    assert a.marks()[0].note == b.marks()[0].note == "both read: the phone was right"


def test_a_hostile_folder_is_read_up_to_what_is_complete(three) -> None:
    folder, (a, b, _) = three
    a.register(_doc(2), "/n/s2.txt")
    _round(folder, a)
    journals = folder / SUBFOLDER
    (own,) = list(journals.iterdir())
    # A sync tool's half-written copy, its temporary file, a conflict copy with a line
    # from a newer reader, a line that is not JSON.
    lines = own.read_text(encoding="utf-8").splitlines()
    newer = json.dumps({"v": 2, "id": "z.1", "key": "x:new", "values": {"shape": "round"}})
    (journals / f"{own.stem}.sync-conflict-20261203-1.jsonl").write_text(
        lines[0] + "\n" + newer + "\nnot json at all\n", encoding="utf-8")
    (journals / ".syncthing.tmp.jsonl").write_text("garbage", encoding="utf-8")
    partial = journals / "0123456789ab.jsonl"
    change = json.loads(lines[0])
    change.update({"id": "p.1", "dev": "0123456789ab", "key": "v:Later",
                   "values": {"query": "is:later"}, "base": {},
                   "hlc": change["hlc"][:-12] + "0123456789ab"})
    partial.write_text(json.dumps(change)[:30], encoding="utf-8")  # no newline yet
    report = sync_round(b.store, folder)
    assert [x.title for x in b.articles()] == ["Story 2"]
    assert any("1 lines are not changes" in p for p in report.problems)
    assert b.views() == []  # the half line waits
    rows = b.store.db.query("SELECT line FROM sync_unknown", ())
    assert [json.loads(r["line"])["key"] for r in rows] == ["x:new"]  # kept, not dropped
    partial.write_text(json.dumps(change) + "\n", encoding="utf-8")  # finished
    sync_round(b.store, folder)
    assert b.views() == [("Later", "is:later")]


def test_a_copied_data_directory_takes_a_new_id(tmp_path: Path) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    with Store(tmp_path / "a.db") as st_a:
        Library(st_a).register(_doc(0), "/n/s0.txt")
        first = sync_round(st_a, folder)
    (tmp_path / "copy.db").write_bytes((tmp_path / "a.db").read_bytes())
    with Store(tmp_path / "a.db") as st_a:
        Library(st_a).register(_doc(1), "/n/s1.txt")
        sync_round(st_a, folder)
    with Store(tmp_path / "copy.db") as st_copy:
        report = sync_round(st_copy, folder)
        assert report.new_id and report.device != first.device
        assert {x.title for x in Library(st_copy).articles()} == {"Story 0", "Story 1"}
        Library(st_copy).register(_doc(2), "/n/s2.txt")
        assert sync_round(st_copy, folder).sent == 1  # under its new id
        found = {d.name: d.this for d in devices(st_copy, folder)}
        assert found == {first.device: False, report.device: True}


def test_a_clock_hours_behind_keeps_its_own_changes_in_order() -> None:
    clock = Clock("aaaaaaaaaaaa")
    ahead = f"{(10**12) * 5:013d}.00000.bbbbbbbbbbbb"  # another device, far ahead
    before = clock.now()
    clock.seen(ahead)
    after = clock.now()
    assert before < ahead < after and parse(after)[2] == "aaaaaaaaaaaa"


def test_reader_sync_command_and_status(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "Sync"
    assert main(["sync", "--folder", str(folder)]) == 1
    assert "no such folder" in capsys.readouterr().err
    folder.mkdir()
    assert main(["sync"]) == 2
    assert "give --folder" in capsys.readouterr().err
    (tmp_path / "s.txt").write_text(TEXTS[0], encoding="utf-8")
    assert main(["add", str(tmp_path / "s.txt")]) == 0
    assert main(["sync", "--folder", str(folder)]) == 0
    assert "sync: sent 1" in capsys.readouterr().out
    assert main(["sync", "--folder", str(folder), "--status"]) == 0
    assert "(this device)  last change" in capsys.readouterr().out


# ------------------------------------------------------------------ convergence
_OPS = st.lists(st.tuples(st.integers(0, 2),  # device
                          st.sampled_from(["open", "mark", "note", "delete", "state", "tag",
                                           "sync"]),
                          st.integers(0, 2),  # which text / mark
                          st.text(alphabet="abcxyz ", min_size=1, max_size=8)),
                min_size=1, max_size=14)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ops=_OPS)
def test_any_changes_in_any_order_of_rounds_converge(tmp_path_factory, ops) -> None:
    """Random changes on three devices, synced in a random order, then every device twice:
    all show the same, and every note text written is in its note unless an edit made
    where it was shown replaced it (or its mark was deleted)."""
    base = tmp_path_factory.mktemp("conv")
    folder = base / "Sync"
    folder.mkdir()
    libs = [Library(Store(base / f"{k}.db")) for k in range(3)]
    notes = _Notes()
    try:
        for dev, op, k, text in ops:
            _do(libs[dev], folder, op, k, text, notes)
        for _ in range(2):
            _round(folder, *libs)
        shown = [_shown(lib) for lib in libs]
        assert shown[0] == shown[1] == shown[2]
        final = {m.uid: m.note for m in libs[0].marks()}  # deleted marks are not listed
        for uid, text in notes.written:
            if uid in final and (uid, text) not in notes.replaced:
                assert text in final[uid].split(CONFLICT_MARK)
    finally:
        for lib in libs:
            lib.close()


class _Notes:
    def __init__(self) -> None:
        self.written: list[tuple[str, str]] = []
        self.replaced: set[tuple[str, str]] = set()


def _do(lib: Library, folder: Path, op: str, k: int, text: str, notes: _Notes) -> None:
    arts = lib.articles()
    marks = lib.marks()
    if op == "open":
        lib.register(_doc(k), f"/n/s{k}.txt")
    elif op == "sync":
        sync_round(lib.store, folder)
    elif op == "mark" and arts:
        mark = lib.add_mark(arts[k % len(arts)], "highlight", 0, 0, (0, 5), "words", note=text)
        notes.written.append((mark.uid, text))
    elif op == "note" and marks:
        mark = marks[k % len(marks)]
        notes.replaced.update((mark.uid, part) for part in mark.note.split(CONFLICT_MARK))
        notes.written.append((mark.uid, text))
        lib.update_mark(mark, text, [])
    elif op == "delete" and marks:
        lib.remove_mark(marks[k % len(marks)].id)
    elif op == "state" and arts:
        lib.set_state([arts[k % len(arts)].id], ("inbox", "later", "archived")[k])
    elif op == "tag" and arts:
        lib.tag([arts[k % len(arts)].id], add=[text.strip() or "t"])


def test_a_long_journal_is_compacted_and_everyone_still_agrees(three, monkeypatch) -> None:
    import reader.core.library.sync as sync

    folder, (a, b, c) = three
    monkeypatch.setattr(sync, "COMPACT_BYTES", 3_000)
    art = a.register(_doc(0), "/n/s0.txt")
    a.add_mark(art, "highlight", 0, 0, (0, 22), "The harbour was quiet.", note="v0")
    _round(folder, a, b)  # B has read the start of A's first journal
    for k in range(1, 30):
        a.update_mark(a.marks()[0], f"version {k}", [])
        _round(folder, a)
    names = [p.name for p in (folder / SUBFOLDER).iterdir()]
    assert len(names) == 1 and names[0].count(".") == 2  # a new name, the old one gone
    lines = (folder / SUBFOLDER / names[0]).read_text(encoding="utf-8").splitlines()
    assert len(lines) < 15  # of the 31 changes A made, only what is still shown and since
    _round(folder, b, c)
    assert [m.note for m in b.marks()] == [m.note for m in c.marks()] == ["version 29"]
    b.update_mark(b.marks()[0], "B's last word", [])
    _round(folder, b, a, c)
    assert {m.note for lib in (a, b, c) for m in lib.marks()} == {"B's last word"}
    assert [d.name for d in devices(a.store, folder) if d.this] == [
        sync_round(a.store, folder).device]
