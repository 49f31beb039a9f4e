"""A progress bar for long commands (``reader add``, ``reader import --fetch``): drawn by
rich.progress on stderr when it is a terminal, nothing at all otherwise (a pipe or a log
gets only the lines said). What is shown of a source or URL is data: one line, control
characters made visible, never markup."""

from __future__ import annotations

from types import TracebackType
from typing import Any, TextIO

from reader.core.textsafe import one_line, safe_text


class Progress:
    """``with Progress(err) as bar: bar.update(k, n, what); bar.say(line)``."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self._bar: Any = None
        self._task: Any = None
        if err.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
            from rich.progress import Progress as Bar

            console = Console(file=err, highlight=False, markup=False, emoji=False)
            self._bar = Bar(BarColumn(bar_width=24), MofNCompleteColumn(),
                            TextColumn("{task.description}", markup=False),
                            console=console, transient=True)

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task("", total=None)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def update(self, done: int, total: int, what: str) -> None:
        """*done* of *total*, working on *what*."""
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total,
                             description=one_line(what, 80))

    def say(self, message: str) -> None:
        """``reader: message`` (as :func:`reader.cli._common.say` writes it), above the bar,
        which stays at the bottom."""
        line = safe_text(f"reader: {message}", keep_newlines=False)
        if self._bar is not None:
            from rich.text import Text

            self._bar.console.print(Text(line), soft_wrap=True)
        else:
            print(line, file=self.err)
