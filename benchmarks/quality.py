"""Quality tables: ROUGE of every summarizer on CNN/DailyMail and entity F1 on CoNLL-2003.

    python benchmarks/quality.py [--eval ../shared/eval] [--k 3] [--skip-slow]

ROUGE is computed exactly as ``shared/eval/score/eval_summaries.py`` does (rouge-score,
stemmed, R1/R2/summary-level RL F1 x100, k sentences), with reader's own sentence splitter
for every system, so rows differ only by how sentences are chosen. The entity row runs
``shared/eval/score/eval_entities.py`` (typed and span F1, MISC left out) on reader's CLI.
Needs ``rouge-score`` installed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rouge_table(data: Path, k: int, algorithms: list[str]) -> None:
    from rouge_score import rouge_scorer

    from reader.core.analysis import Analysis, Settings, segment, summarize_analysis
    from reader.core.sources.files import document_from_bytes

    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    prepared = []
    for row in rows:
        doc = document_from_bytes(row["article"].encode("utf-8"), "article.txt", ".txt")
        spans, paras = segment(doc)
        prepared.append((row, Analysis(doc, Settings(sentences=k), spans, paras)))
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    print(f"ROUGE F1 x100 on {len(rows)} CNN/DailyMail articles, {k} sentences")
    print(f"{'system':<12} {'R1':>6} {'R2':>6} {'RL':>6}  {'= lead':>7}  {'s/article':>9}")
    for algorithm in algorithms:
        totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeLsum": 0.0}
        same_as_lead = 0
        t0 = time.perf_counter()
        for row, analysis in prepared:
            picks = summarize_analysis(analysis, Settings(algorithm=algorithm, sentences=k))
            idx = [p.index for p in picks]
            same_as_lead += idx == analysis.eligible[:k]
            text = analysis.document.text
            summary = [text[analysis.sentences[i][0]:analysis.sentences[i][1]] for i in idx]
            scores = scorer.score("\n".join(row["highlights"]), "\n".join(summary))
            for key in totals:
                totals[key] += scores[key].fmeasure
        n = len(prepared)
        dt = (time.perf_counter() - t0) / n
        print(f"{algorithm:<12} {100 * totals['rouge1'] / n:6.2f} {100 * totals['rouge2'] / n:6.2f}"
              f" {100 * totals['rougeLsum'] / n:6.2f}  {same_as_lead:>3}/{n:<3}  {dt:9.3f}",
              flush=True)


def entity_table(data: Path, score_dir: Path) -> None:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, str(score_dir / "eval_entities.py"), str(data),
                          "--systems", "caps,reader"], capture_output=True, text=True, env=env)
    print(f"\nEntities on CoNLL-2003 dev ({time.perf_counter() - t0:.1f} s including start-up)")
    print(out.stdout.strip() or out.stderr.strip()[-2000:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--skip-slow", action="store_true", help="leave out KL-Sum")
    args = ap.parse_args()
    ev = Path(args.eval)
    algorithms = ["lead", "auto", "lexrank", "lsa", "luhn", "textrank", "sumbasic",
                  "reduction", "edmundson", "kl"]
    if args.skip_slow:
        algorithms.remove("kl")
    rouge_table(ev / "cnndm_dev.jsonl", args.k, algorithms)
    entity_table(ev / "conll2003_dev.jsonl", ev / "score")


if __name__ == "__main__":
    main()
