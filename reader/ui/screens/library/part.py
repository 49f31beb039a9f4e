"""What the library's store-only parts (triage, views) share."""

from __future__ import annotations

from reader.ui.parts import Part


class StorePart(Part):
    """A part whose keys act on the library in the store, not on a list of named files."""

    def usable(self) -> bool:
        """In a list of the files named on the command line these keys say why they do
        nothing there, once pressed (they used to do nothing, silently)."""
        if self.screen.from_store:
            return True
        self.say("This list shows the files you named. Archive, later, star, tag and views "
                 "work in your library: run reader without naming a file.", timeout=5)
        return False
