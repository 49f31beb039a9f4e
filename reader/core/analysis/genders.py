"""Whether a person of the text is a man or a woman, where the text says: a title ("Mrs.",
"Sir"), else the pronoun that most often follows the name — what resolves "she said" to
the last woman named, never the last man."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from reader.core.analysis.entities import Entity

GENDER_OF = {"he": "m", "him": "m", "she": "f", "her": "f"}
_FEMALE_TITLES = {"mrs", "miss", "ms", "lady", "madame", "mme", "mlle", "aunt", "mother",
                  "mamma", "mama", "queen", "duchess", "countess", "sister"}
_MALE_TITLES = {"mr", "sir", "lord", "monsieur", "colonel", "captain", "uncle", "father",
                "papa", "king", "duke", "count", "brother", "professor", "dr", "major"}
_PRONOUN_AFTER = re.compile(r"\b(he|his|himself|she|hers|herself)\b", re.IGNORECASE)


def genders(text: str, persons: Sequence[Entity],
            name_of: Callable[[Entity], str]) -> dict[str, str]:
    """Each person's gender where the text tells it: a title ("Mrs.", "Sir"), else the
    pronoun that most often comes next in the same sentence after the name (at least three
    times, four in five)."""
    votes: dict[str, list[int]] = {}
    out: dict[str, str] = {}
    for p in persons:
        name = name_of(p)
        first = name.split()[0].rstrip(".").lower()
        if first in _FEMALE_TITLES or first in _MALE_TITLES:
            out[name] = "f" if first in _FEMALE_TITLES else "m"
            continue
        end = text.find(".", p.end, p.end + 200)
        m = _PRONOUN_AFTER.search(text, p.end, end if end > 0 else p.end + 200)
        if m:
            female = m.group(1).lower().startswith(("she", "her"))
            tally = votes.setdefault(name, [0, 0])
            tally[female] += 1
    for name, (male, female) in votes.items():
        if name not in out and male + female >= 3 and max(male, female) >= 0.8 * (male + female):
            out[name] = "f" if female > male else "m"
    return out
