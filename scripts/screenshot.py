"""Save SVG screenshots of the app for the README: ``python scripts/screenshot.py``.

Runs the real app headless at 140x42 on the bundled seed article and writes
``assets/reading.svg`` and ``assets/library.svg``.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["READER_DATA_DIR"] = os.path.join(tmp, "data")
        os.environ["READER_CONFIG_DIR"] = os.path.join(tmp, "config")
        os.environ["READER_CACHE_DIR"] = os.path.join(tmp, "cache")
        from reader.ui.app import ReaderApp
        from reader.ui.screens.reading import ReadingScreen

        seed = ROOT / "seeds" / "000_933dac8c70da918c.txt"
        app = ReaderApp([])
        async with app.run_test(size=(140, 42)) as pilot:
            await pilot.pause(0.5)
            app.save_screenshot(str(ROOT / "assets" / "library.svg"))
            app.open_document(str(seed), None)
            deadline = time.monotonic() + 30
            while not (isinstance(app.screen, ReadingScreen) and app.screen.analysis_done):
                if time.monotonic() > deadline:
                    raise SystemExit("analysis did not finish")
                await pilot.pause(0.1)
            await pilot.press("right_square_bracket", "right_square_bracket")
            await pilot.pause(0.3)
            app.save_screenshot(str(ROOT / "assets" / "reading.svg"))
    print("wrote assets/reading.svg and assets/library.svg")


if __name__ == "__main__":
    asyncio.run(main())
