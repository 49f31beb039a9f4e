"""How the entity recogniser does on news it was not trained on: k-fold over CoNLL-2003 train.

Usage: python benchmarks/ner_folds.py [TRAIN.jsonl] [--folds 3]

Each fold trains a CRF (the shipped features and settings) on the other folds' documents and
scores reader's whole pipeline (CRF + rules + consistency) on the held-out documents with the
shared scorer (``../shared/eval/score/eval_entities.py``). Prints typed P/R/F1 per fold.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "shared" / "eval" / "score"))

from eval_entities import build_docs, score  # noqa: E402

from reader.core.analysis import entities, ner  # noqa: E402
from reader.core.analysis.sentences import split_sentences  # noqa: E402
from scripts.train_ner import PARAMS  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", nargs="?",
                    default=str(ROOT.parent / "shared" / "eval" / "conll2003_train.jsonl"))
    ap.add_argument("--folds", type=int, default=3)
    args = ap.parse_args()
    import pycrfsuite

    with open(args.data, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    doc_ids = sorted({r["doc_id"] for r in rows})
    lex = ner.lexicon()
    for k in range(args.folds):
        held = {d for i, d in enumerate(doc_ids) if i % args.folds == k}
        t0 = time.perf_counter()
        trainer = pycrfsuite.Trainer(verbose=False)
        by_doc: dict[int, list[dict]] = {}
        for r in rows:
            if r["doc_id"] not in held:
                by_doc.setdefault(r["doc_id"], []).append(r)
        for doc in by_doc.values():
            vocab = ner.lowercase_vocabulary(" ".join(t for s in doc for t in s["tokens"]))
            for s in doc:
                if s["tokens"] and s["tokens"][0] != "-DOCSTART-":
                    trainer.append(ner.sentence_features(s["tokens"], vocab, lex), s["tags"])
        trainer.set_params(PARAMS)
        with tempfile.TemporaryDirectory() as tmp:
            model = Path(tmp) / "fold.crfsuite"
            trainer.train(str(model))
            tagger = ner.Tagger(model)
            ner.tagger = lambda tagger=tagger: tagger  # type: ignore[assignment]
            docs = build_docs([r for r in rows if r["doc_id"] in held])
            preds = []
            for d in docs:
                found = entities.recognise(d["text"], split_sentences(d["text"]))
                preds.append([(e.start, e.end, e.label) for e in found])
        (p, r, f), _ = score(docs, preds)
        print(f"fold {k + 1}/{args.folds}: {len(docs)} held-out documents, typed P {p:.1f} "
              f"R {r:.1f} F1 {f:.1f} ({time.perf_counter() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
