"""Every export format ``reader import`` reads: :data:`FORMATS`, by name. A new format is
one module here (``HELP`` and ``parse(text) -> list[Saved]``) and one entry. Reading never
writes anywhere; reading is bounded (zips, highlights, fields)."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.interop.bundle import folder_bundle, zip_bundle
from reader.core.interop.formats import bookmarks, instapaper, omnivore, pocket, wallabag
from reader.core.interop.saved import MAX_PART, ImportFormatError, Saved, capped, text_of
from reader.core.urls import is_url


@dataclass(frozen=True)
class Format:
    """One export format: how to read its text, and what ``reader import --help`` says."""

    parse: Callable[[str], list[Saved]]
    help: str


#: Every format ``reader import`` reads, by name.
FORMATS: dict[str, Format] = {
    name: Format(module.parse, module.HELP)
    for name, module in (("pocket", pocket), ("instapaper", instapaper),
                         ("wallabag", wallabag), ("omnivore", omnivore),
                         ("bookmarks", bookmarks))
}


def parse(fmt: str, data: bytes) -> list[Saved]:
    """The items of an export file in *fmt* (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ImportFormatError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    text = text_of(data)
    try:
        items = FORMATS[fmt].parse(text)
    except RecursionError:
        raise ImportFormatError(f"not a {fmt} export (nested too deeply to read)") from None
    except (ValueError, KeyError, TypeError, AttributeError, csv.Error) as exc:
        raise ImportFormatError(f"not a {fmt} export ({exc})") from None
    return capped([i for i in items if is_url(i.url)])


def load_export(fmt: str, source: str) -> list[Saved]:
    """The items of the export at *source*: a file (``-``: standard input) or, for
    Omnivore, also its zip or the folder it was unpacked into (highlights and saved copies
    read from there; a metadata JSON's own folder is looked at too)."""
    from reader.core.sources.files import read_source_bytes

    if fmt != "omnivore" or source == "-":
        return parse(fmt, read_source_bytes(source, MAX_PART))
    path = Path(source)
    if not path.exists():
        read_source_bytes(source, MAX_PART)  # says why: no such file, permission denied…
    if path.is_dir():
        bundle = folder_bundle(path, None)
    elif zipfile.is_zipfile(path):
        bundle = zip_bundle(path)
    else:
        bundle = folder_bundle(path.parent, path.name)
    metadata = [path.name] if path.is_file() and not zipfile.is_zipfile(path) \
        else bundle.metadata()
    if not metadata:
        raise ImportFormatError("not an omnivore export (no metadata_*.json in it)")
    items: list[Saved] = []
    for name in metadata:
        try:
            items += omnivore.parse(text_of(bundle._read(name)), bundle)
        except RecursionError:
            raise ImportFormatError(f"not an omnivore export ({name}: nested too deeply "
                                    "to read)") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ImportFormatError(f"not an omnivore export ({name}: {exc})") from None
    return capped([i for i in items if is_url(i.url)])
