"""Zip files from outside (EPUBs, exports) read within limits: a zip bomb is refused with a
sentence, never inflated into memory.

A member is read in chunks and stops at the cap whatever its header declares; the sizes a
zip declares are checked first (every member, and all of them together), so a library that
reads the zip itself (ebooklib) reads no more than that.
"""

from __future__ import annotations

import zipfile

#: The largest single member read, and all members of one zip together, inflated.
MAX_MEMBER = 64 * 1024 * 1024
MAX_TOTAL = 256 * 1024 * 1024
_CHUNK = 1024 * 1024


class ZipTooLarge(ValueError):
    """A zip that inflates past a cap; the message is one line for a person."""


def check_declared(archive: zipfile.ZipFile, per_member: int | None = None,
                   total: int | None = None) -> None:
    """Refuse a zip whose members declare more than *per_member* each or *total* in all
    (:data:`MAX_MEMBER`, :data:`MAX_TOTAL` by default)."""
    per_member = MAX_MEMBER if per_member is None else per_member
    total = MAX_TOTAL if total is None else total
    size = 0
    for info in archive.infolist():
        if info.file_size > per_member:
            raise ZipTooLarge(f"{info.filename} would inflate to {info.file_size:,} bytes "
                              f"(more than {per_member:,}): not read")
        size += info.file_size
        if size > total:
            raise ZipTooLarge(f"the zip would inflate to more than {total:,} bytes: not read")


class CappedReader:
    """Reads members of one zip, each up to *per_member* bytes and all together up to
    *total*, counting what is really inflated (not what the headers say)."""

    def __init__(self, archive: zipfile.ZipFile, per_member: int = MAX_MEMBER,
                 total: int = MAX_TOTAL) -> None:
        self.archive = archive
        self.per_member = per_member
        self.left = total

    def read(self, info: zipfile.ZipInfo) -> bytes:
        parts: list[bytes] = []
        size = 0
        with self.archive.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.per_member:
                    raise ZipTooLarge(f"{info.filename} inflates to more than "
                                      f"{self.per_member:,} bytes: not read")
                if size > self.left:
                    raise ZipTooLarge("the zip inflates to more than its limit: not read")
                parts.append(chunk)
        self.left -= size
        return b"".join(parts)
