"""Files and stdin: read within limits (never a FIFO, device or directory), sniffed, and
handed to their format's loader — :data:`FORMATS`, one entry per format, keyed by the
sniffed type. A new format is one module with a ``load(raw)`` and one entry here.

The document's ``text`` is what every offset in the analysis indexes. For a UTF-8 ``.txt``
file it is the file's content with line endings normalised to ``\\n`` and a BOM dropped;
nothing else is changed. Boilerplate (Project Gutenberg's header and licence, a scraper's
trailing "See more / Comments") is *marked* in :attr:`Document.boilerplate`, never removed.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from reader.core.document import Document, LoadError
from reader.core.sources import epub, html, markdown, pdf, text
from reader.core.urls import is_url

#: Largest source the loader accepts (bytes): bigger inputs get a clear error instead of
#: unbounded memory. A long novel is 1-2 MB; the whole Bible about 4.5 MB.
MAX_BYTES = 16 * 1024 * 1024


@dataclass
class Raw:
    """A source's bytes as read, before a format has made a document of them."""

    data: bytes
    source: str
    suffix: str = ""

    @cached_property
    def decoded(self) -> tuple[str, str]:
        from reader.core.sources.decoding import decode_bytes

        return decode_bytes(self.data)

    @property
    def text(self) -> str:
        return self.decoded[0]

    @property
    def stem(self) -> str:
        return Path(self.source).stem if self.source != "-" else "stdin"


@dataclass(frozen=True)
class Format:
    """One format: the suffixes that name it, and its loader."""

    suffixes: frozenset[str]
    load: Callable[[Raw], Document]
    #: Read as bytes (a book) rather than decoded text.
    binary: bool = False
    #: Larger files allowed (books carry images and fonts).
    max_bytes: int = MAX_BYTES


#: Every file format, by the type :func:`sniff` gives.
FORMATS: dict[str, Format] = {
    "text": Format(frozenset({".txt", ".text"}), text.load),
    "markdown": Format(frozenset({".md", ".markdown"}), markdown.load),
    "html": Format(frozenset({".html", ".htm", ".xhtml"}), html.load),
    "epub": Format(frozenset({".epub"}), epub.load, binary=True,
                   max_bytes=96 * 1024 * 1024),
    "pdf": Format(frozenset({".pdf"}), pdf.load, binary=True, max_bytes=96 * 1024 * 1024),
}
SUPPORTED_SUFFIXES = frozenset().union(*(f.suffixes for f in FORMATS.values()))


def format_of_suffix(suffix: str) -> str | None:
    return next((name for name, f in FORMATS.items() if suffix in f.suffixes), None)


def sniff(raw: Raw) -> str:
    """The format of *raw*: a book by its bytes whatever its name, else its suffix, else
    what its text looks like (HTML, Markdown) — plain text when nothing says otherwise."""
    from reader.core.sources.book import is_book

    book = is_book(raw.data)
    if book is not None:
        return book[1:]
    named = format_of_suffix(raw.suffix)
    if named is not None:
        return named
    if html.looks_like_html(raw.text):
        return "html"
    if not raw.suffix and markdown.looks_like_markdown(raw.text):
        return "markdown"
    return "text"


def document_from_bytes(data: bytes, source: str, suffix: str = "") -> Document:
    """The document in *data* (named *source*, with the file's *suffix* if any)."""
    raw = Raw(data, source, suffix)
    kind = sniff(raw)
    fmt = FORMATS[kind]
    doc = fmt.load(raw)
    if source != "-":
        doc.meta.setdefault("path", os.path.abspath(source))
    if fmt.binary:
        return doc
    doc.meta.setdefault("encoding", raw.decoded[1])
    doc.boilerplate = text.find_boilerplate(doc.text)
    if doc.boilerplate and doc.boilerplate[0][0] == 0 and doc.kind != "html":
        title = text.gutenberg_title(doc.text, doc.boilerplate[0][1])
        if title:
            doc.title = title
    if doc.kind == "text":
        from reader.core.analysis.chapters import find_chapters

        found = find_chapters(doc.text, doc.boilerplate)
        doc.chapters = [(c.start, c.end, c.title) for c in found]
        # A chapter's heading is never a summary sentence or a quotation; nor is a book's
        # front matter (title page, "Produced by", contents) before its first chapter.
        front = [(doc.reading_start, found[0].start, "front")] if found and doc.text[
            doc.reading_start:found[0].start].strip() else []
        doc.structure = sorted(doc.structure + front + [(c.start, c.heading_end, "heading")
                                                        for c in found])
    return doc


def load_file(source: str) -> Document:
    """Load a file path, or ``-`` for stdin (URLs: :func:`reader.core.sources.load`)."""
    suffix = Path(source).suffix.lower() if source != "-" else ""
    named = format_of_suffix(suffix)
    limit = FORMATS[named].max_bytes if named else MAX_BYTES
    return document_from_bytes(read_source_bytes(source, limit), source, suffix)


def _size(n: int) -> str:
    return f"{n / 1_048_576:.0f} MB" if n >= 1_048_576 else f"{n // 1024} KB"


def _os_message(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


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
    here = Path(__file__).resolve().parent.parent.parent  # reader/
    packaged = here / "_seeds"
    if packaged.is_dir():
        return packaged
    return here.parent / "seeds"
