"""The links of an HTML export (Pocket's ril_export.html, a browser's bookmarks.html):
every ``<a href>`` with its attributes and text, and the heading it sits under."""

from __future__ import annotations

from html.parser import HTMLParser


class Links(HTMLParser):
    """Every <a href> with its attributes and text, and the heading it sits under."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[dict[str, str], str, str]] = []
        self._heading = ""
        self._in: str | None = None
        self._buf: list[str] = []
        self._attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in, self._buf = "heading", []
        elif tag == "a":
            self._in, self._buf = "a", []
            self._attrs = {k.lower(): v or "" for k, v in attrs}

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        text = " ".join("".join(self._buf).split())
        if tag in ("h1", "h2", "h3") and self._in == "heading":
            self._heading, self._in = text, None
        elif tag == "a" and self._in == "a":
            self.links.append((self._attrs, text, self._heading))
            self._in = None
