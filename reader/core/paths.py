"""Where reader keeps its files. Environment variables override the platform defaults."""

from __future__ import annotations

import os
from pathlib import Path

APP = "reader"


def _dir(env: str, default: str) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser() if value else Path(default)


def data_dir() -> Path:
    """User data (bookmarks, notes, reading positions): ``READER_DATA_DIR`` overrides."""
    from platformdirs import user_data_dir

    return _dir("READER_DATA_DIR", user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """Analysis cache: ``READER_CACHE_DIR`` overrides."""
    from platformdirs import user_cache_dir

    return _dir("READER_CACHE_DIR", user_cache_dir(APP, appauthor=False))


def config_dir() -> Path:
    """Settings and key bindings (``config.toml``): ``READER_CONFIG_DIR`` overrides."""
    from platformdirs import user_config_dir

    return _dir("READER_CONFIG_DIR", user_config_dir(APP, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create *path* (and parents) readable by the user only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    return path
