"""reader's own export: every article, mark, note and place as JSON, re-importable
(``reader export json``; also ``reader bookmarks export --format json``)."""

from __future__ import annotations

from typing import TextIO

from reader.core.interop.exports.common import ExportReport
from reader.core.library.service import Library
from reader.core.textsafe import dumps

HELP = "reader's own export (re-importable) on stdout"
ARGUMENT = None


def run(library: Library, destination: str | None, out: TextIO) -> ExportReport:
    out.write(dumps(library.store.transfer.export_data(), indent=2) + "\n")
    return ExportReport()
