"""Export and import from the command palette: what ``reader export`` and ``reader import``
do, asked for a file or folder in a prompt, run on the store thread, told in one line."""

from __future__ import annotations

import io
import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.atomic import write_atomic
from reader.core.textsafe import one_line, plural
from reader.ui.dialogs.prompt import PromptScreen
from reader.ui.parts import Command

if TYPE_CHECKING:
    from reader.core.library import Library

#: Where each export goes unless the reader says otherwise.
DEFAULT_DESTINATION = {"obsidian": "~/reader-vault", "readwise": "~/reader-readwise.csv",
                       "markdown": "~/reader-notes.md", "json": "~/reader-export.json"}


def interop_commands(app: Any) -> list[Command]:
    """The palette's export and import entries."""
    from reader.core.interop.exports import EXPORTS
    from reader.core.interop.formats import FORMATS
    from reader.core.interop.highlights import FORMATS as BOOKS

    cmds: list[Command] = [
        (f"export: {name}", partial(_ask_export, app, name), module.HELP)
        for name, module in EXPORTS.items()]
    cmds += [(f"import: {name}", partial(_ask_import, app, name), fmt.help)
             for name, fmt in FORMATS.items()]
    cmds += [(f"import: {name}", partial(_ask_import, app, name), module.HELP)
             for name, module in BOOKS.items()]
    return cmds


def _ask_export(app: Any, target: str) -> None:
    from reader.core.interop.exports import EXPORTS

    argument = EXPORTS[target].ARGUMENT
    what = argument[1] if argument else "the file to write"
    app.push_screen(PromptScreen(f"Export ({target}): {what}", DEFAULT_DESTINATION[target],
                                 hint="~ is your home folder"),
                    lambda text: _export(app, target, text) if text else None)


def _export(app: Any, target: str, destination: str) -> None:
    from reader.core.interop.exports import EXPORTS

    module = EXPORTS[target]
    path = Path(os.path.expanduser(destination.strip()))

    def run(library: Library) -> str:
        if module.ARGUMENT is not None:
            report = module.run(library, str(path), io.StringIO())
        else:  # a target that writes to stdout on the command line writes the file here
            out = io.StringIO()
            report = module.run(library, None, out)
            write_atomic(path, out.getvalue().encode("utf-8"))  # never half a file
        problems = [f"{p.name}: not written: {why}" for p, why in report.failed]
        return "; ".join([report.summary or f"written to {path}", *problems])

    app.store_call(run, lambda said: app.notify(one_line(said, 200), markup=False, timeout=6),
                   lambda why: app.notify(one_line(f"Export failed: {why}", 200),
                                          markup=False, severity="error"))


def _ask_import(app: Any, fmt: str) -> None:
    app.push_screen(PromptScreen(f"Import ({fmt}): the export file", "",
                                 hint="~ is your home folder; the pages are fetched as you "
                                      "open them, or all at once with reader import"),
                    lambda text: _import(app, fmt, text) if text else None)


def _import(app: Any, fmt: str, file: str) -> None:
    from reader.core.interop.formats import load_export
    from reader.core.interop.highlights import FORMATS as BOOKS
    from reader.core.interop.highlights import import_books, read
    from reader.core.interop.importing import import_items, place_copies

    path = os.path.expanduser(file.strip())

    def run(library: Library) -> str:
        if fmt in BOOKS:
            return import_books(library, read(fmt, path).books).summary()
        items = load_export(fmt, path)
        report = import_items(library, items)
        copies = place_copies(library, items)
        return (f"{plural(report.added, 'article')} added, {report.merged} already there"
                + (f", {plural(copies.fetched, 'saved copy', 'saved copies')} read"
                   if copies.fetched else ""))

    def done(said: str) -> None:
        app.notify(one_line(said, 200), markup=False, timeout=6)
        reload = getattr(app.screen, "reload", None)
        if callable(reload):
            reload()

    app.store_call(run, done, lambda why: app.notify(one_line(f"{file}: {why}", 200),
                                                     markup=False, severity="error"))
