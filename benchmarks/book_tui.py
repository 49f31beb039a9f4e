"""Open a whole book in the TUI and scroll through it (headless, 160x48).

    python benchmarks/book_tui.py [BOOK]   (default: ../shared/eval/books/moby_dick_pg2701.txt)

Prints when the first screen of text, the sentences, the summary and the entities arrive
(seconds from the moment the reading screen is opened) with an empty analysis cache, then
the time to page through the whole book with the page-down key and the time per page, then
the same arrival times when the book is opened again in a new app (analysis from the cache).
Data, config and cache dirs are temporary: the user's own are never touched.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "eval" / "books" / "moby_dick_pg2701.txt"


async def main(book: str) -> None:
    for var in ("READER_DATA_DIR", "READER_CONFIG_DIR", "READER_CACHE_DIR"):
        os.environ[var] = tempfile.mkdtemp()
    sys.path.insert(0, str(ROOT))
    from reader.ui.app import ReaderApp
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.screens.reading import ReadingScreen

    async def arrivals(app, pilot) -> None:
        while not isinstance(app.screen, LibraryScreen):
            await pilot.pause(0.01)
        t0 = time.perf_counter()
        app.open_document(book, None)
        seen: dict[str, float] = {}
        while True:
            s = app.screen
            now = time.perf_counter() - t0
            if isinstance(s, ReadingScreen) and s.is_mounted:
                if s.document is not None and s.article.line_count:
                    seen.setdefault("first screen of text", now)
                if s.analysis is not None:
                    seen.setdefault("sentences", now)
                if s.summary.indices:
                    seen.setdefault("summary", now)
                if s.analysis_done:
                    seen.setdefault("entities and quotes", now)
                    break
            if now > 120:
                break
            await pilot.pause(0.01)
        for k, v in seen.items():
            print(f"{k:<22} {v:6.2f} s")

    app = ReaderApp([])
    async with app.run_test(size=(160, 48)) as pilot:
        print("opened (empty analysis cache):")
        await arrivals(app, pilot)
        screen = app.screen
        view = screen.article
        screen.article.focus()
        pages = 0
        t1 = time.perf_counter()
        while view.scroll_offset.y < view.max_scroll_y and pages < 5000:
            await pilot.press("pagedown")
            pages += 1
        await pilot.pause()
        dt = time.perf_counter() - t1
        print(f"display lines          {view.line_count}")
        per_page = dt / max(1, pages) * 1000
        print(f"paged through          {pages} pages in {dt:.2f} s ({per_page:.1f} ms/page)")
        print(f"progress at end        {view.progress:.0%}")
    app = ReaderApp([])
    async with app.run_test(size=(160, 48)) as pilot:
        print("opened again (analysis from the cache):")
        await arrivals(app, pilot)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT)))
