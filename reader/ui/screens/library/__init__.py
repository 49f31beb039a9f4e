"""The library screen and its parts.

:class:`~reader.ui.screens.library.screen.LibraryScreen` lays out the list (heading, views bar,
filter, table, progress, status line) and holds the rows shown; each responsibility is a
part (:mod:`reader.ui.parts`) with its own state, keys and palette entries:

====================  ===============================================  ===============
part                  responsibility                                   keys
====================  ===============================================  ===============
:mod:`.files`         the files given on the command line (and feeds)  —
:mod:`.store`         the library from the store, a page at a time     —
:mod:`.views`         views (Inbox, Later… and saved ones) and sorts   v V w W o O
:mod:`.triage`        archive, later, star, tag, read; adding          a l s t m A
====================  ===============================================  ===============

One of the two listings fills the table (``screen.listing``); views and triage act on a
library listed from the store only. :mod:`.rows` says what a row shows; :mod:`.add` adds
files, folders and URLs in a worker.
"""

from reader.ui.screens.library.rows import Entry
from reader.ui.screens.library.screen import LibraryScreen

__all__ = ["Entry", "LibraryScreen"]
