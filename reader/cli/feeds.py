"""``reader feeds add|remove|list|refresh|import|export``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from reader.cli._common import say
from reader.core.textsafe import dumps, safe_text


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
    out = out or sys.stdout
    err = err or sys.stderr
    ns = build_parser().parse_args(list(argv))
    from reader.cli._common import open_store
    from reader.core import feeds
    from reader.core.documents import LoadError

    store = open_store(err)
    if store is None:
        return 1
    failed = 0
    try:
        if ns.action == "add":
            for url in ns.urls:
                try:
                    title = feeds.subscribe(store, url)
                    out.write(safe_text(f"added {url}: {title}") + "\n")
                except LoadError as exc:
                    say(err, f"{url}: {exc}")
                    failed += 1
        elif ns.action == "remove":
            for url in ns.urls:
                if not store.remove_feed(url):
                    say(err, f"{url}: not subscribed")
                    failed += 1
        elif ns.action == "list":
            feeds_ = store.feeds()
            entries = {f.url: store.feed_items(f.url) if ns.items or ns.format == "json" else []
                       for f in feeds_}
            if ns.format == "json":
                rows = [{**f.as_dict(), "entries": [i.as_dict() for i in entries[f.url]]}
                        for f in feeds_]
                out.write(dumps(rows, indent=2) + "\n")
            else:
                for f in feeds_:
                    line = f"{f.title or f.url} <{f.url}> {f.unread} unread of {f.items}"
                    if f.error:
                        line += f" (last refresh failed: {f.error})"
                    out.write(safe_text(line, keep_newlines=False) + "\n")
                    for it in entries[f.url]:
                        mark = " " if it.read else "*"
                        out.write(safe_text(f"  {mark} {it.published[:16]:16} "
                                            f"{it.title} <{it.link}>",
                                            keep_newlines=False) + "\n")
        elif ns.action == "refresh":
            def progress(k: int, n: int, url: str, error: str | None) -> None:
                state = f"failed: {error}" if error else "ok"
                err.write(safe_text(f"[{k}/{n}] {url} {state}") + "\n")

            results = feeds.refresh(store, progress)
            failed = sum(1 for v in results.values() if isinstance(v, str))
            new = sum(v for v in results.values() if isinstance(v, int))
            out.write(f"{new} new items from {len(results) - failed} feeds; {failed} failed\n")
        elif ns.action == "import":
            from reader.core.documents import read_source_bytes

            try:
                added, present = feeds.import_opml(
                    store, read_source_bytes(ns.file, feeds.MAX_OPML_BYTES))
            except LoadError as exc:
                print(safe_text(f"reader: {ns.file}: {exc}", keep_newlines=False), file=err)
                return 1
            out.write(f"imported {added} feeds, already subscribed {present}\n")
        elif ns.action == "export":
            out.write(feeds.export_opml(store))
    finally:
        store.close()
    return 1 if failed else 0
