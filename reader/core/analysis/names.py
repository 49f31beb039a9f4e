"""Names as people read them: each mention under the fullest name the document uses, and
the entities grouped by label and name (what the CLI and the side panel show)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reader.core.analysis.chunks import one_name
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


#: Forms of address: part of how a speaker is named, not of who they are.
_ADDRESS = {"mr", "mrs", "miss", "ms", "dr", "lady", "sir", "lord", "madame", "mme", "mlle",
            "monsieur", "colonel", "captain", "professor", "aunt", "uncle", "the"}


def _key(name: str) -> tuple[str, frozenset[str]]:
    """(form of address, the other words) of a speaker's name."""
    words = name.split()
    title = words[0].rstrip(".").lower() if words and words[0].rstrip(".").lower() in \
        _ADDRESS else ""
    return title, frozenset(w.lower() for w in (words[1:] if title else words))


def speaker_groups(speakers: Iterable[str | None]) -> list[tuple[str, list[str], int]]:
    """One row per person: (the fullest name, the other names they speak under, how many
    quotations), most quoted first. A name joins a fuller one only when that one is the
    only fuller name holding its words ("Elizabeth" joins "Elizabeth Bennet", "Darcy" joins
    "Mr. Darcy"); a titled name only one under the same title; "Bennet", held by "Mr.
    Bennet", "Mrs. Bennet" and "Elizabeth Bennet", stays alone, and so does "Lizzy": nothing
    in the text says whose it is."""
    counts: dict[str, int] = {}
    for who in speakers:
        if who:
            counts[who] = counts.get(who, 0) + 1
    keys = {name: _key(name) for name in counts}

    def fuller(a: str, b: str) -> bool:
        # A titled name is a family's as much as a person's ("Mr. Bennet" is not Elizabeth
        # Bennet): it joins only a fuller name under the same title.
        (ta, wa), (tb, wb) = keys[a], keys[b]
        if not wa or (" of " in b and wa <= _key(b.split(" of ", 1)[1])[1]):
            return False  # "the New York of Newland Archer" is a city's, not his
        if ta:
            return ta == tb and wa < wb
        return wa < wb or (wa == wb and tb != "")

    parent: dict[str, str] = {}
    for name in counts:
        above = [b for b in counts if b != name and fuller(name, b)]
        top = [b for b in above if not any(fuller(b, c) for c in above if c != b)]
        if len(top) == 1:
            parent[name] = top[0]

    def root(name: str) -> str:
        seen = set()
        while name in parent and name not in seen:
            seen.add(name)
            name = parent[name]
        return name

    rows: dict[str, list[str]] = {}
    for name in counts:
        rows.setdefault(root(name), []).append(name)
    out = []
    for head, names in rows.items():
        others = sorted((n for n in names if n != head), key=lambda n: (-counts[n], n))
        out.append((head, others, sum(counts[n] for n in names)))
    return sorted(out, key=lambda r: (-r[2], r[0]))


def person_names(persons: Sequence[Entity]) -> dict[str, str]:
    """Each person's name, and each word of it, as the fullest name the text uses for them
    (:func:`canonical_names`); a word keeps the first full name it was seen in."""
    names = canonical_names(persons)
    for p in persons:
        for part in p.text.split():
            names.setdefault(part, names[p.text])
    return names
