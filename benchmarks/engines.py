"""Both summarizer engines side by side: sumy's own classes vs reader's accelerated subclasses.

    python benchmarks/engines.py [--book PATH] [--sizes 300,1000,3000] [--algorithms ...]
    python benchmarks/engines.py --whole [--book PATH]

Sizes: for each N (the first N sentences of the book, boilerplate left out) one sumy document
is built from reader's sentences and its words are tokenized once; then, for each algorithm,
sumy's own class and reader's subclass are each called on that same document
(``summarizer(document, 5)``), configured as ``reader summarize`` configures them:

Times are the best of 5 calls for reader's classes and of 3 for sumy's where a call takes
under 2 s (one call otherwise), with the garbage collector paused during each call (as
``timeit`` does) for both.

* ``sumy s``  — sumy's class;
* ``cold s``  — reader's class with its per-process stem memo emptied first: every distinct
  word is stemmed (sumy's own classes stem every word occurrence, most of them twice);
* ``warm s``  — reader's class again, stems known (what the reader does after its first
  summary of a text, e.g. when you switch algorithm or length);
* ``same``    — ``yes``: the two classes returned the very same sentences; ``tie``: they
  differ only by sentences whose ratings are exactly equal (LSA past 300 sentences: reader
  gives an exact tie to the earlier sentence, sumy to whichever its SVD's rounding favours,
  which depends on Python's string-hash seed); ``NO`` otherwise.

Before each size, the time to stem that text's distinct words once with sumy's stemmer is
printed: a cold run of reader's classes cannot take less (they reuse sumy's stemmer), while
sumy's classes stem every occurrence (Luhn twice), which bounds the cold speed-up of the
algorithms whose sumy time is mostly stemming (Luhn, SumBasic).

sumy is skipped where an earlier size took longer than --sumy-limit (it is quadratic).

--whole: for each algorithm a fresh process loads the book, splits it and summarises it with
the fast engine end to end (``reader.core.analysis.summarize``; imports excluded; an empty analysis
cache, so the split is computed too) and reports its wall-clock time and the process's peak
RSS.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_BOOK = ROOT.parent / "shared" / "eval" / "books" / "pride_and_prejudice_pg1342.txt"
ALGORITHMS = "lexrank,lsa,textrank,luhn,sumbasic,reduction,kl,edmundson"


def _timed(summarizer, document, count, repeat: int = 1, before=None):
    """Best of *repeat* calls (``before`` runs untimed before each), and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        if before is not None:
            before()
        gc.collect()
        gc.disable()  # as timeit does: a collection of someone else's garbage is not work
        try:
            t0 = time.perf_counter()
            out = summarizer(document, count)
            best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
    return best, out


def sizes(args: argparse.Namespace) -> None:
    from reader.core.analysis import segment
    from reader.core.analysis.fast import clear_stem_cache
    from reader.core.analysis.summarize import (
        _capture_ratings,
        _stemmer,
        build_document,
        make_summarizer,
        words,
    )
    from reader.core.sources import load

    warnings.simplefilter("ignore")  # sumy's LSA warns when sentences outnumber words
    doc = load(args.book)
    spans, paras = segment(doc)
    eligible = [i for i, (s, e) in enumerate(spans) if not doc.in_boilerplate(s, e)]
    title_words = words(doc.title or "")
    stemmer = _stemmer("english")
    algorithms = args.algorithms.split(",")
    # Warm imports (scipy, sumy, numpy's linalg) so the timed runs measure work.
    small, _ = build_document(doc.text, [spans[i] for i in eligible[:20]],
                              [paras[i] for i in eligible[:20]], "english", doc.title)
    for algorithm in algorithms:
        for engine in ("fast", "sumy"):
            make_summarizer(algorithm, "english", title_words, engine)(small, 2)
    print(f"book: {Path(args.book).name}, {len(eligible)} sentences, summaries of "
          f"{args.sentences}")
    print(f"{'N':>6} {'algorithm':<10} {'sumy s':>8} {'cold s':>8} {'warm s':>8} "
          f"{'cold x':>7} {'warm x':>7}  same")
    too_slow: set[str] = set()
    for size in args.sizes.split(","):
        n = min(int(size), len(eligible))
        chosen = eligible[:n]
        document, _ = build_document(doc.text, [spans[i] for i in chosen],
                                     [paras[i] for i in chosen], "english", doc.title)
        _ = document.words  # tokenized once: both classes read the same cached words
        distinct = {w.lower() for w in document.words}
        t0 = time.perf_counter()
        for w in distinct:
            stemmer(w)
        floor = time.perf_counter() - t0
        print(f"{n:>6} (stemming the {len(distinct):,} distinct words once with sumy's "
              f"stemmer: {floor:.4f} s; {len(document.words):,} words in all)", flush=True)
        for algorithm in algorithms:
            fast = make_summarizer(algorithm, "english", title_words, "fast")
            cold, picked = _timed(fast, document, args.sentences, 5, before=clear_stem_cache)
            warm, _ = _timed(fast, document, args.sentences, 5)
            if algorithm in too_slow:
                print(f"{n:>6} {algorithm:<10} {'-':>8} {cold:8.4f} {warm:8.4f} "
                      f"{'-':>7} {'-':>7}  (sumy skipped)", flush=True)
                continue
            ref = make_summarizer(algorithm, "english", title_words, "sumy")
            ts, expected = _timed(ref, document, args.sentences)
            if ts < 2.0:  # cheap enough to take sumy's best of 3 as well
                ts = min(ts, _timed(ref, document, args.sentences, 2)[0])
            if ts > args.sumy_limit:
                too_slow.add(algorithm)
            same = "yes" if [id(s) for s in picked] == [id(s) for s in expected] else "NO"
            if same == "NO":
                # Differ only by sentences of equal rating (reader's, exact ties)?
                probe = make_summarizer(algorithm, "english", title_words, "fast")
                rating = _capture_ratings(probe)
                probe(document, args.sentences)
                if (sorted(rating[id(s)] for s in picked)
                        == sorted(rating[id(s)] for s in expected)):
                    same = "tie"
            print(f"{n:>6} {algorithm:<10} {ts:8.3f} {cold:8.4f} {warm:8.4f} "
                  f"{ts / cold:6.0f}x {ts / warm:6.0f}x  {same}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from reader.core.analysis import segment
from reader.core.sources import load
from reader.core.analysis.summarize import summarize
import reader.core.analysis.fast_sumy, scipy.sparse  # imports are not timed
t0 = time.perf_counter()
doc = load({book!r})
spans, paras = segment(doc)
t1 = time.perf_counter()
eligible = [i for i, (s, e) in enumerate(spans) if not doc.in_boilerplate(s, e)]
picks = summarize(doc.text, spans, algorithm={algorithm!r}, count=5, title=doc.title,
                  paragraphs=paras, eligible=eligible, engine="fast")
t2 = time.perf_counter()
print(json.dumps({{"sentences": len(eligible), "split": t1 - t0, "summary": t2 - t1,
                   "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def whole(args: argparse.Namespace) -> None:
    print(f"book: {Path(args.book).name} ({Path(args.book).stat().st_size / 1e6:.2f} MB), "
          "fast engine, a fresh process per algorithm")
    print(f"{'algorithm':<10} {'sentences':>9} {'split s':>8} {'summary s':>10} "
          f"{'total s':>8} {'peak RSS MB':>12}")
    for algorithm in args.algorithms.split(","):
        code = _CHILD.format(root=str(ROOT), book=str(args.book), algorithm=algorithm)
        with tempfile.TemporaryDirectory() as cache:  # cold: no analysis cache to reuse
            env = {**os.environ, "READER_CACHE_DIR": cache}
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True, env=env).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{algorithm:<10} {r['sentences']:>9} {r['split']:8.2f} {r['summary']:10.2f} "
              f"{r['split'] + r['summary']:8.2f} {r['rss']:12.0f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--book", default=str(DEFAULT_BOOK))
    ap.add_argument("--sizes", default="300,1000,3000")
    ap.add_argument("--algorithms", default=ALGORITHMS)
    ap.add_argument("--sentences", type=int, default=5)
    ap.add_argument("--sumy-limit", type=float, default=60.0)
    ap.add_argument("--whole", action="store_true",
                    help="time the whole book per algorithm in fresh processes instead")
    args = ap.parse_args()
    (whole if args.whole else sizes)(args)


if __name__ == "__main__":
    main()
