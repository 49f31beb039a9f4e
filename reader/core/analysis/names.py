"""Names as people read them: each mention under the fullest name the document uses, and
the entities grouped by label and name (what the CLI and the side panel show)."""

from __future__ import annotations

from collections.abc import Iterable

from reader.core.analysis.entities import LOCATION, ORGANIZATION, PERSON, Entity

Span = tuple[int, int]


#: A full name stands for its parts when it is used at least once per this many of their
#: mentions (news names someone in full once, then by surname a few times).
NAME_SHARE = 10

#: The order entity groups are shown in, everywhere (CLI and TUI).
GROUP_ORDER = (PERSON, ORGANIZATION, LOCATION)


def group_entities(entities: Iterable[Entity]) -> dict[str, list[tuple[str, list[Span]]]]:
    """Mentions grouped by label, then by the fullest name the document uses ("Zhao" counts
    as "Zhao Lijian"), most mentioned first: what the CLI and the side panel both show."""
    entities = list(entities)
    canonical = canonical_names(entities)
    groups: dict[str, dict[str, list[Span]]] = {}
    for e in entities:
        name = canonical.get(e.text) or one_name(e.text)
        groups.setdefault(e.label, {}).setdefault(name, []).append((e.start, e.end))
    order = {label: k for k, label in enumerate(GROUP_ORDER)}
    return {label: sorted(names.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            for label, names in sorted(groups.items(), key=lambda kv: (order.get(kv[0], 99),
                                                                       kv[0]))}


def canonical_names(entities: Iterable[Entity]) -> dict[str, str]:
    """Map each person mention to the fullest name the document uses for it.

    "Zhao" -> "Zhao Lijian" when both occur. A part is mapped only when a single full
    name in the document contains it (in a novel "Bennet" stays "Bennet": Elizabeth, Jane
    and their mother share it) and that name is used at least once for every
    :data:`NAME_SHARE` mentions of the part (a one-off "Overhearing Starbuck" in a chapter
    title does not rename the 200 mentions of Starbuck). Other labels map to themselves.
    """
    entities = list(entities)
    counts: dict[str, int] = {}
    for e in entities:
        if e.label == PERSON:
            counts[one_name(e.text)] = counts.get(one_name(e.text), 0) + 1
    owners: dict[str, set[str]] = {}
    for name in counts:
        if " " in name:
            for part in name.split():
                owners.setdefault(part, set()).add(name)
    out: dict[str, str] = {}
    for e in entities:
        text = one_name(e.text)
        full = owners.get(text, set()) if e.label == PERSON else set()
        if len(full) == 1:
            (name,) = full
            if counts[name] * NAME_SHARE >= counts[text]:
                out[e.text] = name
                continue
        out[e.text] = text
    return out


def one_name(text: str) -> str:
    """A name as one line: "Catherine de\nBourgh" (a hard-wrapped book) is "Catherine de
    Bourgh", one person, not two."""
    return " ".join(text.split())
