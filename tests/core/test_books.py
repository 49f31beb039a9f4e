"""EPUB and PDF books built in tmp_path: text order, chapters, metadata and clear errors."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.document import LoadError
from reader.core.sources.files import load_file

CHAPTERS = [
    ("The Harbour", ["Gulls circled the harbour at dawn.", "The fishermen were already out."]),
    ("The Storm", ["By noon the sky had turned black.", "Waves broke over the sea wall."]),
    ("The Calm", ["Evening came quietly.", "Boats returned one by one, counted by the keeper."]),
]


def make_epub(path: Path, *, version: str = "3", nav: bool = True, ncx: bool = True) -> Path:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("id-123")
    book.set_title("Sea Stories")
    book.set_language("en")
    book.add_author("Ann Writer")
    items = []
    for k, (title, paras) in enumerate(CHAPTERS, 1):
        item = epub.EpubHtml(title=title, file_name=f"text/ch{k}.xhtml", lang="en")
        body = "".join(f"<p>{p}</p>" for p in paras)
        item.content = f"<html><body><h1>{title}</h1><div>{body}</div></body></html>"
        book.add_item(item)
        items.append(item)
    book.toc = [epub.Link(f"text/ch{k}.xhtml", t, f"c{k}") for k, (t, _) in enumerate(CHAPTERS, 1)]
    if ncx:
        book.add_item(epub.EpubNcx())
    spine: list = list(items)
    if nav:
        book.add_item(epub.EpubNav())
        spine = ["nav", *items]
    book.spine = spine
    epub.write_epub(str(path), book, {"epub3_pages": False} if version == "3" else
                    {"epub3_pages": False, "epub2_guide": True})
    return path


@pytest.mark.parametrize("nav, ncx", [(True, True), (False, True), (True, False)])
def test_epub_text_in_spine_order_with_chapter_titles(tmp_path: Path, nav: bool, ncx: bool):
    doc = load_file(str(make_epub(tmp_path / "sea.epub", nav=nav, ncx=ncx)))
    assert doc.title == "Sea Stories" and doc.meta["author"] == "Ann Writer"
    assert [t for _, _, t in doc.chapters] == [t for t, _ in CHAPTERS]
    positions = [doc.text.index(p) for _, paras in CHAPTERS for p in paras]
    assert positions == sorted(positions)  # spine order
    for (s, e, title), (_, paras) in zip(doc.chapters, CHAPTERS):  # noqa: B905
        assert doc.text[s:].startswith(title)
        assert all(p in doc.text[s:e] for p in paras)
    assert "Table of Contents" not in doc.text  # the nav document is not read as text


def test_epub_without_a_table_of_contents_uses_headings(tmp_path: Path) -> None:
    path = make_epub(tmp_path / "plain.epub", nav=False, ncx=False)
    # ebooklib writes the toc into the NCX only when asked: drop any toc file for certain.
    doc = load_file(str(path))
    assert [t for _, _, t in doc.chapters] == [t for t, _ in CHAPTERS]


def test_broken_and_encrypted_epubs_say_so(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.epub"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(LoadError, match="broken zip"):
        load_file(str(broken))
    locked = tmp_path / "locked.epub"
    with zipfile.ZipFile(make_epub(tmp_path / "ok.epub")) as src, \
            zipfile.ZipFile(locked, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr("META-INF/encryption.xml", "<encryption/>")
    with pytest.raises(LoadError, match="encrypted"):
        load_file(str(locked))
    assert main(["summarize", str(locked)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "encrypted (DRM)" in err and "Traceback" not in err


def make_pdf(path: Path, *, outline: bool = True, blank_page: bool = False,
             password: str | None = None) -> Path:
    from fpdf import FPDF

    class Book(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", size=8)
            self.cell(0, 8, "Sea Stories - a running header", align="C")
            self.ln(10)
            self.set_font("helvetica", size=11)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("helvetica", size=8)
            self.cell(0, 10, str(self.page_no()), align="C")

    pdf = Book()
    pdf.set_title("Sea Stories")
    pdf.set_author("Ann Writer")
    pdf.set_font("helvetica", size=11)
    for k, (title, paras) in enumerate(CHAPTERS, 1):
        pdf.add_page()
        if outline:
            pdf.start_section(title)
        pdf.multi_cell(0, 6, f"Chapter {k}. {title}")
        pdf.ln(4)
        long = " ".join([paras[0]] + ["The tide rose and fell along the granite quay "
                                      "while nobody watched."] * 40)
        pdf.multi_cell(0, 6, long)  # runs onto a second page
        pdf.ln(3)
        pdf.multi_cell(0, 6, paras[1])
    if blank_page:
        pdf.add_page()
        pdf.rect(20, 40, 100, 100)  # a page with a drawing and no text of its own
    if password:
        pdf.set_encryption(owner_password=password, user_password=password)
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("outline", [True, False])
def test_pdf_paragraphs_without_headers_and_with_chapters(tmp_path: Path, outline: bool):
    doc = load_file(str(make_pdf(tmp_path / "sea.pdf", outline=outline, blank_page=True)))
    assert doc.title == "Sea Stories" and doc.meta["author"] == "Ann Writer"
    assert "running header" not in doc.text
    assert not any(line.strip().isdigit() for line in doc.text.split("\n"))  # page numbers
    titles = [t for _, _, t in doc.chapters]
    if outline:
        assert titles == [t for t, _ in CHAPTERS]
    else:
        assert titles == [f"Chapter {k}. {t}" for k, (t, _) in enumerate(CHAPTERS, 1)]
    for (s, e, _), (_, paras) in zip(doc.chapters, CHAPTERS):  # noqa: B905
        assert paras[0] in doc.text[s:e] and paras[1] in doc.text[s:e]
    # A paragraph cut by the page break is one paragraph again (no header inside it).
    run = "while nobody watched. The tide rose"
    assert doc.text.count(run) >= 39 * 3
    # The printed heading ("Chapter 1. The Harbour") is the chapter's heading: shown once,
    # never a summary sentence; and a sentence said 40 times is summarised once at most.
    from reader.core.analysis import analyze

    for k, (s, _, _title) in enumerate(doc.chapters, 1):
        assert doc.text[s:].startswith(f"Chapter {k}. {CHAPTERS[k - 1][0]}")
    summary = [x["text"] for x in analyze(doc).summary_dicts()]
    assert not any(t.startswith(("Chapter", *[c for c, _ in CHAPTERS])) for t in summary)
    assert len(set(summary)) == len(summary) == 5


def test_pdf_without_text_encrypted_or_broken(tmp_path: Path, capsys) -> None:
    from fpdf import FPDF

    scan = FPDF()
    scan.add_page()
    scan.rect(10, 10, 50, 50)
    scan.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(LoadError, match="no text layer"):
        load_file(str(tmp_path / "scan.pdf"))
    locked = make_pdf(tmp_path / "locked.pdf", password="secret")
    with pytest.raises(LoadError, match="encrypted"):
        load_file(str(locked))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(LoadError, match="not a readable PDF"):
        load_file(str(tmp_path / "broken.pdf"))
    assert main(["summarize", str(tmp_path / "scan.pdf"), str(tmp_path / "broken.pdf")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith("reader: ") for line in err)


def test_cli_reads_books_per_chapter(tmp_path: Path, capsys) -> None:
    path = make_epub(tmp_path / "sea.epub")
    assert main(["summarize", str(path), "--per-chapter", "--sentences", "1",
                 "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert [c["title"] for c in row["chapters"]] == [t for t, _ in CHAPTERS]
    assert all(len(c["summary"]) == 1 for c in row["chapters"])
    assert main(["add", str(tmp_path)]) == 0  # books are library articles too
    assert "Sea Stories" in capsys.readouterr().out


def test_marks_record_their_chapter_in_lists_and_exports(tmp_path: Path, capsys) -> None:
    path = make_epub(tmp_path / "sea.epub")
    doc = load_file(str(path))
    from reader.core.analysis import segment

    spans, _ = segment(doc)
    storm = next(k for k, (s, _) in enumerate(spans) if doc.text[s:].startswith("Waves"))
    assert main(["bookmarks", "add", str(path), "--sentence", str(storm + 1),
                 "--note", "big waves"]) == 0
    capsys.readouterr()
    assert main(["bookmarks", "list"]) == 0
    assert "The Storm, sentence" in capsys.readouterr().out
    assert main(["bookmarks", "export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (mark,) = data["articles"][0]["marks"]
    assert mark["chapter"] == "The Storm"
    assert main(["bookmarks", "export"]) == 0
    assert "**Bookmark** · The Storm" in capsys.readouterr().out
    # An export read back keeps the chapter (and an older export without one still reads).
    from reader.core.library import Store

    with Store(tmp_path / "other.db") as other:
        assert other.transfer.import_data(data) == (1, 0)
        assert other.marks.list()[0].chapter == "The Storm"
        del data["articles"][0]["marks"][0]["chapter"]
        data["articles"][0]["marks"][0]["uid"] = "another"
        # The same passage and note: the same mark.
        assert other.transfer.import_data(data) == (0, 1)
    with Store(tmp_path / "third.db") as third:
        assert third.transfer.import_data(data) == (1, 0)
        assert third.marks.list()[0].chapter == ""


def test_an_epub_that_inflates_past_the_cap_is_one_line(tmp_path: Path, capsys,
                                                        monkeypatch) -> None:
    from reader.core import ziplimits

    book = make_epub(tmp_path / "book.epub")
    bomb = tmp_path / "bomb.epub"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("ch2.xhtml"):  # one chapter inflates hugely
                data = data.replace(b"<div>", b"<div>" + b" " * (3 * 1024 * 1024))
            out.writestr(info, data)
    monkeypatch.setattr(ziplimits, "MAX_MEMBER", 1024 * 1024)
    assert bomb.stat().st_size < 60_000
    assert main(["analyze", str(bomb), "--format", "jsonl"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1
    assert "would inflate to" in err and "not read" in err
    monkeypatch.setattr(ziplimits, "MAX_MEMBER", 64 * 1024 * 1024)
    monkeypatch.setattr(ziplimits, "MAX_TOTAL", 1024 * 1024)  # all members together
    assert main(["analyze", str(bomb), "--format", "jsonl"]) == 1
    assert "would inflate to more than 1,048,576 bytes" in capsys.readouterr().err


def _content_bomb(path: Path, operators: int) -> Path:
    """A one-page PDF whose content stream inflates to *operators* text operators."""
    import zlib

    content = b"BT /F1 12 Tf " + b"1 0 0 1 10 10 Tm (xx) Tj " * operators + b"ET"
    stream = zlib.compress(content, 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
            + b"\nendstream", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1,
                                                                            xref)
    path.write_bytes(out)
    return path


def test_a_pdf_content_bomb_is_read_in_a_child_that_may_die(tmp_path: Path, capsys,
                                                           monkeypatch) -> None:
    from reader.core.sources import pdf_worker

    bomb = _content_bomb(tmp_path / "bomb.pdf", 1_000_000)
    assert bomb.stat().st_size < 100_000
    monkeypatch.setattr(pdf_worker, "MEMORY_LIMIT", 300 * 1024 * 1024)
    assert main(["analyze", str(bomb), "--format", "jsonl"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "this PDF could not be read" in err
    assert "Traceback" not in err  # and this process is still here to say so


def test_a_pdf_of_short_memo_pages_keeps_its_text(tmp_path: Path, capsys) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for i in range(8):
        pdf.add_page()
        for line in (f"Memo {i + 1}", f"The harbour meeting moves to room {i + 3} today.",
                     f"Bring the boat logs for week {i + 20}."):
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "memo.pdf"))
    doc = load_file(str(tmp_path / "memo.pdf"))
    assert doc.text.count("The harbour meeting moves to room") == 8
    assert "week 27" in doc.text


def test_pdf_paragraph_spacing_ends_a_paragraph_whatever_its_last_line(tmp_path: Path):
    from fpdf import FPDF

    lines = ["It is a truth universally acknowledged, that a single man in possession of a",
             "good fortune, must be in want of a wife, as all the neighbours know so well.",
             None,  # 2 mm of paragraph spacing, no blank line: the line before is full
             "However little known the feelings or views of such a man may be on his first",
             "entering a neighbourhood, this truth is so well fixed in the minds of all of",
             "the families around him that he is thought their rightful property by them."]
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("courier", size=11)  # one width for every character: the lines are full
    for line in lines:
        if line is None:
            pdf.ln(2)
        else:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "spaced.pdf"
    pdf.output(str(path))
    doc = load_file(str(path))
    paragraphs = [p for p in doc.text.split("\n\n") if p.strip()]
    assert paragraphs == [" ".join(lines[:2]), " ".join(lines[3:])]  # type: ignore[arg-type]
