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

from reader import __version__


def _main_parser(prog: str) -> argparse.ArgumentParser:
    from reader.cli.registry import epilog

    p = argparse.ArgumentParser(
        prog=prog,
        description="A keyboard-driven terminal reader. With no arguments, opens your library\n"
        "(the bundled samples are in it from the first run).",
        epilog=epilog(), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files, folders (read recursively), http(s) URLs, or - for stdin")
    p.add_argument("--screen-reader", action="store_true",
                   help="keep the terminal's cursor on what has focus and draw no decorations "
                   "(also [reading] screen_reader = true in the config)")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        command = _command(args)
        if command is not None:
            return command.run(args[1:])
        unknown = _unknown_command(args)
        if unknown is not None:
            print(unknown, file=sys.stderr)
            return 2
        ns = _main_parser("reader").parse_args(args)
    except SystemExit as exc:  # argparse: usage errors exit 2, --help/--version 0
        return int(exc.code or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _pipe_closed()
    except MemoryError:
        print("reader: out of memory (the input is too large to read); nothing more was "
              "saved", file=sys.stderr)
        return 1
    return run_app(ns.paths, screen_reader=ns.screen_reader)


def _pipe_closed() -> int:
    """The reader of our output has gone (``reader list | head -1``): end quietly, as the
    shell's own tools do (status 141: ended by SIGPIPE). What is left unwritten in stdout's
    buffer goes to /dev/null, so Python's exit does not complain of the pipe either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a file (tests): nothing waits to be flushed into the pipe
    return 141


def _command(args: list[str]):
    """The registered command *args* names, or None (a path to open, or no command)."""
    if not args:
        return None
    from reader.cli.registry import BY_NAME, TRIAGE

    command = BY_NAME.get(args[0])
    if command is not None and command.name in TRIAGE and _is_path_to_open(args):
        return None  # 'reader archive' with a folder ./archive opens it
    return command


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

    from reader.cli.registry import names
    from reader.core.textsafe import one_line

    known = names()
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
    hint = f" (did you mean '{close[0]}'?)" if close else f"; commands: {', '.join(known)}"
    return f"reader: unknown command '{one_line(word, 40)}'{hint}"


def run_app(paths: list[str], screen_reader: bool = False) -> int:
    stdin_bytes = None
    if "-" in paths:
        # Read the article from the pipe, then take keys from the terminal itself.
        from reader.core.sources.files import MAX_BYTES

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
        from reader.config import load_config
        from reader.core import preanalysis

        config = load_config()  # the child summarises as the reading screen will
        pre = preanalysis.start(paths[0], config.analysis_settings() if
                                (config.algorithm or config.sentences or config.language)
                                else None)
    from reader.ui.app import ReaderApp

    app = ReaderApp(paths, stdin_bytes=stdin_bytes, preanalysis=pre, screen_reader=screen_reader)
    app.handle_signals = True  # SIGTERM and SIGHUP end it as q does
    try:
        app.run()
    finally:
        if pre is not None:
            pre.cancel()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
