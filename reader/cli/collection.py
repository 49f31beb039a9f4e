"""``reader add SOURCE...`` (into the library, without opening the reader) and ``reader list``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from reader.cli._common import open_store, say, write_rows
from reader.core.textsafe import one_line, plural


def _add_parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"{prog} add", description="Add articles to the library (indexed for search) "
        "without opening the reader.")
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="a file (.txt, .md, .html), a folder (its files, recursively) or an "
                        "http(s) URL")
    return p


def run_add(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Each added article's id and title on *out*; progress and failures on *err*."""
    from reader.core.documents import LoadError, expand_sources
    from reader.core.library import Library, StoreError
    from reader.core.sources import display_source, load

    out = out or sys.stdout
    err = err or sys.stderr
    ns = _add_parser("reader").parse_args(list(argv))
    if "-" in ns.sources:
        say(err, "add: stdin cannot be added (it has no place to be found again)")
        return 2
    errors: list[tuple[str, str]] = []
    sources = list(expand_sources(ns.sources, errors=errors))
    for path, why in errors:
        say(err, f"{path}: {why}")
    store = open_store(err)
    if store is None:
        return 1
    library = Library(store)
    failed = len(errors)
    added = 0
    progress = err.isatty()
    try:
        for i, source in enumerate(sources, 1):
            if progress:
                err.write(one_line(f"\r[{i}/{len(sources)}] {display_source(source)}", 100)
                          + "\x1b[K")
                err.flush()
            try:
                doc = load(source)
            except LoadError as exc:
                if progress:
                    err.write("\n")
                say(err, f"{source}: {exc}")
                failed += 1
                continue
            art = library.register(doc, source)
            added += 1
            out.write(one_line(f"{art.id:>4}  {doc.title}") + "\n")
    except StoreError as exc:
        say(err, str(exc))
        return 1
    finally:
        store.close()
        if progress:
            err.write("\n")
    if not sources and not errors:
        say(err, "add: no articles found in " + ", ".join(ns.sources))
        return 1
    say(err, f"added {plural(added, 'article')}"
             + (f"; {failed} could not be added" if failed else ""))
    return 1 if failed else 0


def _list_parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"{prog} list",
                                description="List the articles in the library, or those "
                                "matching a search (see 'reader search --help').")
    p.add_argument("query", nargs="*", metavar="QUERY")
    p.add_argument("--format", "-f", choices=("text", "json", "jsonl"), default="text")
    p.add_argument("--limit", "-n", type=int, default=1000)
    return p


def run_list(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    from reader.cli.search import run as run_search

    out = out or sys.stdout
    err = err or sys.stderr
    ns = _list_parser("reader").parse_args(list(argv))
    if ns.query:
        return run_search([*ns.query, "--format", ns.format, "--limit", str(ns.limit)],
                          out, err)
    store = open_store(err)
    if store is None:
        return 1
    try:
        articles = store.articles()[: ns.limit]
    finally:
        store.close()
    if not write_rows(out, ns.format, articles):
        from reader.core.sources import display_source

        if not articles:
            out.write("the library is empty: 'reader add PATH' or open something in reader\n")
        for a in articles:
            out.write(one_line(f"{a.id:>4}  {a.title}  ({display_source(a.url or a.source)})",
                               120) + "\n")
    return 0
