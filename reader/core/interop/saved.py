"""What an import reads from another tool's export: :class:`Saved` items, with the bounds
every format keeps (highlights per item and in all) and the helpers formats share."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.core.dates import parse_date

#: Highlights kept of one item, and of one export in all (a 60 MB file of 12 M quotes is
#: not a reading history: it is refused, not parsed into memory).
MAX_HIGHLIGHTS_PER_ITEM = 5_000
MAX_HIGHLIGHTS = 200_000


@dataclass
class Saved:
    url: str
    title: str = ""
    tags: list[str] = field(default_factory=list)
    state: str = "inbox"  # inbox, later, archived
    starred: bool = False
    added: float | None = None  # seconds since 1970
    excerpt: str = ""
    highlights: list[tuple[str, str]] = field(default_factory=list)  # (quote, note)
    #: The exporting tool's own readable copy of the page (Omnivore's content/{slug}.html),
    #: read when wanted: the article's text without fetching a page that may be gone.
    copy: Callable[[], str] | None = field(default=None, repr=False, compare=False)


class ImportFormatError(ValueError):
    """The file is not in the format named; the message is one line for a person."""


#: Seconds since 1970 of the latest date an import keeps (the end of year 9999).
LATEST_STAMP = 253402300799.0


def stamp(value: object) -> float | None:
    """Seconds since 1970 from an export's date field (seconds, milliseconds or a date in
    words); None for what is not a date a calendar holds (99999999999999, 400 digits)."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if text.isdigit():
        if len(text) > 20:
            return None
        number = float(text)
        if number > LATEST_STAMP:  # milliseconds, as some tools write them
            number /= 1000.0
        return number if 0 < number <= LATEST_STAMP else None
    when = parse_date(text)
    if when is None:
        return None
    try:
        stamp = (when.astimezone() if when.tzinfo else when).timestamp()
    except (OverflowError, OSError, ValueError):
        return None
    return stamp if 0 < stamp <= LATEST_STAMP else None


def tags(raw: object) -> list[str]:
    if isinstance(raw, list):
        items = [t.get("label") or t.get("name") or t.get("slug") or "" if isinstance(t, dict)
                 else str(t) for t in raw]
    else:
        items = re.split(r"[|,]", str(raw or ""))
    return [t.strip() for t in items if t and t.strip()]


def text_of(data: bytes) -> str:
    from reader.core.sources.decoding import decode_bytes

    return decode_bytes(data)[0]


def capped(items: list[Saved]) -> list[Saved]:
    total = 0
    for item in items:
        del item.highlights[MAX_HIGHLIGHTS_PER_ITEM:]
        total += len(item.highlights)
        if total > MAX_HIGHLIGHTS:
            raise ImportFormatError(f"more than {MAX_HIGHLIGHTS:,} highlights in one export: "
                                    "nothing imported")
    return items


def csv_rows(text: str, needed: set[str]) -> list[dict[str, str]]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_PART))  # a long excerpt is fine
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower() for f in (reader.fieldnames or [])}
    if not needed <= fields:
        raise ValueError(f"expected the columns {', '.join(sorted(needed))}")
    return [{(k or "").strip().lower(): (v or "") for k, v in row.items()} for row in reader]


def as_list(value: object) -> list:
    return value if isinstance(value, list) else []


#: The largest single file read from an export (and from an export bundle).
MAX_PART = 64 * 1024 * 1024
