"""The article's links: the Links tab (``f``), following one in reader itself (Enter;
``Escape`` comes back to the place you left), the system browser (``o``), the clipboard
(``y``)."""

from __future__ import annotations

import os
from typing import ClassVar
from urllib.parse import urljoin

from textual.binding import Binding

from reader.core.textsafe import one_line, one_line_middle
from reader.core.urls import browser_url, is_url, safe_url
from reader.ui.parts import Command, Part


class Links(Part):
    """Resolving, following, opening and copying the article's links."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("f", "show", "Links", show=False, id="reading.links"),
        Binding("o", "open_in_browser", "Open link in browser", show=False,
                id="reading.open_link"),
        Binding("y", "copy", "Copy link", show=False, id="reading.copy_link"),
    ]

    def show_list(self) -> None:
        """Fill the Links tab (after the document is shown)."""
        doc = self.screen.document
        if doc is not None:
            self.screen.side.show_links(doc.text, doc.links,
                                        [self.resolve(url) or url for _, _, url in doc.links])

    def _folder(self) -> str:
        doc = self.screen.document
        path = doc.meta.get("path", "") if doc is not None else ""
        return os.path.dirname(path) if path else os.getcwd()

    def outside_folder(self, target: str) -> bool:
        """A local file that is not inside the article's own folder (``../../etc/passwd``)."""
        if is_url(target):
            return False
        folder = os.path.realpath(self._folder())
        real = os.path.realpath(target)
        return os.path.commonpath([folder, real]) != folder

    def resolve(self, url: str) -> str | None:
        """An absolute http(s) URL or file path for *url* as the article writes it."""
        url = url.strip()
        if is_url(url):
            return url
        doc = self.screen.document
        base = (doc.meta.get("url") if doc is not None else None) or ""
        if is_url(base):
            joined = urljoin(base, url)
            return joined if is_url(joined) else None
        if ":" in url.split("/")[0]:
            return None  # mailto:, javascript: and the like are not followed
        return os.path.normpath(os.path.join(self._folder(), url.split("#")[0]))

    def show(self) -> None:
        doc = self.screen.document
        if doc is None or not doc.links:
            self.say("This article has no links.", timeout=2)
            return
        self.screen.panes.show_tab("links")

    def follow(self, url: str) -> None:
        """Open *url* (as the article writes it) in reader; a local file outside the
        article's folder only once the reader says yes."""
        target = self.resolve(url)
        if target is None:
            self.say(f"Cannot open {one_line(url, 60)} in reader", timeout=3)
            return
        if not is_url(target) and not os.path.isfile(target):
            self.say(f"Cannot open {one_line(target, 60)}: no such file", timeout=4,
                     severity="error")
            return
        if self.outside_folder(target):
            from reader.ui.dialogs.prompt import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._follow(target)

            self.screen.app.push_screen(ConfirmScreen(
                "This link leads to a file outside the article's folder. Open it in reader "
                "(and keep it in your library)?", target), answered)
            return
        self._follow(target)

    def _follow(self, target: str) -> None:
        self.screen.place.save()
        self.screen.app.follow_link(target)

    def _chosen(self) -> str | None:
        url = self.screen.side.highlighted_link()
        if url is None:
            self.say("Choose a link first (f shows them).", timeout=2)
        return url

    def open_in_browser(self) -> None:
        url = self._chosen()
        if url is None:
            return
        target = self.resolve(url) or url
        address = browser_url(target)
        if address is None:
            self.say(f"Only http and https links open in the browser; this one is "
                     f"{one_line_middle(safe_url(target), 60)}", timeout=5, severity="warning")
            return
        import threading
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(address,), daemon=True).start()
        self.say(f"Opening {one_line_middle(address, 60)} in your browser", timeout=3)

    def copy(self) -> None:
        url = self._chosen()
        if url is not None:
            address = safe_url(self.resolve(url) or url)
            self.screen.app.copy_to_clipboard(address)
            self.say(f"Copied {one_line_middle(address, 60)}", timeout=2)

    def commands(self) -> list[Command]:
        doc = self.screen.document
        if doc is None or not doc.links:
            return []
        return [("links: Show the links", self.show, "f; Enter follows one in reader"),
                ("links: Open the chosen link in the browser", self.open_in_browser, "o"),
                ("links: Copy the chosen link", self.copy, "y")]
