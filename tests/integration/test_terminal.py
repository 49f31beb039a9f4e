"""The app in a real pseudo-terminal: closing the terminal (SIGHUP) or SIGTERM at any moment
of start-up ends reader (and its start-up child) soon, saving the reading place."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from ..conftest import SEED

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32",
                                reason="needs POSIX pseudo-terminals")


class _Terminal:
    """The other side of the pty: reads what the app writes (as a terminal would), and can
    be closed like a terminal window (no read left holding the file open)."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.shown = bytearray()  # everything the app wrote
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        import select

        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.shown += data

    def wait_for(self, text: bytes, seconds: float) -> bool:
        """Whether the app writes *text* within *seconds* (from now on)."""
        start = len(self.shown)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.shown[max(0, start - len(text)):]:
                return True
            time.sleep(0.02)
        return False

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        os.close(self.master)


def _start(args: list[str]) -> tuple[int, _Terminal]:
    import pty

    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40")
    pid, master = pty.fork()
    if pid == 0:  # the child: becomes reader, the pty its controlling terminal
        try:
            os.execve(sys.executable, [sys.executable, "-m", "reader", *args], env)
        finally:
            os._exit(127)
    return pid, _Terminal(master)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(x) for x in task.read_text().split()]
        except OSError:
            pass
    return found


def _ended_within(pid: int, seconds: float) -> int | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.02)
    return None


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().split()[2] == "Z"  # exited, waiting to be reaped
    except OSError:
        return True


@pytest.mark.parametrize("how", ["hangup", "sigterm"])
@pytest.mark.parametrize("moment", [0.15, 0.35, 0.5, 0.8, 2.0])
def test_the_app_ends_soon_whenever_the_terminal_goes(how: str, moment: float) -> None:
    pid, term = _start([str(SEED)])
    time.sleep(moment)
    kids = _children(pid)
    try:
        if how == "hangup":
            term.close()  # the terminal window is closed
        else:
            os.kill(pid, signal.SIGTERM)
        status = _ended_within(pid, 4.0)
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        assert status is not None, f"still running 4 s after {how} at {moment} s"
        deadline = time.monotonic() + 4.0
        while not all(_gone(k) for k in kids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(_gone(k) for k in kids), "the start-up child outlived the app"
    finally:
        if how != "hangup":
            term.close()


def test_a_closed_terminal_saves_the_reading_place(tmp_path: Path) -> None:
    from reader.core.library import Library, Store

    pid, term = _start([str(SEED)])
    # Open (the reading screen's status line counts the sentences), not a fixed sleep: on a
    # busy machine start-up takes longer, and a G typed into nothing moves nothing.
    assert term.wait_for(b"sentences", 60)
    term.write(b"G")  # to the end of the article
    assert term.wait_for(b"100%", 20)  # there (the status line says so) ...
    term.close()  # ... and closed at once: sooner than a place is saved by itself
    assert _ended_within(pid, 4.0) is not None
    with Store() as store:
        (art,) = [a for a in Library(store).articles() if a.source == str(SEED.resolve())
                  or a.source == str(SEED)]
        assert art.progress > 0.5
