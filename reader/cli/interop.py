"""``reader export obsidian DIR | readwise FILE.csv | markdown | json``: notes out."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from reader.cli._common import on_library, say
from reader.core.textsafe import one_line, plural


def build_parser() -> argparse.ArgumentParser:
    from reader.core.interop.exports import EXPORTS

    p = argparse.ArgumentParser(
        prog="reader export",
        description="Export bookmarks, highlights and notes to other tools.")
    sub = p.add_subparsers(dest="target", required=True, metavar="TARGET")
    for name, target in EXPORTS.items():
        command = sub.add_parser(name, help=target.HELP)
        if target.ARGUMENT is not None:
            metavar, what = target.ARGUMENT
            command.add_argument("destination", metavar=metavar, help=what)
    return p


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    ns = build_parser().parse_args(list(argv))
    return on_library(err, lambda library: export(library, ns.target,
                                                  getattr(ns, "destination", None), out, err))


def export(library, target: str, destination: str | None, out: TextIO, err: TextIO) -> int:
    """``reader export TARGET [DESTINATION]`` (and ``reader bookmarks export``): the target's
    module writes; what it left alone or could not write is said, one line each."""
    from reader.core.interop.exports import EXPORTS

    try:
        report = EXPORTS[target].run(library, destination, out)
    except OSError as exc:
        say(err, f"export: {destination}: {exc.strerror or exc}")
        return 1
    for path, why in report.kept:
        say(err, f"{path.name}: {why}")
    for path, why in report.failed:
        say(err, f"{path.name}: not written: {why}")
    if report.summary:
        out.write(one_line(report.summary) + "\n")
    return 1 if report.failed else 0


def build_import_parser() -> argparse.ArgumentParser:
    from reader.core.interop.formats import FORMATS
    from reader.core.interop.highlights import FORMATS as BOOKS

    p = argparse.ArgumentParser(
        prog="reader import",
        description="Bring saved articles in from another tool: tags, archived/starred state "
        "and dates kept; the same page twice is one article; the pages are then fetched "
        "(a few at a time, politely per site). Interrupted, the next run goes on.",
        epilog="; ".join([*(f"{name}: {f.help}" for name, f in FORMATS.items()),
                          *(f"{name}: {m.HELP}" for name, m in BOOKS.items())]))
    p.add_argument("format", choices=[*FORMATS, *BOOKS])
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
    from reader.core.interop.formats import load_export
    from reader.core.interop.highlights import FORMATS as BOOKS
    from reader.core.interop.importing import import_items, place_copies
    from reader.core.interop.saved import ImportFormatError

    out = out or sys.stdout
    err = err or sys.stderr
    ns = build_import_parser().parse_args(list(argv))
    if ns.format in BOOKS:
        return _import_books(ns, out, err)
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


def _import_books(ns, out: TextIO, err: TextIO) -> int:
    """``reader import kindle FILE``: a book reader's highlights, placed or kept waiting."""
    from reader.core.document import LoadError
    from reader.core.interop.highlights import import_books, read

    try:
        parsed = read(ns.format, ns.file)
    except (LoadError, ValueError, RecursionError) as exc:
        say(err, f"{ns.file}: {exc}")
        return 1
    for why, n in sorted(parsed.skipped.items()):
        say(err, f"{ns.file}: not read: {why}: {n}")
    if not parsed.books:
        say(err, f"{ns.file}: no highlights found (is it a {ns.format} export?)")
        return 1
    if ns.dry_run:
        for book in parsed.books:
            by = f" ({book.author})" if book.author else ""
            out.write(one_line(f"{book.title}{by}: {plural(len(book.highlights), 'highlight')}",
                               160) + "\n")
        return 0

    def act(library) -> int:
        out.write(one_line(import_books(library, parsed.books).summary(), 400) + "\n")
        return 0

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
    from reader.core.interop.importing import fetch_waiting

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
