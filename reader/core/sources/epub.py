"""EPUB 2 and 3 (ebooklib): the spine's documents in order, each one's block elements as
paragraphs; chapter titles from the table of contents (the EPUB 3 nav document or the EPUB 2
NCX), else each document's first heading; title and author from the metadata. An EPUB with
``META-INF/encryption.xml`` (DRM) is refused with one line."""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Sequence

from reader.core.document import Document, LoadError
from reader.core.sources.book import book_document

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
    return book_document(parts, title, _meta(book, "creator"), source, "epub")


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

    return book_document(parts, dc("title"), dc("creator"), source, "epub")


def _meta(book, name: str) -> str:
    try:
        values = book.get_metadata("DC", name)
    except Exception:
        return ""
    return " ".join(str(values[0][0]).split()) if values else ""


def load(raw) -> Document:
    """An EPUB document (see :class:`reader.core.sources.files.Raw`)."""
    return epub_document(raw.data, raw.source)
