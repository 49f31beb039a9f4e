"""Links on the reading screen: the Links tab (``f``), following one in reader itself (Enter;
``Escape`` comes back to the place you left), the system browser (``o``), the clipboard
(``y``)."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urljoin

from reader.core.textsafe import one_line
from reader.core.urls import is_url
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
            self.side.show_links(doc.text, doc.links)

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
        path = self.document.meta.get("path", "") if self.document is not None else ""
        folder = os.path.dirname(path) if path else os.getcwd()
        return os.path.normpath(os.path.join(folder, url.split("#")[0]))

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
        import threading
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(target,), daemon=True).start()
        self.notify(f"Opening {one_line(target, 60)} in your browser", timeout=3,
                    markup=False)

    def action_copy_link(self) -> None:
        url = self._chosen_link()
        if url is not None:
            self.app.copy_to_clipboard(self.resolve(url) or url)
            self.notify(f"Copied {one_line(url, 60)}", timeout=2, markup=False)

    def link_commands(self) -> list[tuple[str, Any, str]]:
        if self.document is None or not self.document.links:
            return []
        return [("links: Show the links", self.action_links, "f; Enter follows one in reader"),
                ("links: Open the chosen link in the browser", self.action_open_in_browser,
                 "o"),
                ("links: Copy the chosen link", self.action_copy_link, "y")]
