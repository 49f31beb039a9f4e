"""How long each part of a big book takes: load and chapters, sentences, the whole-book
summary, per-chapter summaries, key phrases, entities and quotes.

    python benchmarks/book_parts.py [BOOK]

Without BOOK, a *War and Peace*-sized book (3.2 MB) is made in a temporary folder from the
three books in ``../shared/eval/books/`` (Moby-Dick twice and Pride and Prejudice, their
licences left out, chapters renumbered in one sequence). Each part is timed once with an
empty analysis cache (temporary cache dir), in the order the reader runs them; then the
TUI's first screen of text is timed with ``benchmarks/book_tui.py``'s harness.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOKS = ROOT.parent / "shared" / "eval" / "books"


def make_big_book(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from reader.core.sources.files import load_file

    parts = []
    number = 0
    for name in ("moby_dick_pg2701.txt", "pride_and_prejudice_pg1342.txt",
                 "moby_dick_pg2701.txt"):
        doc = load_file(str(BOOKS / name))
        for start, end, _ in doc.chapters:
            body = doc.text[start:end].split("\n", 1)[1] if "\n" in doc.text[start:end] else ""
            number += 1
            parts.append(f"CHAPTER {number}.\n\n{body.strip()}\n")
    path = folder / "big_book.txt"
    path.write_text("A BIG BOOK\n\n\n" + "\n\n\n".join(parts), encoding="utf-8")
    return path


def timed(label: str, fn):
    t0 = time.perf_counter()
    result = fn()
    print(f"{label:<34} {time.perf_counter() - t0:6.2f} s")
    return result


def main() -> None:
    for var in ("READER_DATA_DIR", "READER_CONFIG_DIR", "READER_CACHE_DIR"):
        os.environ[var] = tempfile.mkdtemp()
    sys.path.insert(0, str(ROOT))
    folder = Path(tempfile.mkdtemp())
    book = Path(sys.argv[1]) if len(sys.argv) > 1 else make_big_book(folder)
    from reader.core.analysis import (
        Analysis,
        Settings,
        entities_and_quotes,
        segment,
        summarize_analysis,
        summarize_chapters,
    )
    from reader.core.analysis.keyphrases import keyphrases
    from reader.core.sources.files import load_file

    print(f"{book.name}: {book.stat().st_size / 1e6:.1f} MB")
    doc = timed("load and find chapters", lambda: load_file(str(book)))
    words = len(doc.text.split())
    print(f"  {len(doc.chapters)} chapters, {words:,} words")
    spans, paras = timed("sentences", lambda: segment(doc))
    print(f"  {len(spans):,} sentences")
    analysis = Analysis(doc, Settings(), spans, paras)
    timed("whole-book summary (auto)", lambda: summarize_analysis(analysis, Settings()))
    per = timed("per-chapter summaries (auto, 3)",
                lambda: summarize_chapters(analysis, Settings(sentences=3)))
    # The second Moby-Dick repeats the first word for word: the summaries leave out
    # sentences already given, so some of its chapters have none.
    print(f"  {sum(1 for p in per if p)} of {len(per)} chapters summarised")
    timed("key phrases (top 10)", lambda: keyphrases(doc.text, spans, top=10))
    timed("entities and quotes", lambda: entities_and_quotes(doc, spans))
    t0 = time.perf_counter()
    load_file(str(book))
    print(f"{'load again (what the TUI shows first)':<34} {time.perf_counter() - t0:6.2f} s")


if __name__ == "__main__":
    main()
