"""Load a source (text, Markdown, HTML, stdin, folder) into a :class:`Document`.

The document's ``text`` is what every offset in the analysis indexes. For a UTF-8 ``.txt``
file it is the file's content with line endings normalised to ``\\n`` and a BOM dropped;
nothing else is changed. Boilerplate (a scraper's trailing "See more / Comments") is
*marked* in :attr:`Document.boilerplate`, never removed.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from reader.core.document import Document, LoadError
from reader.core.urls import is_url

__all__ = ["Document", "LoadError", "document_from_bytes", "expand_sources", "load_file",
           "read_source_bytes"]

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
BOOK_SUFFIXES = {".epub", ".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | BOOK_SUFFIXES

#: Largest source the loader accepts (bytes): bigger inputs get a clear error instead of
#: unbounded memory. A long novel is 1-2 MB; the whole Bible about 4.5 MB.
MAX_BYTES = 16 * 1024 * 1024
#: Pages with more markup elements than this are not extracted (see html_to_document).
MAX_HTML_ELEMENTS = 150_000
#: Fewer words than this extracted from a page means it has no main text.
MIN_HTML_WORDS = 8

_BOILERPLATE_LINE = re.compile(
    r"^\s*(see more|read more|more from|related( articles| stories| posts)?|comments?"
    r"|post a comment|leave a (comment|reply)|share( this)?( article| story)?|advertisement"
    r"|subscribe|sign up|follow us|tags?|you may also like|recommended|click here"
    r"|\d+ comments?|print|email|tweet|newsletter|back to top|copyright|all rights reserved)"
    r"\b[\s\S]*$",
    re.IGNORECASE,
)


_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode *data* to text, returning ``(text, encoding)``. BOMs are honoured and dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return data[2:].decode(enc, errors="replace"), enc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        # A stray NUL in text is shown as a symbol; many of them mean binary data.
        if text.count("\x00") > max(2, len(text) // 1000) or _mostly_controls(text[:8192]):
            raise LoadError("looks like binary data (NUL bytes), not text")
        return text, "utf-8"
    if _looks_binary(data):
        raise LoadError("looks like binary data, not text")
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise LoadError("could not detect the text encoding (binary data?)")
    best = matches[0]
    # Windows-1252 is by far the most common legacy encoding; charset-normalizer can rank a
    # Baltic or Central European code page a hair ahead of it on Western text.
    for m in matches:
        if (m.encoding in _PREFERRED_LEGACY and m.chaos <= best.chaos + 0.15
                and m.coherence >= best.coherence - 0.05):
            best = m
            break
    return str(best), best.encoding


_MAGIC = (b"\x89PNG", b"\x1f\x8b", b"PK\x03\x04", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"\x7fELF")


def _mostly_controls(sample: str) -> bool:
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\x1b")
    return bool(sample) and controls / len(sample) > 0.1


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.count(b"\x00") > max(2, len(sample) // 1000):
        return True
    if sample.startswith(_MAGIC):
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(sample) and controls / len(sample) > 0.1


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; a leading BOM is dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- titles


def title_from_text(text: str, fallback: str) -> str:
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        line = line.lstrip("#").strip() or line
        if len(line) <= 120:
            return line
        words = line.split()
        short = " ".join(words[:10])
        return (short[:117] + "…") if len(short) > 117 else short + "…"
    return fallback


# --------------------------------------------------------------------------- boilerplate


_GUTENBERG_START = re.compile(r"^\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG.*$", re.M | re.I)
_GUTENBERG_END_LINE = re.compile(r"^[ \t]*End of (the )?Project Gutenberg", re.M | re.I)
_GUTENBERG_TITLE = re.compile(r"^Title:\s*(.+)$", re.M)
_GUTENBERG_END = re.compile(r"^\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG.*$", re.M | re.I)


def find_boilerplate(text: str) -> list[tuple[int, int]]:
    """Boilerplate spans: a Project Gutenberg header and licence, and a scraper's trailer."""
    spans: list[tuple[int, int]] = []
    start = _GUTENBERG_START.search(text)
    if start:
        spans.append((0, start.end()))
    end = _GUTENBERG_END.search(text, start.end() if start else 0)
    if end:
        cut = end.start()
        # "End of the Project Gutenberg EBook of ..." usually stands just before the marker.
        tail = _GUTENBERG_END_LINE.search(text, max(0, cut - 400), cut)
        if tail:
            cut = tail.start()
        spans.append((cut, len(text.rstrip())))
        return spans
    return spans + find_trailer(text)


def find_trailer(text: str) -> list[tuple[int, int]]:
    """Mark a trailing run of short scraper lines ("See more:", "Comments", ...).

    Scans lines from the end; the run is accepted when at least one line matches a known
    boilerplate phrase and every line in it is short.
    """
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    start_idx = None
    matched = False
    for i in range(len(lines) - 1, -1, -1):
        s, e = lines[i]
        line = text[s:e].strip()
        if not line:
            continue
        if len(line.split()) > 6 or len(line) > 60:
            break
        if _BOILERPLATE_LINE.match(line) and not line.endswith((".", "!", "?")):
            matched = True
            start_idx = i
        elif line[-1:] in ".!?\"”'’":
            break
        else:
            start_idx = i
    if not matched or start_idx is None:
        return []
    # Only keep the run from its first boilerplate-looking line.
    while start_idx < len(lines):
        s, e = lines[start_idx]
        line = text[s:e].strip()
        if _BOILERPLATE_LINE.match(line) and not line.endswith((".", "!", "?")):
            break
        start_idx += 1
    s = lines[start_idx][0]
    end = len(text.rstrip())
    return [(s, end)] if end > s else []


# --------------------------------------------------------------------------- markdown


_MD_STRONG = (
    re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M),  # ATX heading ("#hashtag" is not one)
    re.compile(r"\[[^\]\n]+\]\((?:https?://|/|\.{0,2}/|#)[^)\s]*\)"),  # [text](link)
    re.compile(r"^ {0,3}(```|~~~)", re.M),  # fenced code
)
_MD_WEAK = (
    re.compile(r"^ {0,3}[-*+][ \t]+\S", re.M),  # list item
    re.compile(r"(\*\*|__)(?=\S)[^\n]+?(?<=\S)\1"),  # bold
    re.compile(r"`[^`\n]+`"),  # code span
)


def looks_like_markdown(text: str) -> bool:
    """Markdown without a file name (a pipe, a file with no suffix): two strong signs
    (headings, links, fenced code), or one with a weaker one (lists, bold, code spans)."""
    head = text[:65536]
    # each kind of strong sign counts at most twice
    strong = sum(len(list(islice(rx.finditer(head), 2))) for rx in _MD_STRONG)
    weak = sum(1 for rx in _MD_WEAK if rx.search(head))
    return strong >= 2 or (strong >= 1 and weak >= 1)


_MD_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+")
_MD_RULE_LINE = re.compile(r"^ {0,3}([-*_][ \t]*){3,}$")
_MD_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_MD_LIST = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])[ \t]+")
_MD_INLINE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)]*)\)"  # image: its alt text
    r"|\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)"  # link
    r"|(?P<strong>\*\*|__)(?=\S)(?P<strong_text>.+?)(?<=\S)(?P=strong)"
    r"|(?<![\w*])\*(?=\S)(?P<em_text>[^*\n]+?)(?<=\S)\*(?!\w)"
    r"|`(?P<code>[^`\n]+)`"
    r"|<[^>\n]+>"  # inline HTML tags are dropped
)


@dataclass
class MarkdownText:
    """Plain text from Markdown, with what its marks said: headings and code blocks (not
    prose: never summary sentences, quotations or entities) and links (their URLs)."""

    text: str
    title: str | None
    headings: list[tuple[int, int]]
    code: list[tuple[int, int]]
    links: list[tuple[int, int, str]]


def markdown_text(md: str) -> MarkdownText:
    """Convert Markdown line by line, keeping offsets of headings, code and links."""
    out: list[str] = []
    pos = 0
    headings: list[tuple[int, int]] = []
    code: list[tuple[int, int]] = []
    links: list[tuple[int, int, str]] = []
    title = None
    in_fence = False
    blank_run = 0
    for line in md.split("\n"):
        if _MD_FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            piece = line
            if piece.strip():
                code.append((pos, pos + len(piece)))
        elif _MD_RULE_LINE.match(line):
            piece = ""
        else:
            heading = _MD_HEADING.match(line)
            body = line[heading.end():].rstrip().rstrip("#").rstrip() if heading else line
            if not heading:
                body = _MD_QUOTE.sub("", body, count=1)
                body = _MD_LIST.sub("", body, count=1)
            piece = _inline(body, pos, links)
            if heading and piece.strip():
                headings.append((pos, pos + len(piece)))
                if title is None and line.lstrip().startswith("# "):
                    title = piece.strip()
        if not piece.strip():
            blank_run += 1
            if blank_run > 1 or not out:
                continue  # at most one blank line in a row, none at the start
            piece = ""
        else:
            blank_run = 0
        out.append(piece)
        pos += len(piece) + 1
    while out and not out[-1].strip():
        out.pop()
    return MarkdownText("\n".join(out), title, headings, code, links)


def _inline(line: str, at: int, links: list[tuple[int, int, str]]) -> str:
    """One line's inline marks removed; each link's text span and URL recorded."""
    parts: list[str] = []
    length = 0
    last = 0
    for m in _MD_INLINE.finditer(line):
        parts.append(line[last:m.start()])
        length += m.start() - last
        last = m.end()
        if m.group("alt") is not None:
            inner = m.group("alt")
        elif m.group("label") is not None:
            inner = _inline(m.group("label"), at + length, [])
            if m.group("url") and inner:
                links.append((at + length, at + length + len(inner), m.group("url")))
        elif m.group("strong_text") is not None:
            inner = _inline(m.group("strong_text"), at + length, links)
        elif m.group("em_text") is not None:
            inner = m.group("em_text")
        elif m.group("code") is not None:
            inner = m.group("code")
        else:
            inner = ""
        parts.append(inner)
        length += len(inner)
    parts.append(line[last:])
    return "".join(parts)


def markdown_to_text(md: str) -> tuple[str, str | None]:
    """Plain text from Markdown (headings, emphasis, links and code marks removed)."""
    converted = markdown_text(md)
    return converted.text, converted.title


# --------------------------------------------------------------------------- html


def html_to_document(html: str, source: str) -> Document:
    # Extraction time and memory grow with the number of elements: a page of hundreds of
    # thousands of links is refused in a moment instead of taking a minute and a gigabyte.
    elements = html.count("<")
    if elements > MAX_HTML_ELEMENTS:
        raise LoadError(f"the page has too many elements to extract ({elements:,}; "
                        f"the limit is {MAX_HTML_ELEMENTS:,})")
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
    )
    if result is None:
        raise LoadError("no main text found in the HTML page")
    data = result if isinstance(result, dict) else result.as_dict()
    text = normalise_newlines(data.get("text") or "").strip()
    # A menu label or a copyright line is not an article.
    if len(re.findall(r"\w{2,}", text)) < MIN_HTML_WORDS:
        raise LoadError("no main text found in the HTML page")
    meta = {
        key: str(data[key])
        for key in ("author", "date", "sitename", "url", "hostname", "description")
        if data.get(key)
    }
    title = (data.get("title") or "").strip() or title_from_text(text, _stem(source))
    return Document(text=text, title=title, source=source, kind="html", meta=meta,
                    links=_html_links(html, text))


_MD_LINK = re.compile(r"\[([^\]\n]{1,300})\]\(([^)\s]{1,2000})\)")


def _html_links(html: str, text: str) -> list[tuple[int, int, str]]:
    """The links of the page's main text, as spans of *text*: trafilatura marks them when
    asked (``[label](url)``); each label is found again in the plain text, in order (the
    text itself stays exactly what the plain extraction gives)."""
    if "<a" not in html.lower():
        return []
    import trafilatura

    try:
        marked = trafilatura.bare_extraction(_controls_as_percent(html), include_comments=False,
                                             include_tables=True,
                                             favor_recall=True, include_links=True,
                                             with_metadata=False)
    except Exception:  # the links are a bonus: the article is there without them
        return []
    if marked is None:
        return []
    data = marked if isinstance(marked, dict) else marked.as_dict()
    out: list[tuple[int, int, str]] = []
    pos = 0
    for m in _MD_LINK.finditer(data.get("text") or ""):
        words = m.group(1).split()
        if not words:
            continue
        found = re.compile(r"\s+".join(re.escape(w) for w in words)).search(text, pos)
        if found is None:
            continue
        out.append((found.start(), found.end(), m.group(2)))
        pos = found.end()
    return out


_CONTROL_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?")
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _controls_as_percent(html: str) -> str:
    """Control characters (raw, or written ``&#27;``) as ``%1B``: one such character in one
    ``href`` must not make the parser drop every link of the page."""
    def ref(m: re.Match[str]) -> str:
        code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        if code in (9, 10, 13) or not (code < 0x20 or 0x7F <= code <= 0x9F):
            return m.group(0)
        return f"%{code:02X}"

    html = _CONTROL_REF.sub(ref, html)
    return _CONTROL_CHAR.sub(lambda m: f"%{ord(m.group()):02X}", html)


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or (
        "<html" in head and "<body" in text[:65536].lower()
    )


# --------------------------------------------------------------------------- loading


def _stem(source: str) -> str:
    return Path(source).stem if source != "-" else "stdin"


def _size(n: int) -> str:
    return f"{n / 1_048_576:.0f} MB" if n >= 1_048_576 else f"{n // 1024} KB"


def read_source_bytes(source: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file (or stdin for ``-``), refusing anything over *limit*
    before reading it: no FIFO, device or directory is ever read."""
    if source == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise LoadError(f"input is larger than {_size(limit)}")
        return data
    if not source:
        raise LoadError("empty file name")
    path = Path(source)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise LoadError("no such file or directory") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except OSError as exc:
        raise LoadError(_os_message(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError("is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise LoadError("not a regular file (FIFO, device or socket)")
    if st.st_size > limit:
        raise LoadError(f"file is {_size(st.st_size)}; the limit is {_size(limit)}")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise LoadError(_os_message(exc)) from None
    if len(data) > limit:  # grew while we read it
        raise LoadError(f"file is larger than {_size(limit)}")
    return data


def _os_message(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def document_from_bytes(data: bytes, source: str, suffix: str = "") -> Document:
    from reader.core.books import is_book, load_book

    book = is_book(data)
    if book is not None or suffix in BOOK_SUFFIXES:
        doc = load_book(data, source, book or suffix)
        if source != "-":
            doc.meta.setdefault("path", os.path.abspath(source))
        return doc
    text, encoding = decode_bytes(data)
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES | MARKDOWN_SUFFIXES
                                   and _looks_like_html(text)):
        doc = html_to_document(text, source)
    elif suffix in MARKDOWN_SUFFIXES or (not suffix and looks_like_markdown(text)):
        md = markdown_text(normalise_newlines(text))
        doc = Document(text=md.text, title=md.title or title_from_text(md.text, _stem(source)),
                       source=source, kind="markdown",
                       structure=sorted([(s, e, "heading") for s, e in md.headings]
                                        + [(s, e, "code") for s, e in md.code]),
                       links=md.links)
    else:
        body = normalise_newlines(text)
        doc = Document(text=body, title=title_from_text(body, _stem(source)), source=source)
    doc.meta.setdefault("encoding", encoding)
    if source != "-":
        doc.meta.setdefault("path", os.path.abspath(source))
    doc.boilerplate = find_boilerplate(doc.text)
    if doc.boilerplate and doc.boilerplate[0][0] == 0 and doc.kind != "html":
        m = _GUTENBERG_TITLE.search(doc.text, 0, doc.boilerplate[0][1])
        if m:
            doc.title = m.group(1).strip()
    if doc.kind == "text":
        from reader.core.analysis.chapters import find_chapters

        found = find_chapters(doc.text, doc.boilerplate)
        doc.chapters = [(c.start, c.end, c.title) for c in found]
        # A chapter's heading is never a summary sentence or a quotation.
        doc.structure = sorted(doc.structure + [(c.start, c.heading_end, "heading")
                                                for c in found])
    return doc


def load_file(source: str) -> Document:
    """Load a file path, or ``-`` for stdin (URLs: :func:`reader.core.sources.load`)."""
    from reader.core.books import MAX_BOOK_BYTES

    suffix = Path(source).suffix.lower() if source != "-" else ""
    data = read_source_bytes(source, MAX_BOOK_BYTES if suffix in BOOK_SUFFIXES else MAX_BYTES)
    return document_from_bytes(data, source, suffix)


def expand_sources(args: Iterable[str], max_files: int = 100_000,
                   errors: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """Expand folders (recursively, sorted) into the supported files inside them.

    Files named directly are yielded as given (whatever their suffix); ``-`` is stdin. A
    folder that cannot be read is added to *errors* as ``(path, reason)``.
    """

    def unreadable(exc: OSError) -> None:
        if errors is not None:
            errors.append((exc.filename or "?", _os_message(exc)))

    for arg in args:
        if arg != "-" and not is_url(arg) and os.path.isdir(arg):
            count = 0
            for root, dirs, files in os.walk(arg, followlinks=False, onerror=unreadable):
                dirs.sort()
                for name in sorted(files):
                    if Path(name).suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("."):
                        count += 1
                        if count > max_files:
                            return
                        yield os.path.join(root, name)
        else:
            yield arg


def seeds_dir() -> Path:
    """Folder of the bundled sample articles (inside the wheel, or the repo's ``seeds/``)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_seeds"
    if packaged.is_dir():
        return packaged
    return here.parent / "seeds"
