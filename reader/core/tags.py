"""How tags are written, the one rule everywhere (the note editor, the library, the CLI's
lists): separated by spaces or commas, shown with a space between them."""

from __future__ import annotations

#: What a tag field says it wants.
HINT = "tags: a space or a comma between them"


def split_tags(text: str) -> list[str]:
    """``"later, harbour  news"`` -> ``["later", "harbour", "news"]`` (order kept, no
    repeats)."""
    return list(dict.fromkeys(t for t in text.replace(",", " ").split() if t))


def join_tags(tags: list[str]) -> str:
    return " ".join(tags)
