"""Time to first paint: reader's library vs a bare one-widget Textual app, side by side.

    python benchmarks/startup.py [--runs 15]

Each run is a fresh interpreter (headless); the child prints the wall-clock time of the event
(first frame painted, library listed, summary shown) and the parent subtracts the moment it
spawned the child, so figures include interpreter start-up and imports but not shutdown.
Runs are interleaved and medians compared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        import time
        print("EVENT", time.time(), flush=True)
        self.exit()
Bare().run(headless=True)
"""

# The first frame reader paints (its light splash), then exit before building the library.
READER = """
from reader.ui.app import ReaderApp
class Probe(ReaderApp):
    def _start(self):
        import time
        print("EVENT", time.time(), flush=True)
        self.exit()
Probe([]).run(headless=True)
"""

# Until the library lists the samples (its table filled from the loading worker).
READER_READY = """
from reader.ui.app import ReaderApp
from reader.ui.library import LibraryScreen
class Probe(ReaderApp):
    def on_mount(self):
        self.set_interval(0.005, self.check)
    def check(self):
        s = self.screen
        if isinstance(s, LibraryScreen) and not s.is_loading and s.table.row_count:
            self.call_after_refresh(self.done)
    def done(self):
        import time
        print("EVENT", time.time(), flush=True)
        self.exit()
Probe([]).run(headless=True)
"""


# Until the seed article's summary is shown beside it (``reader seeds/000_...txt``).
READER_SUMMARY = """
import sys
from reader.ui.app import ReaderApp
from reader.ui.reading import ReadingScreen
class Probe(ReaderApp):
    def on_mount(self):
        self.set_interval(0.005, self.check)
    def check(self):
        s = self.screen
        if isinstance(s, ReadingScreen) and s.summary_indices:
            self.call_after_refresh(self.done)
    def done(self):
        import time
        print("EVENT", time.time(), flush=True)
        self.exit()
Probe([sys.argv[1]]).run(headless=True)
"""


def once(code: str, env: dict[str, str], *args: str) -> float:
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, env=env,
                         capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("EVENT "):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"no event reported: {out.stdout[-300:]} {out.stderr[-300:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, READER_DATA_DIR=tmp, READER_CONFIG_DIR=tmp, READER_CACHE_DIR=tmp)
        once(BARE, env), once(READER, env)  # warm the file cache
        seed = str(Path(__file__).resolve().parent.parent / "seeds" / "000_933dac8c70da918c.txt")
        bare, reader, ready, summary = [], [], [], []
        for _ in range(args.runs):
            bare.append(once(BARE, env))
            reader.append(once(READER, env))
            ready.append(once(READER_READY, env))
            summary.append(once(READER_SUMMARY, env, seed))
    mb, mr, my, ms = (statistics.median(x) for x in (bare, reader, ready, summary))
    print(f"runs: {args.runs} each, interleaved")
    rows = [("bare Textual app, first paint", bare), ("reader, first paint", reader),
            ("reader, library listed", ready), ("reader SEED, summary shown", summary)]
    for label, values in rows:
        print(f"{label:<32} median {statistics.median(values) * 1000:7.1f} ms"
              f"  (min {min(values) * 1000:.1f})")
    print(f"ratio first paint reader/bare: {mr / mb:.2f}")
    print(f"summary shown after reader's first paint: {(ms - mr) * 1000:.0f} ms (medians)")
    print(f"ratio library listed/bare first paint: {my / mb:.2f}")


if __name__ == "__main__":
    main()
