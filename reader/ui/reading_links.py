"""Links on the reading screen: the Links tab (``f``), following one in reader itself (Enter;
``Escape`` comes back to the place you left), the system browser (``o``), the clipboard
(``y``)."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urljoin

from reader.core.textsafe import one_line, one_line_middle
from reader.core.urls import browser_url, is_url, safe_url
from reader.ui.messages import FollowLink


class ReadingLinks:
    """Mixed into :class:`reader.ui.reading.ReadingScreen`."""

    document: Any
    source: str
    side: Any
    app: Any
    notify: Any
    followed = False  # this screen was opened by following a link: Escape goes back

    def show_links(self) -> None:
        doc = self.document
        if doc is not None:
            self.side.show_links(doc.text, doc.links,
                                 [self.resolve(url) or url for _, _, url in doc.links])

    def _folder(self) -> str:
        path = self.document.meta.get("path", "") if self.document is not None else ""
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
        base = (self.document.meta.get("url") if self.document is not None else None) or ""
        if is_url(base):
            joined = urljoin(base, url)
            return joined if is_url(joined) else None
        if ":" in url.split("/")[0]:
            return None  # mailto:, javascript: and the like are not followed
        return os.path.normpath(os.path.join(self._folder(), url.split("#")[0]))

    def action_links(self) -> None:
        if self.document is None or not self.document.links:
            self.notify("This article has no links.", timeout=2)
            return
        self.action_show_tab("links")  # type: ignore[attr-defined]

    def on_follow_link(self, event: FollowLink) -> None:
        """(Textual's naming: a mixin's @on handlers are not collected.)"""
        target = self.resolve(event.url)
        if target is None:
            self.notify(f"Cannot open {one_line(event.url, 60)} in reader", timeout=3,
                        markup=False)
            return
        if not is_url(target) and not os.path.isfile(target):
            self.notify(f"Cannot open {one_line(target, 60)}: no such file", timeout=4,
                        severity="error", markup=False)
            return
        if self.outside_folder(target):
            from reader.ui.prompt import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._follow(target)

            self.app.push_screen(ConfirmScreen(
                "This link leads to a file outside the article's folder. Open it in reader "
                "(and keep it in your library)?", target), answered)
            return
        self._follow(target)

    def _follow(self, target: str) -> None:
        self.save_position()  # type: ignore[attr-defined]
        self.app.follow_link(target)

    def _chosen_link(self) -> str | None:
        url = self.side.highlighted_link()
        if url is None:
            self.notify("Choose a link first (f shows them).", timeout=2)
        return url

    def action_open_in_browser(self) -> None:
        url = self._chosen_link()
        if url is None:
            return
        target = self.resolve(url) or url
        address = browser_url(target)
        if address is None:
            self.notify(f"Only http and https links open in the browser; this one is "
                        f"{one_line_middle(safe_url(target), 60)}", timeout=5,
                        severity="warning", markup=False)
            return
        import threading
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(address,), daemon=True).start()
        self.notify(f"Opening {one_line_middle(address, 60)} in your browser", timeout=3,
                    markup=False)

    def action_copy_link(self) -> None:
        url = self._chosen_link()
        if url is not None:
            address = safe_url(self.resolve(url) or url)
            self.app.copy_to_clipboard(address)
            self.notify(f"Copied {one_line_middle(address, 60)}", timeout=2, markup=False)

    def link_commands(self) -> list[tuple[str, Any, str]]:
        if self.document is None or not self.document.links:
            return []
        return [("links: Show the links", self.action_links, "f; Enter follows one in reader"),
                ("links: Open the chosen link in the browser", self.action_open_in_browser,
                 "o"),
                ("links: Copy the chosen link", self.action_copy_link, "y")]
