"""Dates from feeds and pages, shown one way: local time, "20 Nov 2019 10:00"."""

from __future__ import annotations

from datetime import datetime, timezone


def parse_date(text: str) -> datetime | None:
    """A date as feeds write it (RFC 822, ISO 8601, …), or None when it is not one."""
    if not text or not text.strip():
        return None
    from dateutil import parser

    try:
        return parser.parse(text.strip())
    except (ValueError, OverflowError, TypeError):
        return None


def display_date(text: str) -> str:
    """Local time, "20 Nov 2019 10:00" (just the day when no time is given); the text
    itself, shortened, when it cannot be read as a date."""
    when = parse_date(text)
    if when is None:
        return " ".join(text.split())[:20]
    has_time = (when.hour, when.minute, when.second) != (0, 0, 0) or when.tzinfo is not None
    if when.tzinfo is not None:
        when = when.astimezone()  # the reader's own time zone
    return when.strftime("%d %b %Y %H:%M" if has_time else "%d %b %Y").lstrip("0")


def display_stamp(stamp: float) -> str:
    """Seconds since 1970 shown as :func:`display_date` shows a date: "20 Nov 2019 10:00"."""
    try:
        when = datetime.fromtimestamp(stamp)
    except (OverflowError, OSError, ValueError):
        return ""
    return when.strftime("%d %b %Y %H:%M").lstrip("0")


def sort_key(text: str) -> float:
    """Seconds since 1970 for sorting newest first (0 for what is not a date)."""
    when = parse_date(text)
    if when is None:
        return 0.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    try:
        return when.timestamp()
    except (OverflowError, OSError, ValueError):
        return 0.0
