"""Sync at scale: a library of 10,000 articles and 50,000 marks. Prints the seconds of the
first round (everything sent), of a round with nothing new, and of a new device merging
everything. Usage: python benchmarks/sync.py [ARTICLES] [MARKS]"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

from reader.core.library import Store
from reader.core.library.sync import sync_round


def fill(store: Store, articles: int, marks: int) -> None:
    now = time.time()
    with store.db.write() as w:
        for i in range(articles):
            w.execute("INSERT INTO articles (content_hash, source, title, created, state, "
                      "starred, tags) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (f"{i:064x}", f"/books/{i}.txt", f"Article {i}", now,
                       ("inbox", "later", "archived")[i % 3], i % 7 == 0,
                       json.dumps([f"t{i % 20}"])))
        for j in range(marks):
            w.execute("INSERT INTO marks (uid, article_id, kind, sentence, last_sentence, "
                      "start, end, text, note, tags, created, updated) VALUES "
                      "(?, ?, 'highlight', 1, 1, 10, 60, ?, ?, '[]', ?, ?)",
                      (uuid.uuid4().hex, j % articles + 1, f"passage {j} " * 5,
                       f"note {j}" if j % 3 == 0 else "", now, now))


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    marks = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        folder = base / "Sync"
        folder.mkdir()
        with Store(base / "one.db") as one:
            fill(one, articles, marks)
            t = time.perf_counter()
            sent = sync_round(one, folder).sent
            first = time.perf_counter() - t
            t = time.perf_counter()
            sync_round(one, folder)
            idle = time.perf_counter() - t
        with Store(base / "two.db") as two:
            t = time.perf_counter()
            report = sync_round(two, folder)
            merge = time.perf_counter() - t
        size = sum(p.stat().st_size for p in (folder / "reader-sync").iterdir())
    print(f"{articles:,} articles, {marks:,} marks: first round {first:.2f} s "
          f"({sent:,} records sent, journal {size / 1e6:.1f} MB); a round with nothing new "
          f"{idle:.2f} s; a new device merging everything {merge:.2f} s "
          f"({report.written:,} records written)")


if __name__ == "__main__":
    main()
