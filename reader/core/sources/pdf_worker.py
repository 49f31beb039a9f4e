"""PDF text extraction in a process of its own, with a memory and time limit.

PDFium is native code: a "content bomb" (a 64 kB PDF whose one page inflates to 25 MB of text
operators) takes gigabytes and aborts the process. Run here, only this child dies; the
reader (and the user's terminal) carries on and says the PDF could not be read.

The child reads the PDF's bytes on stdin and writes one JSON object on stdout: ``pages``
(each a list of lines), ``outline`` ([level, page, title]), ``meta`` — or ``error``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import pairwise
from typing import Any

from reader.core.document import LoadError

#: Address space the child may use, and seconds it may take.
MEMORY_LIMIT = 1536 * 1024 * 1024
TIME_LIMIT = 120.0


def extract(data: bytes) -> dict[str, Any]:
    """The raw text of a PDF, read by the child; :class:`LoadError` when it cannot be."""
    env = dict(os.environ, READER_PDF_MEMORY=str(MEMORY_LIMIT))
    try:
        done = subprocess.run([sys.executable, "-m", "reader.core.sources.pdf_worker"], input=data,
                              capture_output=True, timeout=TIME_LIMIT, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise LoadError(f"this PDF could not be read (its text took longer than "
                        f"{TIME_LIMIT:.0f} s to extract)") from None
    except OSError as exc:
        raise LoadError(f"this PDF could not be read ({exc.strerror or exc})") from None
    try:
        result = json.loads(done.stdout) if done.returncode == 0 else None
    except ValueError:
        result = None
    if not isinstance(result, dict):
        raise LoadError("this PDF could not be read (extracting its text needed more memory "
                        "than reader allows, or crashed the PDF library)")
    if "error" in result:
        raise LoadError(str(result["error"]))
    return result


def read_pdf(data: bytes) -> dict:
    """What PDFium reads of a PDF: ``pages`` (lines of each), ``outline``, ``meta``. Native
    code: called in :mod:`reader.core.sources.pdf_worker`'s child process, never in the reader's."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise LoadError("this PDF is encrypted (password protected)") from None
        raise LoadError(f"not a readable PDF ({exc})") from None
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            pages.append(_spaced_lines(textpage, textpage.get_text_range()))
        if not any(line.strip() for lines in pages for line in lines):
            raise LoadError("this PDF has no text layer (scanned pages?); reader cannot read "
                            "it without OCR")
        outline = _outline(pdf)
        meta = pdf.get_metadata_dict()
    finally:
        pdf.close()
    return {"pages": pages, "outline": outline, "meta": meta}


#: A gap between two lines this much taller than the page's usual line pitch is paragraph
#: spacing: a paragraph ends there (an empty line), whatever the length of its last line.
PARAGRAPH_GAP = 1.3


def _spaced_lines(textpage, text: str) -> list[str]:
    """The page's lines, with an empty line where the space between two lines is paragraph
    spacing (measured from each line's first character, its font box: PDFium numbers the
    characters as they are in *text*, its line breaks included)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tops: list[float | None] = []
    at = 0
    for line in lines:
        lead = len(line) - len(line.lstrip())
        top = None
        if line.strip() and "\r\n" in text and at + lead < textpage.count_chars():
            top = float(textpage.get_charbox(at + lead, loose=True)[3])
        tops.append(top)
        at += len(line) + 2  # "\r\n"
    pitches = [a - b for a, b in pairwise(tops) if a is not None and b is not None and a > b]
    if len(pitches) < 2:
        return lines
    usual = sorted(pitches)[len(pitches) // 2]
    out = [lines[0]]
    for k in range(1, len(lines)):
        a, b = tops[k - 1], tops[k]
        if a is not None and b is not None and a - b > PARAGRAPH_GAP * usual:
            out.append("")
        out.append(lines[k])
    return out


def _outline(pdf) -> list[tuple[int, int, str]]:
    """(level, page index, title) of the PDF's outline (pypdfium2 4 and 5 both)."""
    out = []
    try:
        for item in pdf.get_toc():
            if hasattr(item, "get_title"):  # pypdfium2 5
                dest = item.get_dest()
                page = dest.get_index() if dest is not None else None
                title = item.get_title() or ""
            else:  # pypdfium2 4
                page, title = item.page_index, item.title or ""
            if page is not None and title.strip():
                out.append((int(item.level), int(page), title))
    except Exception:  # a broken outline: the text still has its chapters
        return []
    return out


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # Windows: no limit, still a process of its own
        return
    limit = int(os.environ.get("READER_PDF_MEMORY", MEMORY_LIMIT))
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


def _child() -> int:
    _limit_memory()
    data = sys.stdin.buffer.read()
    try:
        result: dict[str, Any] = read_pdf(data)
    except LoadError as exc:
        result = {"error": str(exc)}
    except MemoryError:
        return 3
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(_child())
