"""Main-text extraction over HTTP: serve ``shared/eval/html`` on 127.0.0.1 and score
``reader analyze URL...`` against the gold text, side by side with trafilatura on the files.

    python benchmarks/web_html.py [--eval ../shared/eval]

Scoring is ``shared/eval/score/eval_html.py``'s (4-word shingles, per-page normalised
counts, mean precision and recall, F1 of the means).
"""

from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval"))
    args = ap.parse_args()
    folder = Path(args.eval) / "html"
    sys.path.insert(0, str(Path(args.eval) / "score"))
    from eval_html import score

    ids = sorted(p.stem for p in folder.glob("*.html"))
    golds = [(folder / f"{i}.txt").read_text(encoding="utf-8") for i in ids]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0),
                                functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        urls = [f"{base}/{i}.html" for i in ids]
        out = subprocess.run([sys.executable, "-m", "reader", "analyze", "--format", "jsonl",
                              *urls], capture_output=True, text=True, timeout=1800,
                             cwd=str(ROOT))
    finally:
        httpd.shutdown()
    by_url = {}
    for line in out.stdout.splitlines():
        row = json.loads(line)
        by_url[row["source"]] = row["text"]
    preds = [by_url.get(u, "") for u in urls]
    import trafilatura

    traf = [trafilatura.extract((folder / f"{i}.html").read_bytes()) or "" for i in ids]
    for name, p in (("trafilatura (files)", traf), ("reader (over HTTP)", preds)):
        prec, rec, f1 = score(golds, p)
        print(f"{name:22s} pages={len(ids)} P={prec:.3f} R={rec:.3f} F1={f1:.3f}")
    failed = [line for line in out.stderr.splitlines() if line.startswith("reader:")]
    print(f"pages reader could not open: {len(failed)}")
    for line in failed:
        print("  " + line)


if __name__ == "__main__":
    main()
