"""Merging what devices changed: one value per field of a record, as a multi-value register.

Every change names the versions it replaced (``base``: the heads its device had when the
change was made). A field keeps its **heads** — the versions nobody has replaced — and the
versions replaced so far (``gone``). A change that arrives is ignored when it is already
replaced; otherwise it becomes a head and the heads it replaced go. Whatever order the
changes arrive in, the heads end up the same (the changes no other change replaced), so
every device converges.

What a field shows is its latest head (the later change wins), except a note: two versions
of a note written without seeing each other are both kept, the later first — no note text is
ever dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Fields whose text is a person's writing: concurrent versions are all kept.
KEEP_ALL = frozenset({"note"})
#: Between two versions of a note kept together (the later above, the other below).
CONFLICT_MARK = "\n\n⚠ written on another device at the same time (sync):\n"


@dataclass(frozen=True)
class Change:
    """Fields of one record set by one device at one time."""

    id: str  # unique: the device and its clock
    device: str
    hlc: str  # hybrid logical clock, ordered as strings (see clock)
    key: str  # the record: "a:…" article, "m:…" mark, "n:…" note, …
    values: dict[str, Any]  # field -> value
    base: dict[str, tuple[str, ...]]  # field -> the hlcs of the versions it replaced

    def as_dict(self) -> dict[str, Any]:
        return {"v": 1, "id": self.id, "dev": self.device, "hlc": self.hlc, "key": self.key,
                "values": self.values, "base": {f: list(b) for f, b in self.base.items()}}


@dataclass
class Field:
    """A field's versions: the heads (hlc -> value) and the hlcs replaced."""

    heads: dict[str, Any] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)

    def apply(self, hlc: str, value: Any, base: tuple[str, ...]) -> bool:
        """Take a version in; returns whether the heads changed."""
        if hlc in self.gone or hlc in self.heads:
            return False
        self.gone.update(base)
        self.heads[hlc] = value
        for hlc in [h for h in self.heads if h in self.gone]:
            del self.heads[hlc]
        return True

    def value(self, name: str) -> Any:
        """What the field shows (None: never set)."""
        if not self.heads:
            return None
        order = sorted(self.heads)
        if name in KEEP_ALL and len(order) > 1:
            texts = [str(self.heads[h]) for h in reversed(order) if self.heads[h]]
            unique = list(dict.fromkeys(texts))
            return CONFLICT_MARK.join(unique)
        return self.heads[order[-1]]

    def as_json(self) -> dict[str, Any]:
        return {"heads": self.heads, "gone": sorted(self.gone)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Field:
        return cls(dict(data.get("heads") or {}), set(data.get("gone") or ()))


Record = dict[str, Field]


def apply(record: Record, change: Change) -> bool:
    """Take a change into a record's fields; returns whether any field changed."""
    changed = False
    for name, value in change.values.items():
        fld = record.setdefault(name, Field())
        changed |= fld.apply(change.hlc, value, change.base.get(name, ()))
    return changed


def shown(record: Record) -> dict[str, Any]:
    """What each field of a record shows."""
    return {name: fld.value(name) for name, fld in record.items() if fld.heads}
