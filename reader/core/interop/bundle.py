"""An export of several files — a zip, or the folder it was unpacked into — read within
limits: files found by folder and name; no link followed out of the folder."""

from __future__ import annotations

import os
import threading
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from reader.core.interop.saved import MAX_PART, ImportFormatError


class Bundle:
    """An export of several files (a zip, or the folder it was unpacked into): its files
    found by folder and name, wherever the export's own top folder is; none over
    :data:`MAX_PART` bytes is read."""

    def __init__(self, names: Iterable[str], read: Callable[[str], bytes]) -> None:
        self._read = read
        self.names: dict[tuple[str, str], str] = {}
        for name in names:
            parts = name.replace("\\", "/").split("/")
            folder = parts[-2] if len(parts) > 1 else ""
            self.names.setdefault((folder, parts[-1]), name)

    def has(self, folder: str, name: str) -> bool:
        return (folder, name) in self.names

    def read(self, folder: str, name: str) -> bytes | None:
        full = self.names.get((folder, name))
        return None if full is None else self._read(full)

    def metadata(self) -> list[str]:
        return sorted(full for (_, name), full in self.names.items()
                      if name.startswith("metadata_") and name.endswith(".json"))


MAX_BUNDLE = 512 * 1024 * 1024


def folder_bundle(root: Path, only: str | None) -> Bundle:
    """An unpacked export: its own regular files only. A symbolic link (someone else's
    export pointing at the user's files) or a file whose real place is outside the folder
    is never read."""
    from reader.core.sources.files import read_source_bytes

    real_root = os.path.realpath(root)

    def inside(path: Path) -> bool:
        if path.is_symlink() or not path.is_file():
            return False
        return os.path.commonpath([real_root, os.path.realpath(path)]) == real_root

    names = [only] if only else [p.name for p in root.glob("metadata_*.json") if inside(p)]
    for folder, ext in (("highlights", ".md"), ("content", ".html")):
        sub = root / folder
        if sub.is_dir() and not sub.is_symlink():
            names += [f"{folder}/{p.name}" for p in sub.iterdir()
                      if p.name.endswith(ext) and inside(p)]
    total = 0

    def read(name: str) -> bytes:
        nonlocal total
        path = root / name
        if name != only and not inside(path):
            raise ImportFormatError(f"{name}: not a file of the export (a link?): not read")
        data = read_source_bytes(str(path), MAX_PART)
        total += len(data)
        if total > MAX_BUNDLE:
            raise ImportFormatError(f"the export is larger than {MAX_BUNDLE:,} bytes: not read")
        return data

    return Bundle(names, read)


def zip_bundle(path: Path) -> Bundle:
    """An export's zip, read within limits (see :mod:`reader.core.ziplimits`). Two members of
    one name: the first is the one read, as the first is the one listed."""
    from reader.core.ziplimits import CappedReader, ZipTooLarge

    try:
        archive = zipfile.ZipFile(path)
        infos: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            if not info.is_dir():
                infos.setdefault(info.filename, info)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise ImportFormatError(f"cannot read the zip ({exc})") from None
    lock = threading.Lock()
    capped = CappedReader(archive, MAX_PART, MAX_BUNDLE)

    def read(name: str) -> bytes:
        try:
            with lock:
                return capped.read(infos[name])
        except ZipTooLarge as exc:
            raise ImportFormatError(str(exc)) from None
        except (OSError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
            raise ImportFormatError(f"{name} in the zip cannot be read ({exc})") from None

    return Bundle(list(infos), read)
