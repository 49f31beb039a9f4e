"""How the library copes with a 50,000-item feed: time to list it, and per filter keystroke.

    python benchmarks/big_feed.py [N]

Uses a temporary data directory; prints seconds (the UI must stay interactive: a keystroke
is answered in well under a second).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time


async def main(n: int) -> None:
    from reader.core.library import Store
    from reader.ui.app import ReaderApp
    from reader.ui.screens.library import LibraryScreen

    with Store() as store:
        store.feeds.add("http://127.0.0.1:9/big.xml", "Big feed")
        items = [{"guid": f"g{i}", "link": f"http://127.0.0.1:9/item/{i}",
                  "title": f"Item number {i} about {'harbour' if i % 7 else 'ferry'} news",
                  "published": f"2026-01-{1 + i % 28:02d}", "content": "<p>Text.</p>"}
                 for i in range(n)]
        store.feeds.add_items("http://127.0.0.1:9/big.xml", items)
    app = ReaderApp([])
    began = time.perf_counter()
    async with app.run_test(size=(160, 48)) as pilot:
        while not (isinstance(app.screen, LibraryScreen)
                   and sum(1 for e in app.screen.entries if e.feed) >= n):
            await pilot.pause(0.05)
        await pilot.pause()
        listed = time.perf_counter() - began
        screen = app.screen
        await pilot.press("slash")
        times = []
        for ch in "ferry":
            t = time.perf_counter()
            await pilot.press(ch)
            await pilot.pause()
            times.append(time.perf_counter() - t)
        await pilot.pause(0.3)
        t = time.perf_counter()
        screen.refilter()
        refilter = time.perf_counter() - t
        shown, matching = len(screen.shown_rows), screen.matching
    print(f"items: {n}; listed in {listed:.2f} s; keystrokes: "
          + ", ".join(f"{t:.2f}" for t in times) + f" s; one refilter {refilter:.2f} s; "
          f"'ferry' matches {matching}, rows shown {shown}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["READER_DATA_DIR"] = os.path.join(tmp, "data")
        os.environ["READER_CACHE_DIR"] = os.path.join(tmp, "cache")
        os.environ["READER_CONFIG_DIR"] = os.path.join(tmp, "config")
        asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000))
