"""``reader search QUERY...``: full-text search over everything in the library."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from reader.cli._common import open_store, say, write_rows
from reader.core.textsafe import one_line


def build_parser(prog: str = "reader") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"{prog} search",
        description="Search the titles, texts, highlighted passages, notes and tags of every "
        "article in the library (best matches first).",
        epilog='Query: words (all of them), "exact phrases", prefix*, -word, tag:NAME, '
        "in:title, has:note, has:highlight, is:read|unread|started, is:starred, "
        "is:inbox|later|archived, feed:NAME, before:DATE, after:DATE (the day it was added); "
        "combined with AND.")
    p.add_argument("query", nargs="+", metavar="QUERY", help="the search (quote it in the "
                   "shell when it holds a phrase)")
    p.add_argument("--format", "-f", choices=("text", "json", "jsonl"), default="text",
                   help="text (default), json (one array) or jsonl (one hit a line)")
    p.add_argument("--limit", "-n", type=int, default=20, help="at most this many hits "
                   "(default 20)")
    return p


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    from reader.core.library.query import QueryError, parse

    out = out or sys.stdout
    err = err or sys.stderr
    ns = build_parser().parse_args(list(argv))
    if ns.limit < 1:
        say(err, "--limit must be at least 1")
        return 2
    try:
        query = parse(" ".join(ns.query))
    except QueryError as exc:
        say(err, f"search: {exc}")
        return 2
    store = open_store(err)
    if store is None:
        return 1
    try:
        hits = store.articles.search(query, ns.limit)
    except QueryError as exc:
        say(err, f"search: {exc}")
        return 2
    finally:
        store.close()
    if write_rows(out, ns.format, hits):
        pass
    elif not hits:
        out.write("no matches\n")
    else:
        from reader.core.sources import display_source

        for h in hits:
            where = display_source(h.article.url or h.article.source)
            out.write(one_line(f"{h.article.id:>4}  {h.article.title}  ({where})", 120) + "\n")
            if h.snippet:
                out.write("      " + one_line(h.snippet, 110) + "\n")
    return 0
