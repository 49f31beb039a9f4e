"""Train the entity recogniser's CRF and write it into the package.

Usage: python scripts/train_ner.py [TRAIN.jsonl] [--out PATH] [--iterations N]

TRAIN.jsonl defaults to ../shared/eval/conll2003_train.jsonl: CoNLL-2003's English training
split ("eng.train", 14,041 sentences in 946 documents; one JSON object a sentence with
``doc_id``, ``tokens`` and BIO ``tags``). Only that split is used; the dev split is for
choosing features and is never trained on. The same data and settings give the same model
(crfsuite's L-BFGS is deterministic and the input order is fixed).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.analysis import ner  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "conll2003_train.jsonl"
PARAMS = {
    "c1": 0.1,  # L1: drops useless features, keeps the model small
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}


def documents(path: Path) -> list[list[dict]]:
    docs: dict[int, list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                docs[row["doc_id"]].append(row)
    return [docs[k] for k in sorted(docs)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    ap.add_argument("--out", default=str(ner.MODEL_PATH))
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = ap.parse_args()

    import pycrfsuite

    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    lex = ner.lexicon()
    n_sent = 0
    for doc in documents(Path(args.data)):
        vocab = ner.lowercase_vocabulary(" ".join(t for s in doc for t in s["tokens"]))
        for sent in doc:
            if sent["tokens"] and sent["tokens"][0] != "-DOCSTART-":
                trainer.append(ner.sentence_features(sent["tokens"], vocab, lex), sent["tags"])
                n_sent += 1
    trainer.set_params({**PARAMS, "max_iterations": args.iterations})
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    size = out.stat().st_size / 1e6
    print(f"trained on {n_sent} sentences in {time.perf_counter() - t0:.0f} s -> {out} "
          f"({size:.1f} MB)")


if __name__ == "__main__":
    main()
