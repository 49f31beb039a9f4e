from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.document import LoadError
from reader.core.sources import load
from reader.core.sources.decoding import decode_bytes
from reader.core.sources.files import expand_sources, seeds_dir
from reader.core.sources.markdown import markdown_to_text
from reader.core.sources.text import find_boilerplate

from ..conftest import SEED, eval_path


def test_seed_text_is_file_content_and_boilerplate_is_marked() -> None:
    doc = load(str(SEED))
    assert doc.text == SEED.read_text(encoding="utf-8")
    assert doc.title.startswith("China claims that its stance")
    assert len(doc.boilerplate) == 1
    s, e = doc.boilerplate[0]
    assert doc.text[s:e] == "See more:\nComments\nPost a Comment"


def test_boilerplate_not_marked_in_ordinary_text() -> None:
    assert find_boilerplate("One line.\nAnother line that ends.\n") == []
    assert find_boilerplate("He left a comment.\nShare the news with friends today.") == []


def test_line_endings_and_bom(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbfFirst line.\r\nSecond.\rThird.\n")
    doc = load(str(p))
    assert doc.text == "First line.\nSecond.\nThird.\n"


def test_utf16_and_latin1(tmp_path: Path) -> None:
    p = tmp_path / "u16.txt"
    p.write_bytes("Café in Zürich.".encode("utf-16"))
    assert load(str(p)).text == "Café in Zürich."
    p = tmp_path / "cp.txt"
    text = "“Smart quotes” from Windows — naïve café résumé, déjà vu. " * 5
    p.write_bytes(text.encode("cp1252"))
    assert load(str(p)).text == text


def test_decode_rejects_binary() -> None:
    with pytest.raises(LoadError):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        load(str(tmp_path / "missing.txt"))
    with pytest.raises(LoadError, match="directory"):
        load(str(tmp_path))


def test_markdown_is_plain_text(tmp_path: Path) -> None:
    text, title = markdown_to_text("# Title here\n\nSome **bold** and a [link](http://x).\n")
    assert title == "Title here"
    assert "**" not in text and "](" not in text
    assert "Some bold and a link." in text
    p = tmp_path / "a.md"
    p.write_text("# Hello\n\nWorld *emphasis*.\n", encoding="utf-8")
    doc = load(str(p))
    assert doc.title == "Hello" and doc.kind == "markdown" and "*" not in doc.text


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    body = " ".join(f"Paragraph sentence number {i} says something about the harbour." for i in
                    range(30))
    html = f"""<!doctype html><html><head><title>Harbour news</title>
    <meta name="author" content="Jane Doe"><meta name="date" content="2024-03-05"></head>
    <body><nav>Home | About | Contact</nav><article><h1>Harbour news</h1><p>{body}</p>
    <p>{body}</p></article><footer>Copyright 2024</footer></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    doc = load(str(p))
    assert doc.kind == "html"
    assert doc.title == "Harbour news"
    assert "Paragraph sentence number 7" in doc.text
    assert "Home | About" not in doc.text
    assert doc.meta.get("author") == "Jane Doe"


def test_html_without_main_text(tmp_path: Path) -> None:
    p = tmp_path / "empty.html"
    p.write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    with pytest.raises(LoadError, match="no main text"):
        load(str(p))


def test_real_html_page_from_eval() -> None:
    folder = eval_path("html")
    page = sorted(folder.glob("*.html"))[0]
    gold = page.with_suffix(".txt").read_text(encoding="utf-8")
    doc = load(str(page))
    gold_words = set(gold.split())
    got = set(doc.text.split())
    assert len(gold_words & got) / max(1, len(gold_words)) > 0.5


def test_folders_expand_recursively_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "c.bin").write_bytes(b"\x00")
    (tmp_path / "b" / "1.html").write_text("x")
    got = [Path(p).relative_to(tmp_path).as_posix() for p in expand_sources([str(tmp_path)])]
    assert got == ["a.md", "b/1.html", "b/2.txt"]


def test_seeds_folder_has_the_samples() -> None:
    names = sorted(p.name for p in seeds_dir().iterdir())
    assert "000_933dac8c70da918c.txt" in names
    assert any("welcome" in n for n in names)


def test_gutenberg_header_and_licence_are_boilerplate(tmp_path: Path) -> None:
    book = ("The Project Gutenberg EBook of Tiny Tale, by A. Writer\n\nTitle: Tiny Tale\n\n"
            "*** START OF THIS PROJECT GUTENBERG EBOOK TINY TALE ***\n\n"
            "It was a dark night. The end came soon.\n\n"
            "End of the Project Gutenberg EBook of Tiny Tale\n\n"
            "*** END OF THIS PROJECT GUTENBERG EBOOK TINY TALE ***\n\nLicence text here.\n")
    p = tmp_path / "tiny.txt"
    p.write_text(book, encoding="utf-8")
    doc = load(str(p))
    assert doc.title == "Tiny Tale"
    head, tail = doc.boilerplate
    assert doc.text[head[0]:head[1]].endswith("TINY TALE ***")
    assert doc.text[tail[0]:tail[1]].startswith("End of the Project Gutenberg")
    assert doc.text[tail[0]:tail[1]].endswith("Licence text here.")
    assert not doc.in_boilerplate(doc.text.index("It was"), doc.text.index("soon.") + 5)


def test_markdown_without_a_file_name_is_recognised(tmp_path: Path) -> None:
    """Piped or suffix-less Markdown is read as Markdown; plain text with a stray '#', '-'
    or '*' stays plain (no sample article, book or news article of the eval set is taken
    for Markdown)."""
    import json

    from reader.core.sources.files import document_from_bytes
    from reader.core.sources.markdown import looks_like_markdown

    md = (seeds_dir() / "001_welcome.md").read_bytes()
    doc = document_from_bytes(md, "-", "")
    assert doc.kind == "markdown" and doc.title == "Welcome to reader"
    assert not any(line.startswith("#") for line in doc.text.splitlines())
    plain = tmp_path / "NOTES"
    plain.write_text("We were #1 again. Prices fell - then rose.\n- not a list\n"
                     "A *star* here.\n", encoding="utf-8")
    assert load(str(plain)).kind == "text"
    assert not looks_like_markdown(SEED.read_text(encoding="utf-8"))
    for book in sorted(eval_path("books").glob("*.txt")):
        assert not looks_like_markdown(book.read_text(encoding="utf-8")), book.name
    for line in eval_path("cnndm_dev.jsonl").read_text(encoding="utf-8").splitlines():
        assert not looks_like_markdown(json.loads(line)["article"])
    # A .txt file is taken at its word even when it looks like Markdown.
    txt = tmp_path / "a.txt"
    txt.write_bytes(md)
    assert load(str(txt)).kind == "text"


def test_markdown_by_markdown_it_keeps_every_word_of_hostile_markdown() -> None:
    """Raw HTML keeps its words (tags dropped), a table is one line a row, and a text nested
    or marked up beyond reason is shown as written, never with words lost."""
    from reader.core.sources.markdown import markdown_text

    html = markdown_text("<div>\nHello <b>world</b>\n</div>\n\nafter")
    assert html.text == "Hello world\n\nafter"
    table = markdown_text("| a | b [x](http://q) |\n|---|---|\n| c | d |\n")
    assert table.text == "a  b x\nc  d" and table.links == [(5, 6, "http://q")]
    deep = "before\n\n" + "> " * 60 + "deep words\n\nafter"
    assert "deep words" in markdown_text(deep).text  # markdown-it would skip them
    marked = markdown_text("[a](b)" * 400_000)  # 20 s for markdown-it: read as written
    assert len(marked.text) == 2_400_000 and not marked.links


def test_a_snippet_is_cut_between_words() -> None:
    from reader.core.textsafe import one_line

    text = "the harbour board met on Tuesday to discuss the extraordinary proposal"
    assert one_line(text, 40, at_word=True) == "the harbour board met on Tuesday to…"
    assert one_line(text, 40) == "the harbour board met on Tuesday to dis…"  # titles, cells
    assert one_line("a" * 60, 20, at_word=True) == "a" * 19 + "…"  # one long word: cut


def test_a_news_story_saved_as_text_is_titled_by_its_first_sentence() -> None:
    from reader.core.sources.text import title_from_text

    story = ("(CNN) Mr. Smith went to Washington on Tuesday to meet the U.S. president, who "
             "said the talks were good news. He left at noon. " * 3)
    assert title_from_text(story, "x") == ("(CNN) Mr. Smith went to Washington on Tuesday to "
                                          "meet the U.S. president, who said the talks were "
                                          "good news.")
    run_on = "word " * 80  # no sentence end: whole words, then …
    title = title_from_text(run_on, "x")
    assert title.endswith("word…") and len(title) <= 120
