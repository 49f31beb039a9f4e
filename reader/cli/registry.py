"""Every ``reader`` command, in one table: its name, what it does (the help and the "did you
mean" read it) and the module that runs it (imported only when the command runs, so
``reader FILE`` pays for none of them).

A new command is one module with a ``run(argv)`` (or another function named here) and one
:class:`Command` below.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str
    help: str  # one line, shown by 'reader --help'
    module: str
    function: str = "run"
    #: Passed before the arguments (one function serving several commands).
    pass_name: bool = False

    def run(self, argv: Sequence[str]) -> int:
        fn = getattr(importlib.import_module(self.module), self.function)
        return fn(self.name, list(argv)) if self.pass_name else fn(list(argv))


_ANALYSIS = "reader.cli.analyze"
_COLLECTION = "reader.cli.collection"

COMMANDS: tuple[Command, ...] = (
    Command("summarize", "the extractive summary of sources", _ANALYSIS, "run_command",
            pass_name=True),
    Command("entities", "people, organisations and places in sources", _ANALYSIS,
            "run_command", pass_name=True),
    Command("quotes", "quotations and who said them", _ANALYSIS, "run_command", pass_name=True),
    Command("keywords", "key phrases: what sources are about", _ANALYSIS, "run_command",
            pass_name=True),
    Command("analyze", "all of it, with sentences, chapters and links", _ANALYSIS,
            "run_command", pass_name=True),
    Command("add", "add sources to the library without opening them", _COLLECTION, "run_add"),
    Command("list", "list the library, filtered by a query", _COLLECTION, "run_list"),
    Command("search", "search the library's text, marks and notes", "reader.cli.search"),
    Command("tag", "tag articles", _COLLECTION, "run_tag"),
    *(Command(name, f"{name} articles by id", _COLLECTION, "run_triage", pass_name=True)
      for name in ("star", "unstar", "archive", "later", "inbox", "read", "unread")),
    Command("remove", "put articles in the trash (or --purge: delete for good)", _COLLECTION,
            "run_remove"),
    Command("restore", "put articles back from the trash", _COLLECTION, "run_triage",
            pass_name=True),
    Command("bookmarks", "bookmarks, highlights and notes: list, add, remove, place, drop, "
            "export, import", "reader.cli.bookmarks"),
    Command("feeds", "feeds: add, remove, list, refresh, import and export OPML",
            "reader.cli.feeds"),
    Command("import", "saved articles and highlights from other tools", "reader.cli.interop",
            "run_import"),
    Command("export", "notes out: obsidian, readwise, markdown, json", "reader.cli.interop"),
    Command("sync", "sync marks, places and notes with other devices through a folder",
            "reader.cli.sync"),
    Command("speak", "read a text aloud (espeak-ng): into a WAV file, or played",
            "reader.cli.speak"),
    Command("doctor", "check the store; rebuild a damaged search index", "reader.cli.doctor"),
    Command("locate", "print where reader keeps its data, cache and config",
            "reader.cli.locate"),
)

BY_NAME = {c.name: c for c in COMMANDS}

#: Commands that are also folder names people have ('reader archive' opens ./archive when
#: it exists and no id follows).
TRIAGE = ("star", "unstar", "archive", "later", "inbox", "read", "unread")


def names() -> list[str]:
    return [c.name for c in COMMANDS]


def epilog() -> str:
    """The commands for ``reader --help``: one line each (the states as one line)."""
    shown = [c for c in COMMANDS if c.name not in TRIAGE[1:]]
    width = max(len(c.name) for c in shown)
    lines = ["commands (reader COMMAND --help for each):"]
    for c in shown:
        text = (f"{c.help}; also {', '.join(TRIAGE[1:])}" if c.name == TRIAGE[0] else c.help)
        lines.append(f"  {c.name:<{width}}  {text}")
    return "\n".join(lines)
