"""Command line: a thin shell over :mod:`reader.core`.

``reader [PATH...]`` opens the reader; ``reader summarize|entities|quotes|analyze SOURCE...``
prints analyses (``--format text|json|jsonl|markdown``); ``reader locate`` prints where data
lives. Exit codes: 0 ok, 1 some source failed (the others were still processed), 2 usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from reader import __version__
from reader.cli.analyze import COMMANDS, run_analysis


def _main_parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="A keyboard-driven terminal reader. With no arguments, opens your library "
        "(the bundled samples are in it from the first run).",
        epilog="commands: summarize, entities, quotes, keywords, analyze (see "
        "'reader COMMAND --help'), "
        "add SOURCE... and list [QUERY] (the library), search QUERY, tag ID TAG..., "
        "star|unstar|archive|later|inbox|read|unread ID..., "
        "import pocket|instapaper|wallabag|omnivore|bookmarks FILE, "
        "export obsidian DIR|readwise FILE.csv|markdown|json, "
        "bookmarks (list|add|remove|export|import), feeds (add|remove|list|refresh|import|"
        "export), locate (print where data lives), doctor (check the store, rebuild a "
        "damaged search index)",
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files, folders (read recursively), http(s) URLs, or - for stdin")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    prog = "reader"
    try:
        if args and args[0] in COMMANDS:
            return run_analysis(args[0], args[1:], prog)
        if args and args[0] == "locate":
            argparse.ArgumentParser(prog=f"{prog} locate",
                                    description="Print where reader keeps its data, cache "
                                    "and config.").parse_args(args[1:])
            return run_locate()
        if args and args[0] == "feeds":
            from reader.cli.feeds import run as run_feeds

            return run_feeds(args[1:])
        if args and args[0] in TRIAGE and not _is_path_to_open(args):
            from reader.cli.collection import run_triage

            return run_triage(args[0], args[1:])
        if args and args[0] == "import":
            from reader.cli.interop import run_import

            return run_import(args[1:])
        if args and args[0] == "export":
            from reader.cli.interop import run as run_export

            return run_export(args[1:])
        if args and args[0] == "tag":
            from reader.cli.collection import run_tag

            return run_tag(args[1:])
        if args and args[0] in ("add", "list"):
            from reader.cli.collection import run_add, run_list

            return (run_add if args[0] == "add" else run_list)(args[1:])
        if args and args[0] == "search":
            from reader.cli.search import run as run_search

            return run_search(args[1:])
        if args and args[0] == "bookmarks":
            from reader.cli.bookmarks import run

            return run(args[1:])
        if args and args[0] == "doctor":
            from reader.cli.doctor import run as run_doctor

            return run_doctor(args[1:])
        unknown = _unknown_command(args)
        if unknown is not None:
            print(unknown, file=sys.stderr)
            return 2
        ns = _main_parser(prog).parse_args(args)
    except SystemExit as exc:  # argparse: usage errors exit 2, --help/--version 0
        return int(exc.code or 0)
    except KeyboardInterrupt:
        return 130
    except MemoryError:
        print("reader: out of memory (the input is too large to read); nothing more was "
              "saved", file=sys.stderr)
        return 1
    return run_app(ns.paths)


TRIAGE = ("star", "unstar", "archive", "later", "inbox", "read", "unread")
ALL_COMMANDS = (*COMMANDS, "add", "list", "search", "tag", *TRIAGE, "bookmarks", "feeds",
                "import", "export", "locate", "doctor")


def _is_path_to_open(args: list[str]) -> bool:
    """'reader archive' where ./archive is a folder opens it; 'reader archive 3' archives."""
    return os.path.exists(args[0]) and not any(a.isdigit() for a in args[1:])


def _unknown_command(args: list[str]) -> str | None:
    """'reader summarise x': a word that is neither a command nor a file is a mistyped
    command (a CLI must not open the app to say "no such file")."""
    if not args or args[0].startswith("-"):
        return None
    word = args[0]
    from reader.core.urls import is_url

    if is_url(word) or os.path.exists(word) or os.sep in word or "." in word:
        return None
    import difflib

    from reader.core.textsafe import one_line

    close = difflib.get_close_matches(word, ALL_COMMANDS, n=1, cutoff=0.75)
    hint = f" (did you mean '{close[0]}'?)" if close else f"; commands: {', '.join(ALL_COMMANDS)}"
    return f"reader: unknown command '{one_line(word, 40)}'{hint}"


def run_locate(out: TextIO | None = None) -> int:
    from reader.core.paths import cache_dir, config_dir, data_dir

    out = out or sys.stdout
    print(f"data:   {data_dir()}", file=out)
    print(f"store:  {data_dir() / 'reader.db'}", file=out)
    print(f"cache:  {cache_dir()}", file=out)
    print(f"config: {config_dir() / 'config.toml'}", file=out)
    return 0


def run_app(paths: list[str]) -> int:
    stdin_bytes = None
    if "-" in paths:
        # Read the article from the pipe, then take keys from the terminal itself.
        from reader.core.documents import MAX_BYTES

        stdin_bytes = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(stdin_bytes) > MAX_BYTES:
            print(f"reader: -: input is larger than {MAX_BYTES // 1_048_576} MB",
                  file=sys.stderr)
            return 1
        try:
            tty = os.open("/dev/tty", os.O_RDONLY)
            os.dup2(tty, 0)
            os.close(tty)
            sys.stdin = open(0, closefd=False)  # noqa: SIM115 - stays open for the app
        except OSError:
            print("reader: -: no terminal to read keys from (use 'reader analyze -' in "
                  "pipelines)", file=sys.stderr)
            return 1
    pre = None
    if len(paths) == 1 and paths[0] != "-" and os.path.isfile(paths[0]):
        # Analysed on the other core while Textual starts (before it is imported).
        from reader.core import preanalysis

        pre = preanalysis.start(paths[0])
    from reader.ui.app import ReaderApp

    app = ReaderApp(paths, stdin_bytes=stdin_bytes, preanalysis=pre)
    app.handle_signals = True  # SIGTERM and SIGHUP end it as q does
    try:
        app.run()
    finally:
        if pre is not None:
            pre.cancel()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
