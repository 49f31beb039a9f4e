"""``reader add SOURCE...`` (into the library, without opening the reader) and ``reader list``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from reader.cli._common import on_library, open_store, say, write_rows
from reader.core.textsafe import one_line, plural, safe_text

if TYPE_CHECKING:
    from reader.core.library import Library


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
    from reader.cli.progress import Progress
    from reader.core.document import LoadError
    from reader.core.library import Library, StoreError
    from reader.core.sources import display_source, load
    from reader.core.sources.files import expand_sources

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
    try:
        with Progress(err) as bar:
            for i, source in enumerate(sources, 1):
                bar.update(i - 1, len(sources), display_source(source))
                try:
                    doc = load(source)
                except LoadError as exc:
                    bar.say(f"{source}: {exc}")
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
    if not sources and not errors:
        say(err, "add: no articles found in " + ", ".join(ns.sources))
        return 1
    say(err, f"added {plural(added, 'article')}"
             + (f"; {failed} could not be added" if failed else ""))
    return 1 if failed else 0


def _list_parser(prog: str) -> argparse.ArgumentParser:
    from reader.core.library.models import SORTS

    p = argparse.ArgumentParser(prog=f"{prog} list",
                                description="List the articles in the library, or those "
                                "matching a query (see 'reader search --help'), in the order "
                                "asked (newest added first by default).",
                                epilog="Each row: id, ★ starred, ✓ read / ◐ started, state, "
                                "title, reading time, tags and source.")
    p.add_argument("query", nargs="*", metavar="QUERY")
    p.add_argument("--sort", "-s", choices=tuple(SORTS), default="added",
                   help="added (newest first), published (newest first), title, time "
                        "(shortest first), progress (furthest first)")
    p.add_argument("--reverse", "-r", action="store_true", help="the other way round")
    p.add_argument("--format", "-f", choices=("text", "json", "jsonl"), default="text")
    p.add_argument("--limit", "-n", type=int, default=None,
                   help="at most this many (all by default; how many more is said on "
                        "stderr)")
    return p


def run_list(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    from reader.core.library import Library, StoreError
    from reader.core.library.query import QueryError

    out = out or sys.stdout
    err = err or sys.stderr
    ns = _list_parser("reader").parse_args(list(argv))
    store = open_store(err)
    if store is None:
        return 1
    query = " ".join(ns.query)
    try:
        library = Library(store)
        limit = -1 if ns.limit is None else max(ns.limit, 0)  # SQLite's -1: no limit
        articles = library.articles(query, ns.sort, ns.reverse, limit)
        more = library.count(query) - len(articles) if ns.limit is not None else 0
    except QueryError as exc:
        say(err, f"list: {exc}")
        return 2
    except StoreError as exc:
        say(err, str(exc))
        return 1
    finally:
        store.close()
    if not write_rows(out, ns.format, articles):
        if not articles:
            out.write("no matches\n" if ns.query else
                      "the library is empty: 'reader add PATH' or open something in reader\n")
        for a in articles:
            out.write(article_line(a) + "\n")
    if more > 0:
        say(err, f"{plural(more, 'more article')} not listed (--limit {ns.limit})")
    return 0


def article_line(a) -> str:
    """One article as the CLI lists it: id, star, read state, state, title, time, tags,
    source."""
    from reader.core.sources import display_source
    from reader.core.textsafe import reading_time

    read = "✓" if a.finished else ("◐" if a.started else " ")
    state = "" if a.state == "inbox" else f"[{a.state}] "
    if a.removed is not None:
        state = "[in the trash] "
    tags = "  " + " ".join(f"#{t}" for t in a.tags) if a.tags else ""
    time = f"  {reading_time(a.words)}" if a.words else ""
    if a.fetch_error:
        time += f"  [not fetched: {a.fetch_error}]"
    return one_line(f"{a.id:>4} {'★' if a.starred else ' '}{read} {state}{a.title}{time}{tags}"
                    f"  ({display_source(a.url or a.source)})", 140)


# ------------------------------------------------------------------ triage
TRIAGE = {
    "star": "Star articles", "unstar": "Take the star off articles",
    "archive": "Archive articles", "later": "Keep articles for later",
    "inbox": "Move articles back to the inbox", "read": "Mark articles read",
    "unread": "Mark articles unread",
    "restore": "Put articles back from the trash ('reader list is:removed' lists it)",
}


def _ids(values: Sequence[str], err: TextIO) -> list[int] | None:
    try:
        ids = [int(v) for v in values]
    except ValueError:
        say(err, "article ids are numbers (see 'reader list')")
        return None
    return ids


def run_triage(command: str, argv: Sequence[str], out: TextIO | None = None,
               err: TextIO | None = None) -> int:
    """``reader star|unstar|archive|later|inbox|read|unread|restore ID...``."""
    out = out or sys.stdout
    err = err or sys.stderr
    p = argparse.ArgumentParser(prog=f"reader {command}", description=TRIAGE[command]
                                + " (ids as 'reader list' shows them).")
    p.add_argument("ids", nargs="+", metavar="ID")
    ns = p.parse_args(list(argv))
    ids = _ids(ns.ids, err)
    if ids is None:
        return 2

    def act(library: Library) -> int:
        found = [i for i in ids if library.article(i) is not None]
        if command in ("star", "unstar"):
            library.set_starred(found, command == "star")
        elif command in ("read", "unread"):
            library.set_read(found, command == "read")
        elif command == "restore":
            library.trash.restore(found)
        else:
            library.set_state(found, "archived" if command == "archive" else command)
        _show(library, found, out)
        return _missing(err, command, ids, found, "it may have been deleted for good"
                        if command == "restore" else "see 'reader list'")

    return on_library(err, act)


def _missing(err: TextIO, command: str, ids: Sequence[int], found: Sequence[int],
             why: str = "see 'reader list'") -> int:
    """Say which of *ids* are not articles; the exit status (1 when any is not)."""
    missing = [i for i in ids if i not in found]
    for i in missing:
        say(err, f"{command}: no article {i} ({why})")
    return 1 if missing else 0


def run_remove(argv: Sequence[str], out: TextIO | None = None,
               err: TextIO | None = None) -> int:
    """``reader remove ID...`` (to the trash), ``reader remove --purge [ID...]`` (for good:
    those articles, or the whole trash)."""
    from reader.core.library.models import TRASH_DAYS

    out = out or sys.stdout
    err = err or sys.stderr
    p = argparse.ArgumentParser(
        prog="reader remove", description="Put articles in the trash, with their bookmarks, "
        f"highlights and notes: 'reader restore ID' puts them back for {TRASH_DAYS} days, "
        "then they are deleted ('reader list is:removed' lists the trash).")
    p.add_argument("ids", nargs="*", metavar="ID")
    p.add_argument("--purge", action="store_true",
                   help="delete for good, now: the articles given (in the trash or not), or "
                        "without ids everything in the trash")
    ns = p.parse_args(list(argv))
    if not ns.ids and not ns.purge:
        p.error("give the ids of the articles to remove (see 'reader list')")
    ids = _ids(ns.ids, err)
    if ids is None:
        return 2

    def act(library: Library) -> int:
        titles = {i: a.title for i in ids if (a := library.article(i)) is not None}
        found = list(titles)
        if ns.purge:
            n = library.trash.purge(found if ns.ids else None)
            for i in found:
                out.write(safe_text(f"{i}\tdeleted\t{one_line(titles[i], 70)}",
                                    keep_newlines=False) + "\n")
            if not ns.ids:
                say(err, f"the trash is empty: {plural(n, 'article')} deleted for good")
        else:
            library.trash.put(found)
            _show(library, found, out)
            if found:
                say(err, f"{plural(len(found), 'article')} in the trash: 'reader restore "
                    f"{' '.join(map(str, found))}' puts them back")
        return _missing(err, "remove", ids, found)

    return on_library(err, act)


def _show(library: Library, ids: Sequence[int], out: TextIO) -> None:
    for i in ids:
        art = library.article(i)
        if art is not None:
            out.write(article_line(art) + "\n")


def run_tag(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """``reader tag ID TAG... [--remove TAG...]``."""
    out = out or sys.stdout
    err = err or sys.stderr
    p = argparse.ArgumentParser(prog="reader tag", description="Tag an article (tags are "
                                "searched with tag:NAME; lower case, spaces become '-').")
    p.add_argument("id", metavar="ID")
    p.add_argument("tags", nargs="*", metavar="TAG")
    p.add_argument("--remove", "-d", nargs="+", default=[], metavar="TAG",
                   help="tags to take off")
    ns = p.parse_args(list(argv))
    ids = _ids([ns.id], err)
    if ids is None:
        return 2
    if not ns.tags and not ns.remove:
        say(err, "tag: give tags to add, or --remove TAG")
        return 2

    def act(library: Library) -> int:
        if not library.tag(ids, ns.tags, ns.remove):
            say(err, f"tag: no article {ids[0]} (see 'reader list')")
            return 1
        _show(library, ids, out)
        return 0

    return on_library(err, act)
