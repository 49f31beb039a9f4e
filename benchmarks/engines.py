"""Both summarizer engines side by side: sumy's own classes vs reader's accelerated raters.

    python benchmarks/engines.py [--book PATH] [--sizes 300,1000,3000,all] [--algorithms ...]
                                 [--sumy-limit SECONDS]

For each size (the first N sentences of the book; "all" = the whole book) and algorithm, runs
the fast engine and then sumy's class on the same sentences and words, in one process, and
prints both times, the speed-up and whether the chosen sentences are identical. sumy is not
run where an earlier size already took longer than --sumy-limit (it is quadratic). Peak RSS
of the whole run is printed at the end (fast runs come first at every size).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_BOOK = ROOT.parent / "shared" / "eval" / "books" / "pride_and_prejudice_pg1342.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--book", default=str(DEFAULT_BOOK))
    ap.add_argument("--sizes", default="300,1000,3000,all")
    ap.add_argument("--algorithms", default="lexrank,lsa,textrank,luhn,sumbasic,reduction,kl")
    ap.add_argument("--sentences", type=int, default=5)
    ap.add_argument("--sumy-limit", type=float, default=60.0)
    ap.add_argument("--sumy-max", type=int, default=3000,
                    help="run sumy only up to this many sentences (it is quadratic or worse)")
    args = ap.parse_args()

    from reader.core.analysis import segment
    from reader.core.documents import load
    from reader.core.fast import clear_stem_cache
    from reader.core.summarize import summarize

    doc = load(args.book)
    spans, paras = segment(doc)
    # Warm imports (scipy, sumy) so the first timed run measures work, not imports.
    for algorithm in args.algorithms.split(","):
        for engine in ("fast", "sumy"):
            summarize(doc.text, spans[:20], algorithm=algorithm, count=2, engine=engine)
    eligible = [i for i, (s, e) in enumerate(spans) if not doc.in_boilerplate(s, e)]
    print(f"book: {Path(args.book).name}, {len(eligible)} sentences, summaries of "
          f"{args.sentences}")
    print(f"{'N':>6} {'algorithm':<10} {'fast s':>8} {'sumy s':>8} {'speed-up':>9}  same")
    too_slow: set[str] = set()
    for size in args.sizes.split(","):
        n = len(eligible) if size == "all" else min(int(size), len(eligible))
        chosen = eligible[:n]
        for algorithm in args.algorithms.split(","):
            clear_stem_cache()  # time the fast engine cold, as sumy (which caches nothing)
            t0 = time.perf_counter()
            fast = summarize(doc.text, spans, algorithm=algorithm, count=args.sentences,
                             title=doc.title, paragraphs=paras, eligible=chosen, engine="fast")
            tf = time.perf_counter() - t0
            if algorithm in too_slow or n > args.sumy_max:
                print(f"{n:>6} {algorithm:<10} {tf:8.3f} {'-':>8} {'-':>9}  (sumy skipped)",
                      flush=True)
                continue
            t0 = time.perf_counter()
            ref = summarize(doc.text, spans, algorithm=algorithm, count=args.sentences,
                            title=doc.title, paragraphs=paras, eligible=chosen, engine="sumy")
            ts = time.perf_counter() - t0
            if ts > args.sumy_limit:
                too_slow.add(algorithm)
            same = [p.index for p in fast] == [p.index for p in ref]
            print(f"{n:>6} {algorithm:<10} {tf:8.3f} {ts:8.2f} {ts / max(tf, 1e-9):8.0f}x  "
                  f"{'yes' if same else 'NO'}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
