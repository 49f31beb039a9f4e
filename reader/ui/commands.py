"""The command palette provider: context-aware "area: action" commands."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.core.textsafe import safe_text


class ReaderCommands(Provider):
    """Context-aware commands: whatever the active screen offers, as "area: action"."""

    def _commands(self):
        # ``self.screen`` is the screen the palette was opened from.
        getter = getattr(self.screen, "palette_commands", None)
        commands = list(getter()) if getter else []
        commands += self.app.app_commands()
        return commands

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands():
            yield DiscoveryHit(safe_text(title), callback, help=safe_text(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            title = safe_text(title)
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=safe_text(help_text))
