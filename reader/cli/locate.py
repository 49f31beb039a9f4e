"""``reader locate``: where reader keeps its data, cache and config."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO


def run(argv: Sequence[str] = (), out: TextIO | None = None) -> int:
    argparse.ArgumentParser(prog="reader locate", description="Print where reader keeps its "
                            "data, cache and config.").parse_args(list(argv))
    from reader.core.paths import cache_dir, config_dir, data_dir

    out = out or sys.stdout
    print(f"data:   {data_dir()}", file=out)
    print(f"store:  {data_dir() / 'reader.db'}", file=out)
    print(f"cache:  {cache_dir()}", file=out)
    print(f"config: {config_dir() / 'config.toml'}", file=out)
    return 0
