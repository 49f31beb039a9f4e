"""Time to first paint and to the summary: reader vs a bare one-widget Textual app.

    python benchmarks/startup.py [--runs 10] [--headless]

Each run is a fresh interpreter in a real pseudo-terminal (160x48, TERM=xterm-256color; the
parent drains the terminal's output as a terminal would), unless ``--headless``. The child
writes the wall-clock time of the event (first frame painted, library listed, summary shown)
to a file and exits; the parent subtracts the moment it spawned the child, so figures include
interpreter start-up and imports but not shutdown. Runs are interleaved; medians compared.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

_REPORT = """
def report():
    import os, time
    with open(os.environ["STARTUP_EVENT_FILE"], "w") as fh:
        fh.write(repr(time.time()))
"""

BARE = _REPORT + """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        report()
        self.exit()
Bare().run(headless=HEADLESS)
"""

# The first frame reader paints (its light splash), then exit before building the library.
READER = _REPORT + """
from reader.ui.app import ReaderApp
class Probe(ReaderApp):
    def _start(self):
        report()
        self.exit()
Probe([]).run(headless=HEADLESS)
"""

# Until the library lists the samples (its table filled from the loading worker).
READER_READY = _REPORT + """
from reader.ui.app import ReaderApp
from reader.ui.screens.library import LibraryScreen
class Probe(ReaderApp):
    def on_mount(self):
        self.set_interval(0.005, self.check)
    def check(self):
        s = self.screen
        if isinstance(s, LibraryScreen) and not s.is_loading and s.table.row_count:
            self.call_after_refresh(self.done)
    def done(self):
        report()
        self.exit()
Probe([]).run(headless=HEADLESS)
"""

# Until the seed article's summary is shown beside it (``reader seeds/000_...txt``), started
# as ``reader.cli.run_app`` starts it: the analysing child forked before Textual is imported.
READER_SUMMARY = _REPORT + """
import sys
from reader.core import preanalysis
pre = preanalysis.start(sys.argv[1])
from reader.ui.app import ReaderApp
from reader.ui.screens.reading import ReadingScreen
class Probe(ReaderApp):
    def on_mount(self):
        self.set_interval(0.005, self.check)
    def check(self):
        s = self.screen
        if isinstance(s, ReadingScreen) and s.is_mounted and s.analysis is not None:
            try:
                shown = bool(s.summary.indices)
            except Exception:
                return
            if shown:
                self.call_after_refresh(self.done)
    def done(self):
        report()
        self.exit()
Probe([sys.argv[1]], preanalysis=pre).run(headless=HEADLESS)
"""

# Until the first frame of ``reader SEED`` is painted with the article and its summary in it
# (the start-up child's results, shown before the interactive screen is built).
READER_FIRST_LOOK = _REPORT + """
import sys
from reader.core import preanalysis
pre = preanalysis.start(sys.argv[1])
from reader.ui.app import ReaderApp
class Probe(ReaderApp):
    def _start(self):
        if self.query("#first-look #summary"):
            report()
        self.exit()
Probe([sys.argv[1]], preanalysis=pre).run(headless=HEADLESS)
"""


def _drain(fd: int, proc: subprocess.Popen, limit: float = 60.0) -> None:
    """Read the terminal's output until the child exits (as a terminal emulator would)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:
                break
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)


def once(code: str, env: dict[str, str], headless: bool, *args: str) -> float:
    with tempfile.NamedTemporaryFile("r", suffix=".event", delete=False) as fh:
        event_file = fh.name
    env = dict(env, STARTUP_EVENT_FILE=event_file)
    code = code.replace("HEADLESS", "True" if headless else "False")
    t0 = time.time()
    if headless:
        subprocess.run([sys.executable, "-c", code, *args], check=True, env=env,
                       capture_output=True)
    else:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
        proc = subprocess.Popen([sys.executable, "-c", code, *args], env=env, stdin=slave,
                                stdout=slave, stderr=slave, start_new_session=True)
        os.close(slave)
        try:
            _drain(master, proc)
        finally:
            os.close(master)
    try:
        return float(Path(event_file).read_text() or "nan") - t0
    finally:
        os.unlink(event_file)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--headless", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, READER_DATA_DIR=tmp, READER_CONFIG_DIR=tmp, READER_CACHE_DIR=tmp,
                   TERM="xterm-256color", COLUMNS="160", LINES="48")
        # As Python runs for a user: compiled modules cached (__pycache__), which a sandbox's
        # PYTHONDONTWRITEBYTECODE=1 would otherwise turn off for reader's own modules only
        # (an editable install; the libraries were compiled when installed).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        seed = str(Path(__file__).resolve().parent.parent / "seeds" / "000_933dac8c70da918c.txt")
        once(BARE, env, args.headless), once(READER, env, args.headless)  # warm file caches
        once(READER_SUMMARY, env, args.headless, seed)  # and every module compiled
        bare, reader, ready, summary, look = [], [], [], [], []
        for _ in range(args.runs):
            bare.append(once(BARE, env, args.headless))
            reader.append(once(READER, env, args.headless))
            ready.append(once(READER_READY, env, args.headless))
            summary.append(once(READER_SUMMARY, env, args.headless, seed))
            look.append(once(READER_FIRST_LOOK, env, args.headless, seed))
    mb, mr, my, ms, ml = (statistics.median(x) for x in (bare, reader, ready, summary, look))
    where = "headless" if args.headless else "a pseudo-terminal, 160x48"
    print(f"runs: {args.runs} each, interleaved, in {where}")
    rows = [("bare Textual app, first paint", bare), ("reader, first paint", reader),
            ("reader, library listed", ready),
            ("reader SEED, first look painted", look),
            ("reader SEED, summary shown", summary)]
    for label, values in rows:
        print(f"{label:<32} median {statistics.median(values) * 1000:7.1f} ms"
              f"  (min {min(values) * 1000:.1f})")
    print(f"ratio first paint reader/bare: {mr / mb:.2f}")
    print(f"ratio library listed/bare first paint: {my / mb:.2f}")
    print(f"ratio first look (article + summary) painted/bare first paint: {ml / mb:.2f}")
    print(f"ratio summary shown (interactive screen)/bare first paint: {ms / mb:.2f}")


if __name__ == "__main__":
    main()
