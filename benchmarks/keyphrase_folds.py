"""How key phrases do on documents the weight was not chosen on: five folds over both dev sets.

Usage: python benchmarks/keyphrase_folds.py [--folds 5] [--weights 0,0.1,0.2,0.3,0.4,0.5]

``PART_WEIGHT`` (what an occurrence inside a longer run counts for) is the one number in
``reader.core.analysis.keyphrases``. For each fold this picks, among ``--weights``, the one
that beats both baselines by the most on the other folds' documents (the smaller of the two
margins: YAKE on Inspec abstracts, the most-frequent-words floor on KPCrowd news) and scores
it on the held-out documents. Prints F1@10 (the shared scorer's: Porter-stemmed exact match)
per weight on all documents, each fold's choice, and the held-out figures against the
baselines. Needs ``yake`` (``pip install yake``) for the abstracts' baseline.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(EVAL / "score"))

from eval_keyphrases import load, norm, tf, yake_sys  # noqa: E402

from reader.core.analysis import keyphrases as kp  # noqa: E402
from reader.core.analysis.sentences import split_sentences  # noqa: E402

SETS = {"inspec": "keyphrases_inspec_dev.jsonl", "kpcrowd": "keyphrases_kpcrowd_dev.jsonl"}
K = 10


def per_document(rows: list, preds: list[list[str]]) -> list[float]:
    """F1@K of each document, as ``eval_keyphrases.score`` counts it."""
    out = []
    for (_, _, keys), pred in zip(rows, preds, strict=True):
        seen: list[str] = []
        for x in pred:
            nx = norm(x)
            if nx and nx not in seen:
                seen.append(nx)
        hit = len(set(seen[:K]) & keys)
        p = hit / len(seen[:K]) if seen else 0.0
        r = hit / len(keys)
        out.append(2 * p * r / (p + r) if hit else 0.0)
    return out


def mean(xs: list[float]) -> float:
    return 100 * sum(xs) / len(xs) if xs else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--weights", default="0,0.1,0.2,0.3,0.4,0.5")
    args = ap.parse_args()
    weights = [float(w) for w in args.weights.split(",")]
    data = {name: load(str(EVAL / f), 0) for name, f in SETS.items()}
    sentences = {name: [split_sentences(t) for _, t, _ in rows] for name, rows in data.items()}
    base = {"inspec": per_document(data["inspec"], yake_sys(data["inspec"], K)),
            "kpcrowd": per_document(data["kpcrowd"], tf(data["kpcrowd"], K))}
    shipped = kp.PART_WEIGHT
    f1: dict[tuple[float, str], list[float]] = {}
    for w in weights:
        kp.PART_WEIGHT = w
        for name, rows in data.items():
            preds = [[k.text for k in kp.keyphrases(t, s, K)]
                     for (_, t, _), s in zip(rows, sentences[name], strict=True)]
            f1[(w, name)] = per_document(rows, preds)
        print(f"PART_WEIGHT {w:.2f}: " + "  ".join(
            f"{name} {mean(f1[(w, name)]):.1f}" for name in data))
    kp.PART_WEIGHT = shipped
    print("baselines: " + "  ".join(f"{name} {mean(base[name]):.1f}" for name in data)
          + "  (YAKE on inspec, the floor on kpcrowd)")
    rng = random.Random(1)
    folds = {}
    for name, rows in data.items():
        order = list(range(len(rows)))
        rng.shuffle(order)
        folds[name] = [set(order[i::args.folds]) for i in range(args.folds)]
    held = {name: [0.0] * len(rows) for name, rows in data.items()}
    for fold in range(args.folds):
        def margin(w: float, fold: int = fold) -> float:
            return min(mean([f1[(w, n)][i] - base[n][i] for i in range(len(data[n]))
                             if i not in folds[n][fold]]) for n in data)
        best = max(weights, key=margin)
        print(f"fold {fold}: chose {best:.2f} (margin on the other folds {margin(best):+.1f})")
        for name in data:
            for i in folds[name][fold]:
                held[name][i] = f1[(best, name)][i]
    print("held out: " + "  ".join(
        f"{name} {mean(held[name]):.1f} (baseline {mean(base[name]):.1f})" for name in data))


if __name__ == "__main__":
    main()
