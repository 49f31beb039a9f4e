"""Every target ``reader export`` writes to: :data:`EXPORTS`, by name. A new target is one
module here — ``HELP``, ``ARGUMENT`` (metavar and help of its destination, or None for
stdout) and ``run(library, destination, out) -> ExportReport`` — and one entry."""

from __future__ import annotations

from types import ModuleType

from reader.core.interop.exports import json, markdown, obsidian, readwise, w3c

#: Every export target, by the name ``reader export`` knows it by.
EXPORTS: dict[str, ModuleType] = {
    "obsidian": obsidian, "readwise": readwise, "markdown": markdown, "json": json,
    "annotations": w3c,
}
