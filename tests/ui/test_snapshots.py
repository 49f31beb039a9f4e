"""SVG snapshots at a fixed terminal size (pytest-textual-snapshot).

Update after an intended visual change with ``pytest tests/ui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from reader.ui.app import ReaderApp
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.reading import ReadingScreen

from ..conftest import SEED, analysed, wait_for


def still(app: ReaderApp) -> ReaderApp:
    """No animations: the tab underline slides in, and a busy machine caught it mid-way."""
    app.animation_level = "none"
    return app

SIZE = (140, 42)


@pytest.fixture(autouse=True)
def _stable_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    # The help screen prints the config path: keep it the same on every machine.
    monkeypatch.setenv("READER_CONFIG_DIR", "/home/user/.config/reader")



def test_library_snapshot(snap_compare) -> None:
    async def ready(pilot) -> None:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen)
                       and not pilot.app.screen.is_loading)
        await pilot.pause()

    assert snap_compare(still(ReaderApp([])), terminal_size=SIZE, run_before=ready)


def test_reading_snapshot_all_layers(snap_compare) -> None:
    async def ready(pilot) -> None:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReadingScreen))
        await wait_for(pilot, lambda: analysed(pilot.app))
        await pilot.press("slash", *"Ukraine", "enter")
        await wait_for(pilot, lambda: pilot.app.screen.finder.index == 0)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: pilot.app.screen.article.marks.current is not None)
        await pilot.pause(0.3)

    assert snap_compare(still(ReaderApp([str(SEED)])), terminal_size=SIZE, run_before=ready)


def test_help_snapshot(snap_compare) -> None:
    async def ready(pilot) -> None:
        await wait_for(pilot, lambda: analysed(pilot.app))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "HelpScreen")
        await pilot.pause(0.3)

    assert snap_compare(still(ReaderApp([str(SEED)])), terminal_size=SIZE, run_before=ready)
