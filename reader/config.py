"""The user's configuration (``config.toml`` in the config dir), read by the CLI and the
TUI alike, and the TUI's remembered state.

``config.toml``::

    [summary]
    algorithm = "lexrank"   # the default of 'reader summarize' and of the reading screen
    sentences = 5
    language = "english"

    [keys]
    # binding id = "key[,key...]"  (see the ? help screen for the ids)
    "reading.toggle_entities" = "E"
    "reading.next_summary" = "ctrl+n,right_square_bracket"

    [reading]
    max_width = 88     # the longest article line, centred in a wider pane; 0: no limit
    reflow = true      # join hard-wrapped lines (Project Gutenberg's) into paragraphs
    screen_reader = false  # the terminal's cursor on what has focus, no decorations

    [sync]
    folder = "~/Sync/reader"   # a folder synced between devices: 'reader sync' uses it

A bad file never stops the app: problems are collected and shown as notifications.
State (the chosen theme) is kept in ``state.json`` in the data dir, written atomically.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.atomic import write_atomic
from reader.core.paths import config_dir, data_dir, ensure_private_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


#: The article's default measure: a comfortable line for reading prose.
DEFAULT_MAX_WIDTH = 88


@dataclass
class Config:
    keymap: dict[str, str] = field(default_factory=dict)
    max_width: int | None = DEFAULT_MAX_WIDTH
    reflow: bool = True
    #: [reading] screen_reader: see reader.ui.accessibility.
    screen_reader: bool = False
    #: [summary]: None where the file says nothing (reader's own default then).
    algorithm: str | None = None
    sentences: int | None = None
    language: str | None = None
    #: [sync] folder: where 'reader sync' meets the other devices (None: not set).
    sync_folder: Path | None = None
    problems: list[str] = field(default_factory=list)
    path: Path | None = None

    def analysis_settings(self) -> Any:
        """The analysis settings this configuration asks for (a
        :class:`reader.core.analysis.Settings`)."""
        from reader.core.analysis import Settings

        changes = {k: v for k, v in (("algorithm", self.algorithm),
                                     ("sentences", self.sentences),
                                     ("language", self.language)) if v is not None}
        return Settings().with_(**changes)


def config_path() -> Path:
    return config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    config = Config(path=path)
    if not path.exists():
        return config
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        config.problems.append(f"Could not read {path}: {exc}")
        return config
    except tomllib.TOMLDecodeError as exc:
        config.problems.append(f"{path} is not valid TOML ({exc}); using the default keys.")
        return config
    _read_reading(data.get("reading", {}), config, path)
    _read_summary(data.get("summary", {}), config, path)
    _read_sync(data.get("sync", {}), config, path)
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        config.problems.append(f"{path}: [keys] must be a table of binding id = \"key\"")
        return config
    for binding_id, value in keys.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ",".join(value)
        if not isinstance(value, str) or not value.strip():
            config.problems.append(f"{path}: key for {binding_id!r} must be a string")
            continue
        config.keymap[str(binding_id)] = value.replace(" ", "")
    return config


def _read_reading(table: object, config: Config, path: Path) -> None:
    """The [reading] table: max_width (a whole number, 0 for none), reflow and
    screen_reader (true/false)."""
    if not isinstance(table, dict):
        config.problems.append(f"{path}: [reading] must be a table")
        return
    for name, value in table.items():
        if name == "max_width":
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000:
                config.max_width = value if value >= 20 else None
            else:
                config.problems.append(f"{path}: reading.max_width must be a whole number "
                                       "(0 for no limit, else at least 20)")
        elif name in ("reflow", "screen_reader"):
            if isinstance(value, bool):
                setattr(config, name, value)
            else:
                config.problems.append(f"{path}: reading.{name} must be true or false")
        else:
            config.problems.append(f"{path}: unknown setting reading.{name} "
                                   "(known: max_width, reflow, screen_reader)")


def _read_sync(table: object, config: Config, path: Path) -> None:
    """The [sync] table: folder (a path; ~ is the home folder)."""
    if not isinstance(table, dict):
        config.problems.append(f"{path}: [sync] must be a table")
        return
    for name, value in table.items():
        if name == "folder" and isinstance(value, str) and value.strip():
            config.sync_folder = Path(value.strip()).expanduser()
        elif name == "folder":
            config.problems.append(f"{path}: sync.folder must be a path")
        else:
            config.problems.append(f"{path}: unknown setting sync.{name} (known: folder)")


def _read_summary(table: object, config: Config, path: Path) -> None:
    """The [summary] table: algorithm, sentences, language."""
    from reader.core.analysis.summarize import ALGORITHMS, LANGUAGES

    if not isinstance(table, dict):
        config.problems.append(f"{path}: [summary] must be a table")
        return
    for name, value in table.items():
        if name == "algorithm":
            if isinstance(value, str) and value.lower() in ALGORITHMS:
                config.algorithm = value.lower()
            else:
                config.problems.append(f"{path}: summary.algorithm must be one of "
                                       f"{', '.join(ALGORITHMS)}")
        elif name == "sentences":
            if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000:
                config.sentences = value
            else:
                config.problems.append(f"{path}: summary.sentences must be a whole number "
                                       "from 1 to 1000")
        elif name == "language":
            if isinstance(value, str) and value.lower() in LANGUAGES:
                config.language = value.lower()
            else:
                config.problems.append(f"{path}: summary.language must be one of "
                                       f"{', '.join(LANGUAGES)}")
        else:
            config.problems.append(f"{path}: unknown setting summary.{name} "
                                   "(known: algorithm, sentences, language)")


def keymap_problems(keymap: dict[str, str],
                    bindings: Iterable[tuple[str, str, str]]) -> list[str]:
    """What is wrong with a key map, given every binding as ``(scope, id, keys)``: ids that
    do not exist, and keys that take over another binding's key in the same place (app-wide
    bindings count everywhere)."""
    rows = list(bindings)
    known = {binding_id for _, binding_id, _ in rows}
    problems = [f"unknown binding id {binding_id!r} in the [keys] table (? lists the ids)"
                for binding_id in keymap if binding_id not in known]
    effective = [(scope, bid, set(keymap.get(bid, keys).split(","))) for scope, bid, keys in rows]
    for scope, bid, keys in effective:
        if bid not in keymap:
            continue
        for other_scope, other, other_keys in effective:
            if other == bid or not (other_scope == scope or "App" in (scope, other_scope)):
                continue
            for key in sorted(keys & other_keys):
                problems.append(f"{bid!r} is set to {key!r}, which {other!r} also uses")
    return problems


def state_path() -> Path:
    return data_dir() / "state.json"


def load_state() -> dict[str, Any]:
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_state(state: dict[str, Any]) -> bool:
    """Write the state atomically (temp file + rename); returns False if it could not."""
    path = state_path()
    try:
        ensure_private_dir(path.parent)
        write_atomic(path, json.dumps(state, indent=2).encode("utf-8"), sync=True)
        return True
    except OSError:
        return False
