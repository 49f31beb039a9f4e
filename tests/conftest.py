from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_933dac8c70da918c.txt"
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the real user directories."""
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("READER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", os.environ.get("HOME", str(tmp_path)))


# ------------------------------------------------------------------ Pilot helpers
SIZE = (160, 48)


async def wait_for(pilot, condition, timeout: float = 20.0) -> None:
    """Let the app run until *condition()* holds (workers answer asynchronously)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.05)


def notices(app) -> list:
    """The notifications the app has shown (Textual keeps them; read in this one place)."""
    return list(app._notifications)


def analysed(app) -> bool:
    from reader.ui.screens.reading import ReadingScreen

    screen = app.screen
    # ... and its text drawn (not held while its saved place is looked up).
    return (isinstance(screen, ReadingScreen) and screen.analysis_done and not screen.busy
            and not screen.article.held)


async def open_seed(pilot):
    """Wait for the reading screen and its analysis; returns the screen."""
    from reader.ui.screens.reading import ReadingScreen

    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReadingScreen))
    await wait_for(pilot, lambda: analysed(pilot.app))
    return pilot.app.screen


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def eval_path(*parts: str) -> Path:
    path = EVAL.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data not present: {path}")
    return path


def make_schema_1_store(path: Path) -> None:
    """An old (schema 1) store with one article and one bookmark: opening it migrates."""
    import sqlite3

    from reader.core.library.migrations import MIGRATIONS

    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    MIGRATIONS[0](conn)
    conn.execute("INSERT INTO articles (content_hash, source, title, created) "
                 "VALUES ('h', '/a.txt', 'Old', 1.0)")
    conn.execute("INSERT INTO marks (uid, article_id, kind, sentence, last_sentence, start, "
                 "end, text, created, updated) "
                 "VALUES ('u1', 1, 'bookmark', 2, 2, 10, 20, 'kept', 1, 1)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def library_ready(app) -> bool:
    """The library list is up: built, and the keys typed before it given to it."""
    from reader.ui.screens.library import LibraryScreen

    screen = app.screen
    return (isinstance(screen, LibraryScreen) and bool(screen.query("#articles"))
            and app._early_keys is None)
