"""Analysing the article named on the command line while the user interface starts.

``reader FILE`` spends its first fifth of a second importing Textual and building screens,
and the analysis (NLTK's Punkt, the sentences, the summary, then entities and quotes) would
otherwise start only after that, sharing one interpreter lock with the drawing. So before
Textual is imported, :func:`start` forks a child process that loads the file and analyses
it on the other core; it sends back, through a pipe, first the document (a book's text is
shown while the rest is worked out), then its sentences and summary, then its entities,
quotes and key phrases. The reading screen takes them from
:class:`Pending` when they match its settings, and does the work itself otherwise (no fork
on this system, the child failed, the settings changed).

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
from dataclasses import dataclass
from typing import Any

_HEADER = struct.Struct("!Q")


#: The messages, in the order they are sent (see :meth:`Pending.get`).
LOADED, SENTENCES, MARKS = 0, 1, 2


@dataclass
class Loaded:
    """The first message: the document."""

    document: Any  # reader.core.document.Document


@dataclass
class Sentences:
    """The second message: the sentences and the default summary."""

    settings: Any  # reader.core.analysis.Settings the summary was made with
    spans: list[tuple[int, int]]
    paragraphs: list[int]
    picks: list | None  # None: the summary failed in the child (the screen says why itself)


@dataclass
class Marks:
    """The third message: entities, quotations and key phrases."""

    entities: list
    quotes: list
    keyphrases: list


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

    def get(self, k: int, timeout: float = 30.0) -> Any | None:
        """Message *k* (:data:`LOADED`, :data:`SENTENCES`, :data:`MARKS`), waiting for it;
        None if the child ended without sending it (or *timeout* passed)."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self._messages) > k or self._done, timeout)
            return self._messages[k] if len(self._messages) > k else None

    def cancel(self) -> None:
        """Stop the child (the app is leaving before it finished)."""
        if not self._done:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except OSError:
                pass


def start(source: str) -> Pending | None:
    """Fork a child analysing the file *source* with the default settings; None where
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
            _analyse(source, write_end)
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


def _analyse(source: str, fd: int) -> None:
    from reader.core.analysis import (
        Analysis,
        Settings,
        entities_and_quotes,
        keyphrases_of,
        segment,
        summarize_analysis,
    )
    from reader.core.sources import load

    settings = Settings()
    doc = load(source)
    _send(fd, Loaded(doc))
    spans, paras = segment(doc, settings.language)
    try:
        picks = summarize_analysis(Analysis(doc, settings, spans, paras), settings)
    except Exception:
        picks = None
    _send(fd, Sentences(settings, spans, paras, picks))
    entities, quotes = entities_and_quotes(doc, spans, settings.language)
    keys = keyphrases_of(doc, spans, 12, settings.language)
    _send(fd, Marks(entities, quotes, keys))
