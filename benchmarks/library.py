"""The library at 10,000 articles: indexing, store size, search speed, first rows and memory.

    python benchmarks/library.py [--articles 10000] [--queries 50] [--cli-queries 50] [--runs 5]

Builds a library in a temporary data directory from the evaluation data in ``../shared/eval/``
(CNN/DailyMail and PolNeAR news articles, CoNLL-2003 Reuters stories, the web pages' texts,
and the three books cut into chapter-sized parts), cycling through them until there are
``--articles`` (a copy gets a line of its own so that every article is distinct); a tenth are
tagged, some starred, some archived, some half read. Then prints:

* indexing time (articles a second) and the store's size on disk;
* in-process query time, median and p95 over ``--queries`` queries of each kind: one word, a
  two-word phrase taken from the texts, a tag filter, and all combined with ``is:unread``;
* ``reader search`` wall time (a fresh process per query, as a user runs it), median and p95;
* the TUI's time to its first rows and its peak RSS, for a library of 10 articles and for the
  large one: each a fresh ``reader`` in a pseudo-terminal (160x48), medians over ``--runs``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVAL = HERE.parent.parent / "shared" / "eval"
sys.path.insert(0, str(HERE))

from startup import once  # noqa: E402  (the pseudo-terminal harness)

TAGS = ["politics", "science", "sport", "books", "longread", "work", "to-read", "climate"]

# A reader in a pseudo-terminal until the library shows its first rows; then its peak RSS.
FIRST_ROWS = """
import os, time
from reader.ui.app import ReaderApp
from reader.ui.screens.library import LibraryScreen
class Probe(ReaderApp):
    def on_mount(self):
        super().on_mount()
        self.set_interval(0.005, self.check)
    def check(self):
        s = self.screen
        if isinstance(s, LibraryScreen) and not s.is_loading and s.table.row_count:
            self.call_after_refresh(self.done)
    def done(self):
        rss = 0
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    rss = int(line.split()[1])
        with open(os.environ["STARTUP_EVENT_FILE"], "w") as fh:
            fh.write(repr(time.time()))
        with open(os.environ["STARTUP_RSS_FILE"], "w") as fh:
            fh.write(str(rss))
        self.exit()
Probe([]).run(headless=HEADLESS)
"""


def texts() -> list[tuple[str, str]]:
    """(title, text) of every distinct article in the evaluation data."""
    out: list[tuple[str, str]] = []
    for line in (EVAL / "cnndm_dev.jsonl").read_text(encoding="utf-8").splitlines():
        art = json.loads(line)["article"]
        out.append((art.split(".")[0][:90], art))
    for line in (EVAL / "polnear_dev.jsonl").read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        out.append((text.split("\n")[0][:90], text))
    docs: dict[int, list[str]] = {}
    for line in (EVAL / "conll2003_train.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        docs.setdefault(row["doc_id"], []).append(" ".join(row["tokens"]))
    for sents in docs.values():
        if len(sents) > 3:
            out.append((sents[0][:90].title(), "\n".join(sents)))
    for path in sorted((EVAL / "html").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append((text.strip().split("\n")[0][:90], text))
    for path in sorted((EVAL / "books").glob("*.txt")):
        book = path.read_text(encoding="utf-8")
        words = book.split()
        for k in range(0, len(words), 4000):
            out.append((f"{path.stem} part {k // 4000 + 1}", " ".join(words[k:k + 4000])))
    return out


def build(data: Path, n: int, rng: random.Random) -> tuple[float, int]:
    """A library of *n* articles in *data*; returns (seconds, bytes on disk)."""
    os.environ["READER_DATA_DIR"] = str(data)
    from reader.core.document import Document
    from reader.core.library import Library

    base = texts()
    t0 = time.perf_counter()
    lib = Library.open(data / "reader.db")
    ids = []
    for i in range(n):
        title, text = base[i % len(base)]
        if i >= len(base):
            text = f"Copy {i // len(base)} of this article.\n\n{text}"
        doc = Document(text=text, title=title, source=f"/bench/{i:05}.txt",
                       meta={"path": f"/bench/{i:05}.txt"})
        ids.append(lib.register(doc, doc.source).id)
    for i in ids:
        if rng.random() < 0.1:
            lib.tag([i], add=rng.sample(TAGS, 2))
        if rng.random() < 0.05:
            lib.set_starred([i])
        if rng.random() < 0.2:
            lib.set_state([i], rng.choice(["later", "archived"]))
        if rng.random() < 0.1:
            art = lib.article(i)
            assert art is not None
            lib.store.articles.set_position(art, 0, 0.5)
    seconds = time.perf_counter() - t0
    lib.close()
    size = sum(p.stat().st_size for p in data.glob("reader.db*"))
    return seconds, size


def queries(rng: random.Random, k: int) -> dict[str, list[str]]:
    base = texts()
    words: list[str] = []
    phrases: list[str] = []
    for _, text in rng.sample(base, 200):
        tokens = re.findall(r"\w+", text)
        pairs = [(a, b) for a, b in itertools.pairwise(tokens)
                 if len(a) > 3 and len(b) > 3 and a.isalpha() and b.isalpha()]
        if pairs:
            a, b = rng.choice(pairs)
            words.append(a.lower())
            phrases.append(f'"{a} {b}"')  # two words next to each other in a text
    return {
        "word": [rng.choice(words) for _ in range(k)],
        "phrase": [rng.choice(phrases) for _ in range(k)],
        "tag filter": [f"tag:{rng.choice(TAGS)}" for _ in range(k)],
        "combined": [f"{rng.choice(words)} tag:{rng.choice(TAGS)} is:unread" for _ in range(k)],
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def first_rows(env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median seconds to the first rows and median peak RSS (MB) of a fresh reader."""
    times, rss = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            rss_file = Path(tmp) / "rss"
            times.append(once(FIRST_ROWS, dict(env, STARTUP_RSS_FILE=str(rss_file)), False))
            rss.append(int(rss_file.read_text()) / 1024)
    return statistics.median(times), statistics.median(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--cli-queries", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        seconds, size = build(big, args.articles, rng)
        print(f"indexing {args.articles:,} articles: {seconds:.1f} s "
              f"({args.articles / seconds:,.0f} a second); store {size / 1e6:.1f} MB")
        build(small, 10, rng)

        from reader.core.library import Library

        lib = Library.open(big / "reader.db")
        asked = queries(rng, args.queries)
        print(f"\nin-process search ({args.queries} queries of each kind, limit 20):")
        for kind, qs in asked.items():
            times, hits = [], 0
            for q in qs:
                t0 = time.perf_counter()
                hits += len(lib.search(q, 20))
                times.append(time.perf_counter() - t0)
            print(f"  {kind:<11} median {statistics.median(times) * 1000:6.1f} ms   "
                  f"p95 {percentile(times, 95) * 1000:6.1f} ms   ({hits / len(qs):.1f} hits)")
        lib.close()

        env = dict(os.environ, READER_DATA_DIR=str(big), READER_CACHE_DIR=tmp,
                   READER_CONFIG_DIR=tmp, TERM="xterm-256color", COLUMNS="160", LINES="48")
        print(f"\n'reader search' wall time ({args.cli_queries} queries of each kind, "
              "a fresh process each):")
        for kind, qs in asked.items():
            times = []
            for q in qs[: args.cli_queries]:
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "reader", "search", q], env=env,
                               check=True, capture_output=True)
                times.append(time.perf_counter() - t0)
            print(f"  {kind:<11} median {statistics.median(times):.2f} s   "
                  f"p95 {percentile(times, 95):.2f} s")

        print(f"\nTUI, a fresh reader in a pseudo-terminal 160x48 (median of {args.runs}):")
        results = {}
        for label, data in (("10", small), (f"{args.articles:,}", big)):
            env_n = dict(env, READER_DATA_DIR=str(data))
            first_rows(env_n, 1)  # warm the file caches (and add the samples)
            results[label] = first_rows(env_n, args.runs)
            t, rss = results[label]
            print(f"  {label:>6} articles: first rows {t * 1000:6.0f} ms   peak RSS {rss:6.1f} MB")
        (t10, r10), (tbig, rbig) = results.values()
        print(f"  ratio first rows {tbig / t10:.2f}x   ratio peak RSS {rbig / r10:.2f}x")


if __name__ == "__main__":
    main()
