"""What the exports share: the report of what was written, dates, and text made inert."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from reader.core.textsafe import safe_text


@dataclass
class ExportReport:
    """What an export did: files written, unchanged, left alone or failed, and one line
    that says so (for ``reader export``)."""

    summary: str = ""
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, str]] = field(default_factory=list)  # (file, why it was not touched)
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (file, why it was not written)


def iso(stamp: float) -> str:
    """ISO 8601 in local time; "" for a stamp no calendar holds (an import's 10**14)."""
    try:
        return datetime.fromtimestamp(stamp, tz=timezone.utc).astimezone().isoformat(
            timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return ""


def no_controls(text: str) -> str:
    """Terminal controls (ESC, OSC, C1…) from titles and notes shown as visible symbols;
    newlines and tabs kept."""
    return "\t".join(safe_text(part) for part in text.split("\t"))
