"""The default summary against Lead-3 on each fold of the CNN/DailyMail dev set.

    python benchmarks/summary_folds.py [DATA.jsonl] [--k 3]

Prints ROUGE-1 / ROUGE-Lsum F1 x100 (rouge-score, stemmed, as ``eval_summaries.py``) per fold
for: ``lead`` as the shared scorer computes it (its own sentence splitter), reader's ``lead``
(reader's splitter) and reader's default ``auto``. Folds two ways: articles i mod 3, and
contiguous thirds. Needs ``rouge-score`` and ``../shared/eval``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(SCORE))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", nargs="?", default=str(SCORE.parent / "cnndm_dev.jsonl"))
    ap.add_argument("--k", type=int, default=3)
    args = ap.parse_args()
    from rouge_score import rouge_scorer
    from sumy_speed import OfflineTokenizer

    from reader.core.analysis import Analysis, Settings, segment, summarize_analysis
    from reader.core.sources.files import document_from_bytes

    with open(args.data, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rougeLsum"], use_stemmer=True)
    tok = OfflineTokenizer()
    systems: dict[str, list[tuple[float, float]]] = {"lead (scorer)": [], "lead": [], "auto": []}
    for row in rows:
        ref = "\n".join(row["highlights"])

        def rouge(sentences: list[str], ref: str = ref) -> tuple[float, float]:
            s = scorer.score(ref, "\n".join(sentences))
            return 100 * s["rouge1"].fmeasure, 100 * s["rougeLsum"].fmeasure

        systems["lead (scorer)"].append(rouge(tok.to_sentences(row["article"])[: args.k]))
        doc = document_from_bytes(row["article"].encode("utf-8"), "article.txt", ".txt")
        spans, paras = segment(doc)
        analysis = Analysis(doc, Settings(sentences=args.k), spans, paras)
        text = doc.text
        for name in ("lead", "auto"):
            picks = summarize_analysis(analysis, Settings(algorithm=name, sentences=args.k))
            systems[name].append(rouge([text[spans[p.index][0]:spans[p.index][1]]
                                        for p in picks]))
    n = len(rows)
    folds = {"i mod 3": [[i for i in range(n) if i % 3 == f] for f in range(3)],
             "thirds": [[i for i in range(n) if i * 3 // n == f] for f in range(3)]}
    print(f"R1/RL F1 x100, {n} articles, {args.k} sentences")
    for how, parts in folds.items():
        print(f"folds: {how}")
        for name, scores in systems.items():
            cells = []
            for part in parts:
                r1 = sum(scores[i][0] for i in part) / len(part)
                rl = sum(scores[i][1] for i in part) / len(part)
                cells.append(f"{r1:6.2f}/{rl:5.2f}")
            print(f"  {name:<14}" + "  ".join(cells))
    for name, scores in systems.items():
        print(f"all {name:<14}{sum(s[0] for s in scores) / n:6.2f}/"
              f"{sum(s[1] for s in scores) / n:5.2f}")


if __name__ == "__main__":
    main()
