"""HTML: the page's main text (trafilatura), its metadata, and the links of that text as
spans of it. A page with too many elements is refused at once (time and memory grow with
them)."""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.document import Document, LoadError
from reader.core.sources.decoding import normalise_newlines
from reader.core.sources.text import title_from_text

#: Pages with more markup elements than this are not extracted (see html_to_document).
MAX_HTML_ELEMENTS = 150_000
#: Fewer words than this extracted from a page means it has no main text.
MIN_HTML_WORDS = 8

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


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or (
        "<html" in head and "<body" in text[:65536].lower()
    )


def _stem(source: str) -> str:
    return Path(source).stem if source != "-" else "stdin"


def load(raw) -> Document:
    """An HTML document (see :class:`reader.core.sources.files.Raw`)."""
    return html_to_document(raw.text, raw.source)
