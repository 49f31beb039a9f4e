"""``reader export obsidian DIR | readwise FILE.csv | markdown | json``: notes out."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from reader.cli._common import on_library, say
from reader.core.textsafe import plural


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="reader export",
        description="Export bookmarks, highlights and notes to other tools.")
    sub = p.add_subparsers(dest="target", required=True, metavar="TARGET")
    ob = sub.add_parser("obsidian", help="one Markdown file per article into a vault folder; "
                        "run again to update (your writing below the marker line is kept)")
    ob.add_argument("folder", metavar="DIR")
    rw = sub.add_parser("readwise", help="Readwise's CSV import (Highlight, Title, Author, "
                        "URL, Note, Location, Date)")
    rw.add_argument("file", metavar="FILE.csv", help="the file to write, or - for stdout")
    sub.add_parser("markdown", help="everything as one Markdown document on stdout")
    sub.add_parser("json", help="reader's own export (re-importable) on stdout")
    return p


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    ns = build_parser().parse_args(list(argv))

    def act(library) -> int:
        if ns.target == "obsidian":
            return _obsidian(library, Path(ns.folder), out, err)
        if ns.target == "readwise":
            return _readwise(library, ns.file, out, err)
        from reader.cli.bookmarks import export_markdown
        from reader.core.textsafe import dumps

        data = library.store.export_data()
        out.write(dumps(data, indent=2) + "\n" if ns.target == "json"
                  else export_markdown(data))
        return 0

    return on_library(err, act)


def _obsidian(library, folder: Path, out: TextIO, err: TextIO) -> int:
    from reader.core.exports import export_obsidian

    try:
        report = export_obsidian(library, folder)
    except OSError as exc:
        say(err, f"export: {folder}: {exc.strerror or exc}")
        return 1
    for path, why in report.kept:
        say(err, f"{path.name}: {why}")
    out.write(f"{plural(len(report.written), 'note')} written, "
              f"{len(report.unchanged)} unchanged"
              + (f", {len(report.kept)} left alone" if report.kept else "")
              + f" in {folder}\n")
    return 0


def _readwise(library, file: str, out: TextIO, err: TextIO) -> int:
    from reader.core.atomic import write_atomic
    from reader.core.exports import readwise_csv

    data = readwise_csv(library)
    if file == "-":
        out.write(data)
        return 0
    try:
        write_atomic(Path(file), data.encode("utf-8"))
    except OSError as exc:
        say(err, f"export: {file}: {exc.strerror or exc}")
        return 1
    out.write(f"{plural(len(library.marks()), 'highlight')} written to {file}\n")
    return 0
