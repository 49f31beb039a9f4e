"""Analysing the article named on the command line while the user interface starts.

``reader FILE`` spends its first fifth of a second importing Textual and building screens,
and the analysis (NLTK's Punkt, the sentences, the summary, then entities and quotes) would
otherwise start only after that, sharing one interpreter lock with the drawing. So before
Textual is imported, :func:`start` forks a child process that loads the file and analyses
it on the other core; it sends back, through a pipe, each stage of the analysis pipeline as
it is made (:mod:`reader.core.analysis.pipeline`: the document first, so a book's text is
shown while the rest is worked out). The reading screen takes them from :class:`Pending`
when they match its settings, and does the work itself otherwise (no fork on this system,
the child failed, the settings changed).

The child is this same program a moment after start-up (no thread exists yet when it is
forked); it never touches the terminal (its standard streams are ``/dev/null``), never
opens the store, and ends with ``os._exit``. Only what a child of ours wrote is unpickled.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import threading
from typing import Any

_HEADER = struct.Struct("!Q")


class Pending:
    """What the analysing child sends back, gathered by a thread as it arrives."""

    def __init__(self, source: str, pid: int, fd: int) -> None:
        self.source = source
        self.pid = pid
        self._fd = fd
        self._messages: list[Any] = []
        self._arrived = threading.Condition()
        self._done = False
        threading.Thread(target=self._gather, name="preanalysis", daemon=True).start()

    def _gather(self) -> None:
        try:
            with os.fdopen(self._fd, "rb") as pipe:
                while True:
                    head = pipe.read(_HEADER.size)
                    if len(head) < _HEADER.size:
                        break
                    (size,) = _HEADER.unpack(head)
                    body = pipe.read(size)
                    if len(body) < size:
                        break
                    message = pickle.loads(body)  # written by our own child
                    with self._arrived:
                        self._messages.append(message)
                        self._arrived.notify_all()
        except Exception:  # the screen then does the work itself
            pass
        finally:
            with self._arrived:
                self._done = True
                self._arrived.notify_all()
            self._reap()

    def _reap(self) -> None:
        try:
            os.waitpid(self.pid, 0)
        except (ChildProcessError, OSError):
            pass

    def get(self, stage: str, timeout: float = 30.0) -> Any | None:
        """The child's result for *stage* ("load", "sentences", "summary", "marks": see
        :mod:`reader.core.analysis.pipeline`), waiting for it; None if the child ended
        without sending it (or *timeout* passed)."""
        def found() -> Any | None:
            return next((m for m in self._messages if getattr(m, "stage", None) == stage),
                        None)

        with self._arrived:
            self._arrived.wait_for(lambda: found() is not None or self._done, timeout)
            return found()

    def cancel(self) -> None:
        """Stop the child (the app is leaving before it finished)."""
        if not self._done:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except OSError:
                pass


def start(source: str, settings: Any = None) -> Pending | None:
    """Fork a child analysing the file *source* with *settings* (the config's; the
    defaults when None); None where
    processes cannot be forked (Windows), or when ``READER_NO_PREANALYSIS`` is set."""
    if not hasattr(os, "fork") or os.environ.get("READER_NO_PREANALYSIS"):
        return None
    if threading.active_count() > 1:
        return None  # forking a process with threads is not safe
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child
        try:
            os.close(read_end)
            _quiet()
            _analyse(source, write_end, settings)
        finally:
            os._exit(0)
    os.close(write_end)
    return Pending(source, pid, read_end)


def _quiet() -> None:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _send(fd: int, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _analyse(source: str, fd: int, settings: Any = None) -> None:
    """Every stage of the pipeline, with *settings*, each sent as it is made."""
    from reader.core.analysis import Settings
    from reader.core.analysis.pipeline import stages
    from reader.core.sources import load

    for stage in stages(load(source), settings or Settings(), ("summary", "entities", "quotes",
                                                   "keyphrases")):
        _send(fd, stage)
