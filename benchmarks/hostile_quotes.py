"""How the quotation finder copes with hostile paragraphs: one paragraph of N apostrophes
that open nothing (" 'word 'word …"), and one of N single-quoted quotations.

    python benchmarks/hostile_quotes.py [--sizes 2000,8000,80000]

Prints the seconds for each size; the time should grow with the size, not its square (a
single mark that may open a quotation is checked against the paragraph's closing marks
worked out once, not by scanning the rest of the paragraph again).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.analysis.quotes import find_quote_spans


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="2000,8000,80000")
    args = ap.parse_args()
    for n in (int(x) for x in args.sizes.split(",")):
        for label, text in (("apostrophes", " 'word" * n + "\n"),
                            ("quotations", "'Yes, ' he said, 'it is.' " * (n // 4) + "\n")):
            t0 = time.perf_counter()
            spans = find_quote_spans(text)
            print(f"{label:12s} {len(text):>9,} characters  {len(spans):>6,} quotations  "
                  f"{time.perf_counter() - t0:6.2f} s")


if __name__ == "__main__":
    main()
