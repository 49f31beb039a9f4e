"""``reader feeds add|remove|list|refresh|import|export``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TextIO

from reader.cli._common import run_group, say
from reader.core.dates import display_date
from reader.core.document import LoadError
from reader.core.textsafe import dumps, plural, safe_text


def build_parser(prog: str = "reader") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"{prog} feeds", description="RSS and Atom feeds")
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="subscribe to a feed (checks that it parses)")
    add.add_argument("urls", nargs="+")
    rm = sub.add_parser("remove", help="unsubscribe")
    rm.add_argument("urls", nargs="+")
    ls = sub.add_parser("list", help="feeds and their items")
    ls.add_argument("--format", "-f", choices=("text", "json"), default="text")
    ls.add_argument("--items", action="store_true", help="list the items too")
    sub.add_parser("refresh", help="fetch every feed; one failure never stops the others")
    im = sub.add_parser("import", help="subscribe to the feeds of an OPML file")
    im.add_argument("file")
    sub.add_parser("export", help="print the subscriptions as OPML")
    return p


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    return run_group(build_parser(), ACTIONS, argv, out, err)


def _add(store, ns, out: TextIO, err: TextIO) -> int:
    from reader.core import feeds

    failed = 0
    subscribed = {f.url for f in store.feeds.all()}
    for url in ns.urls:
        if url in subscribed:
            out.write(safe_text(f"already subscribed to {url}", keep_newlines=False) + "\n")
            continue
        try:
            title = feeds.subscribe(store, url)
        except LoadError as exc:
            say(err, f"{url}: {exc}")
            failed += 1
        except Exception as exc:  # never a traceback: a hostile server is a bad source
            from reader.core.sources.web import fetch_problem

            say(err, f"{url}: {fetch_problem(exc)}")
            failed += 1
        else:
            out.write(safe_text(f"added {url}: {title}", keep_newlines=False) + "\n")
    return 1 if failed else 0


def _remove(store, ns, out: TextIO, err: TextIO) -> int:
    failed = 0
    for url in ns.urls:
        if not store.feeds.remove(url):
            say(err, f"{url}: not subscribed")
            failed += 1
        else:
            out.write(safe_text(f"unsubscribed from {url}", keep_newlines=False) + "\n")
    return 1 if failed else 0


def _list(store, ns, out: TextIO, err: TextIO) -> int:
    feeds_ = store.feeds.all()
    entries = {f.url: store.feeds.items(f.url) if ns.items or ns.format == "json" else []
               for f in feeds_}
    if ns.format == "json":
        rows = [{**f.as_dict(), "entries": [i.as_dict() for i in entries[f.url]]}
                for f in feeds_]
        out.write(dumps(rows, indent=2) + "\n")
        return 0
    if not feeds_:
        out.write("no feeds: 'reader feeds add URL' subscribes to one\n")
    for f in feeds_:
        line = f"{f.title or f.url} <{f.url}> {f.unread} unread of {f.items}"
        if f.error:
            line += f" (last refresh failed: {f.error})"
        out.write(safe_text(line, keep_newlines=False) + "\n")
        for it in entries[f.url]:
            mark = " " if it.read else "*"
            when = display_date(it.published) if it.published else ""
            out.write(safe_text(f"  {mark} {when:17} {it.title} <{it.link}>",
                                keep_newlines=False) + "\n")
    return 0


def _refresh(store, ns, out: TextIO, err: TextIO) -> int:
    from reader.core import feeds

    def progress(k: int, n: int, url: str, error: str | None) -> None:
        state = f"failed: {error}" if error else "ok"
        err.write(safe_text(f"[{k}/{n}] {url} {state}", keep_newlines=False) + "\n")

    results = feeds.refresh(store, progress)
    failed = sum(1 for v in results.values() if isinstance(v, str))
    new = sum(v for v in results.values() if isinstance(v, int))
    out.write(f"{plural(new, 'new item')} from {plural(len(results) - failed, 'feed')}; "
              f"{failed} failed\n")
    return 1 if failed else 0


def _import(store, ns, out: TextIO, err: TextIO) -> int:
    from reader.core import feeds
    from reader.core.sources.files import read_source_bytes

    try:
        added, present = feeds.import_opml(store, read_source_bytes(ns.file,
                                                                    feeds.MAX_OPML_BYTES))
    except LoadError as exc:
        say(err, f"{ns.file}: {exc}")
        return 1
    out.write(f"imported {added} feeds, already subscribed {present}"
              + ("; 'reader feeds refresh' fetches them\n" if added else "\n"))
    return 0


def _export(store, ns, out: TextIO, err: TextIO) -> int:
    from reader.core import feeds

    out.write(feeds.export_opml(store))
    return 0


ACTIONS = {"add": _add, "remove": _remove, "list": _list, "refresh": _refresh,
           "import": _import, "export": _export}
