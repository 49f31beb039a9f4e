"""EPUB and PDF books: their text in reading order, with chapters.

* EPUB 2 and 3 (ebooklib): the spine's documents in order, each one's block elements as
  paragraphs; chapter titles from the table of contents (the EPUB 3 nav document or the
  EPUB 2 NCX), else each document's first heading; title and author from the metadata. An
  EPUB with ``META-INF/encryption.xml`` (DRM) is refused with one line.
* PDF with a text layer (pypdfium2 — PDFium, measured fastest of pypdf, pdfminer.six and
  pypdfium2 with the same text; see README): lines joined into paragraphs, hyphenation at
  line ends undone, running headers, footers and page numbers dropped; chapters from the
  outline (its top level), else found in the text like a plain-text book's. A PDF without a
  text layer (a scan), an encrypted one, or a broken file is refused with one line.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Sequence

from reader.core.document import Document, LoadError

BOOK_SUFFIXES = {".epub", ".pdf"}
#: Books carry images and fonts: a larger limit than text files.
MAX_BOOK_BYTES = 96 * 1024 * 1024
#: A line seen at the top or bottom of at least this share of pages is a running header.
RUNNING_SHARE = 0.4


def is_book(data: bytes) -> str | None:
    """".pdf" or ".epub" when the bytes are one (whatever the file is called)."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04") and b"application/epub+zip" in data[:200]:
        return ".epub"
    return None


def load_book(data: bytes, source: str, suffix: str) -> Document:
    if suffix == ".pdf":
        return pdf_document(data, source)
    return epub_document(data, source)


def _document(parts: Sequence[tuple[str | None, list[str]]], title: str, author: str,
              source: str, kind: str) -> Document:
    """A document from (chapter title or None to continue the previous one, paragraphs)."""
    pieces: list[str] = []
    chapters: list[list] = []
    structure: list[tuple[int, int, str]] = []
    pos = 0
    for heading, paragraphs in parts:
        paragraphs = [p for p in paragraphs if p.strip()]
        if not paragraphs and heading is None:
            continue
        if heading is not None:
            if chapters:
                chapters[-1][1] = pos
            chapters.append([pos, 0, heading])
            if not paragraphs or not _prints_title(paragraphs[0], heading):
                paragraphs = [heading, *paragraphs]  # the title is shown where it starts
            structure.append((pos, pos + len(paragraphs[0]), "heading"))
        for p in paragraphs:
            pieces.append(p)
            pos += len(p) + 2
    text = "\n\n".join(pieces)
    if chapters:
        chapters[-1][1] = len(text)
    if not text.strip():
        raise LoadError(f"no text found in this {kind.upper()}")
    doc = Document(text=text, title=title.strip() or _stem(source), source=source, kind=kind,
                   structure=structure, chapters=[(s, e, t) for s, e, t in chapters])
    if author:
        doc.meta["author"] = author
    return doc


def _prints_title(first: str, title: str) -> bool:
    """Whether a chapter's first paragraph is its printed heading: the title itself, or the
    title after a short label ("Chapter 1. The Harbour" for "The Harbour"). That line is then
    the heading (never a summary sentence), and the title is not shown twice."""
    line = " ".join(first.split()).lower().rstrip(" .:")
    head = " ".join(title.split()).lower().rstrip(" .:")
    return bool(head) and line.endswith(head) and len(line) <= len(head) + 20


def _stem(source: str) -> str:
    import os

    return os.path.splitext(os.path.basename(source))[0] or source


# --------------------------------------------------------------------------- EPUB
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd",
           "figcaption", "caption", "td", "th", "div", "section", "article"}
_HEADINGS = {"h1", "h2", "h3"}


def _paragraphs(html: bytes) -> tuple[list[str], str | None]:
    """The text of an XHTML document as paragraphs, and its first heading."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # an empty or broken document holds no text
        return [], None
    for bad in root.xpath("//script|//style|//head"):
        bad.getparent().remove(bad)
    out: list[str] = []
    heading: str | None = None
    for el in root.iter():
        tag = el.tag.split("}")[-1].lower() if isinstance(el.tag, str) else ""
        if tag not in _BLOCKS:
            continue
        if any(isinstance(c.tag, str) and c.tag.split("}")[-1].lower() in _BLOCKS
               for c in el.iterdescendants()):
            continue  # a container: its blocks speak for themselves
        text = " ".join(el.text_content().split())
        if not text:
            continue
        if heading is None and tag in _HEADINGS:
            heading = text
        out.append(text)
    return out, heading


def _toc_entries(toc: Sequence) -> list[tuple[str, str]]:
    """(href without fragment, title) of the table of contents' top level, in order."""
    out: list[tuple[str, str]] = []
    for entry in toc:
        if isinstance(entry, tuple):  # (Section, children)
            section, children = entry
            href = getattr(section, "href", "") or ""
            title = getattr(section, "title", "") or ""
            if not href and children:
                first = _toc_entries(children)
                href = first[0][0] if first else ""
            if href:
                out.append((href.split("#")[0], title))
        else:
            href = getattr(entry, "href", "") or ""
            if href:
                out.append((href.split("#")[0], getattr(entry, "title", "") or ""))
    return out


def epub_document(data: bytes, source: str) -> Document:
    from reader.core.ziplimits import ZipTooLarge, check_declared

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        check_declared(archive)  # what ebooklib reads is bounded by what is declared
    except ZipTooLarge as exc:
        raise LoadError(f"not read: {exc}") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError(f"not a readable EPUB (a broken zip file: {exc})") from None
    if "META-INF/encryption.xml" in names:
        raise LoadError("this EPUB is encrypted (DRM); reader can only open EPUBs without it")
    from ebooklib import ITEM_DOCUMENT, epub

    book = None
    for ignore_ncx in (False, True):  # an EPUB 3 without an NCX reads with the nav alone
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                book = epub.read_epub(io.BytesIO(data), {"ignore_ncx": ignore_ncx})
            break
        except Exception as exc:
            problem = f"not a readable EPUB ({type(exc).__name__}: {exc})"[:200]
    if book is None:
        # ebooklib needs a table of contents; the spine alone still gives the book.
        return _epub_by_hand(data, source, problem)
    titles = {href: title for href, title in _toc_entries(book.toc)}
    # By the last part of the name too: a table of contents and a manifest that name one
    # file from different folders still meet (one lookup each, not a scan: 20,000 items).
    by_tail = {}
    for href, title in titles.items():
        by_tail.setdefault(href.rsplit("/", 1)[-1], []).append((href, title))
    parts: list[tuple[str | None, list[str]]] = []
    use_headings = not titles
    items = {item.get_id(): item for item in book.get_items()}
    for idref, *_ in book.spine:
        item = items.get(idref)
        if item is None or item.get_type() != ITEM_DOCUMENT:
            continue
        if isinstance(item, epub.EpubNav):
            continue  # the table of contents itself is not part of the reading
        paragraphs, first_heading = _paragraphs(item.get_content())
        name = item.get_name()
        heading = titles.get(name)
        if heading is None:
            heading = next((t for h, t in by_tail.get(name.rsplit("/", 1)[-1], ())
                            if h.endswith("/" + name) or name.endswith("/" + h)), None)
        if heading is None and use_headings and first_heading:
            heading = first_heading
        parts.append((heading or None, paragraphs))
    title = _meta(book, "title")
    return _document(parts, title, _meta(book, "creator"), source, "epub")


def _epub_by_hand(data: bytes, source: str, problem: str) -> Document:
    """The spine read with the zip and lxml (no table of contents): titles from headings."""
    from lxml import etree

    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        container = etree.fromstring(z.read("META-INF/container.xml"))
        opf_path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        opf = etree.fromstring(z.read(opf_path))
    except Exception:
        raise LoadError(problem) from None
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    manifest = {el.get("id"): el.get("href") for el in
                opf.xpath("//*[local-name()='manifest']/*[local-name()='item']")}
    parts: list[tuple[str | None, list[str]]] = []
    for ref in opf.xpath("//*[local-name()='spine']/*[local-name()='itemref']/@idref"):
        href = manifest.get(ref)
        if not href:
            continue
        try:
            paragraphs, heading = _paragraphs(z.read(base + href))
        except KeyError:
            continue
        parts.append((heading, paragraphs))

    def dc(name: str) -> str:
        found = opf.xpath(f"//*[local-name()='metadata']/*[local-name()='{name}']/text()")
        return " ".join(str(found[0]).split()) if found else ""

    return _document(parts, dc("title"), dc("creator"), source, "epub")


def _meta(book, name: str) -> str:
    try:
        values = book.get_metadata("DC", name)
    except Exception:
        return ""
    return " ".join(str(values[0][0]).split()) if values else ""


# --------------------------------------------------------------------------- PDF
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s+of\s+\d+)?$",
                          re.IGNORECASE)


def _shape(line: str) -> str:
    """A line with its numbers blanked, so "Chapter 3 · 41" repeats as a running header."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _strip_running(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and lines repeated at the top or bottom of many pages."""
    edges: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    for lines in pages:
        for line in {*lines[:2], *lines[-2:]}:
            edges[_shape(line)] += 1
            exact[" ".join(line.split())] += 1
    enough = max(3, int(RUNNING_SHARE * len(pages)))
    running = {shape for shape, n in edges.items() if n >= enough} if len(pages) >= 3 else set()
    out = []
    for lines in pages:
        keep = list(lines)
        for end in (0, -1):
            for _ in range(2):
                if keep and (_shape(keep[end]) in running
                             or _PAGE_NUMBER.match(keep[end].strip())):
                    keep.pop(end)
        if not any(line.strip() for line in keep):
            # A page that would lose every line (short memo pages, alike but for their
            # numbers) keeps what is not word for word on many pages, nor a page number.
            keep = [line for line in lines if not _PAGE_NUMBER.match(line.strip())
                    and exact[" ".join(line.split())] < enough]
        out.append(keep)
    return out


def _join_lines(lines: list[str], width: int) -> list[str]:
    """Lines of a page as paragraphs: a short line ending a sentence ends its paragraph; a
    word hyphenated at a line end is joined again."""
    from reader.core.analysis.chapters import heading_kind

    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if len(line) < 0.7 * width and heading_kind(line) in ("keyword", "titled",
                                                               "unnumbered"):
            if current:  # a heading ("Chapter 3. The Calm") is a paragraph of its own
                paragraphs.append(current)
            paragraphs.append(line)
            current = ""
            continue
        if current.endswith("-") and len(current) > 1 and current[-2].isalpha() \
                and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}" if current else line
        if len(raw.rstrip()) < 0.8 * width and re.search(r"[.!?:\"”’)]$", line):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def pdf_document(data: bytes, source: str) -> Document:
    from reader.core.pdf_worker import extract

    raw = extract(data)
    pages = _strip_running([[str(line) for line in lines] for lines in raw["pages"]])
    outline = [(int(level), int(page), str(title)) for level, page, title in raw["outline"]]
    meta = {str(k): str(v) for k, v in raw["meta"].items()}
    widths = sorted(len(line) for lines in pages for line in lines if line.strip())
    width = widths[int(0.9 * (len(widths) - 1))] if widths else 80
    top = min((level for level, _, _ in outline), default=0)
    starts = {}
    for level, page, title in outline:
        if level == top and page not in starts:
            starts[page] = " ".join(title.split())
    parts: list[tuple[str | None, list[str]]] = []
    for i, lines in enumerate(pages):
        parts.append((starts.get(i), _join_lines(lines, width)))
    parts = _continue_across_pages(parts)
    doc = _document(parts, meta.get("Title", ""), meta.get("Author", ""), source, "pdf")
    if not outline:
        from reader.core.analysis.chapters import find_chapters

        found = find_chapters(doc.text)
        doc.chapters = [(c.start, c.end, c.title) for c in found]
        doc.structure = [(c.start, c.heading_end, "heading") for c in found]
    return doc


def _continue_across_pages(parts: list[tuple[str | None, list[str]]]
                           ) -> list[tuple[str | None, list[str]]]:
    """A paragraph cut by a page break (no sentence end, next page's first line in lower
    case) is one paragraph again."""
    out: list[tuple[str | None, list[str]]] = []
    for heading, paragraphs in parts:
        if (out and heading is None and paragraphs and out[-1][1]
                and not re.search(r"[.!?:\"”’)]$", out[-1][1][-1])
                and paragraphs[0][:1].islower()):
            previous = out[-1][1]
            tail = previous.pop()
            joiner = "" if tail.endswith("-") and tail[-2:-1].isalpha() else " "
            paragraphs = [(tail[:-1] if joiner == "" else tail) + joiner + paragraphs[0],
                          *paragraphs[1:]]
        out.append((heading, paragraphs))
    return out
