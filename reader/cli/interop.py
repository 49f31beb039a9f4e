"""``reader export obsidian DIR | readwise FILE.csv | markdown | json``: notes out."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from reader.cli._common import on_library, say
from reader.core.textsafe import one_line, plural


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
        return write_document(library.store, ns.target, out)

    return on_library(err, act)


def write_document(store, target: str, out: TextIO) -> int:
    """``reader export markdown|json`` (and its alias ``reader bookmarks export``)."""
    from reader.core.exports import export_markdown
    from reader.core.textsafe import dumps

    data = store.transfer.export_data()
    out.write(dumps(data, indent=2) + "\n" if target == "json" else export_markdown(data))
    return 0


def _obsidian(library, folder: Path, out: TextIO, err: TextIO) -> int:
    from reader.core.exports import export_obsidian

    try:
        report = export_obsidian(library, folder)
    except OSError as exc:
        say(err, f"export: {folder}: {exc.strerror or exc}")
        return 1
    for path, why in report.kept:
        say(err, f"{path.name}: {why}")
    for path, why in report.failed:
        say(err, f"{path.name}: not written: {why}")
    out.write(f"{plural(len(report.written), 'note')} written, "
              f"{len(report.unchanged)} unchanged"
              + (f", {len(report.kept)} left alone" if report.kept else "")
              + (f", {len(report.failed)} not written" if report.failed else "")
              + f" in {one_line(str(folder))}\n")
    return 1 if report.failed else 0


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


def build_import_parser() -> argparse.ArgumentParser:
    from reader.core.import_formats import FORMATS

    p = argparse.ArgumentParser(
        prog="reader import",
        description="Bring saved articles in from another tool: tags, archived/starred state "
        "and dates kept; the same page twice is one article; the pages are then fetched "
        "(a few at a time, politely per site). Interrupted, the next run goes on.",
        epilog="; ".join(f"{name}: {f.help}" for name, f in FORMATS.items()))
    p.add_argument("format", choices=FORMATS)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", "-n", action="store_true",
                   help="print what would be imported; change nothing")
    p.add_argument("--no-fetch", action="store_true",
                   help="list the articles now, fetch their pages on a later run")
    p.add_argument("--retry", action="store_true",
                   help="fetch again the pages that failed before")
    return p


def run_import(argv: Sequence[str], out: TextIO | None = None,
               err: TextIO | None = None) -> int:
    from reader.core.document import LoadError
    from reader.core.import_formats import ImportFormatError, load_export
    from reader.core.imports import import_items, place_copies

    out = out or sys.stdout
    err = err or sys.stderr
    ns = build_import_parser().parse_args(list(argv))
    try:
        items = load_export(ns.format, ns.file)
    except (LoadError, ImportFormatError) as exc:
        say(err, f"{ns.file}: {exc}")
        return 1
    if ns.dry_run:
        return _dry_run(items, out)

    def act(library) -> int:
        report = import_items(library, items)
        out.write(f"{plural(report.added, 'article')} added, {report.merged} already there "
                  "(merged)\n")
        if ns.retry:
            library.store.imports.retry()
        copies = place_copies(library, items)
        _say_failures(err, [(url, f"its saved copy: {why}") for url, why in copies.failed])
        if copies.fetched:
            out.write(f"{plural(copies.fetched, 'article')} read from the export's saved "
                      f"copies, {plural(copies.highlights, 'highlight')} placed\n")
        return 0 if ns.no_fetch else _fetch(library, out, err)

    return on_library(err, act)


def _dry_run(items, out: TextIO) -> int:
    for item in items:
        extra = " ".join([*(f"#{t}" for t in item.tags),
                          *(["★"] if item.starred else []),
                          *([item.state] if item.state != "inbox" else []),
                          *([f"{len(item.highlights)} highlights"] if item.highlights else [])])
        out.write(one_line(f"{item.title or item.url}  {item.url}  {extra}", 160) + "\n")
    out.write(f"{plural(len(items), 'article')} would be imported (nothing changed)\n")
    return 0


def _fetch(library, out: TextIO, err: TextIO) -> int:
    """Fetch the waiting pages with a progress bar; ctrl+c stops soon, twice at once."""
    from reader.cli.progress import Progress
    from reader.core.imports import fetch_waiting

    with Progress(err) as bar:
        def progress(k: int, n: int, url: str, error: str | None) -> None:
            bar.update(k, n, url)

        try:
            fetched = fetch_waiting(library, progress)
        except KeyboardInterrupt:  # the second ctrl+c: now, whatever is in flight
            bar.stop()
            err.write("\nreader: stopped at once; pages fetched so far are saved, the rest "
                      "wait for the next run\n")
            err.flush()
            os._exit(130)
    if fetched.interrupted:
        waiting = len(library.store.imports.waiting())
        say(err, f"interrupted: {plural(fetched.fetched, 'page')} fetched and saved, "
                 f"{plural(waiting, 'page')} still waiting; run the same command again "
                 "to go on")
        return 130
    _say_failures(err, [(url, f"{why} (kept with its saved title; 'reader import --retry' "
                              "tries again)") for url, why in fetched.failed])
    out.write(f"{plural(fetched.fetched, 'page')} fetched, "
              f"{plural(fetched.highlights, 'highlight')} placed"
              + (f", {len(fetched.failed)} could not be fetched" if fetched.failed else "")
              + "\n")
    waiting = library.store.imports.pending()
    if waiting:
        out.write(f"{plural(len(waiting), 'highlight')} could not be placed yet: "
                  "'reader bookmarks list --pending' lists them\n")
    return 1 if fetched.failed else 0


def _say_failures(err: TextIO, failed: list[tuple[str, str]], each: int = 3) -> None:
    """One line per failure, but a reason shared by many is said for *each* of them and
    then counted ("… and 39 more for the same reason")."""
    by_reason: dict[str, list[str]] = {}
    for url, why in failed:
        by_reason.setdefault(why, []).append(url)
    for why, urls in by_reason.items():
        for url in urls[:each]:
            say(err, f"{url}: {why}")
        if len(urls) > each:
            say(err, f"… and {len(urls) - each} more for the same reason: {why}")
