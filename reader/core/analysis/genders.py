"""Whether a person of the text is a man or a woman, where the text says: a title ("Mrs.",
"Sir"), else the pronoun that most often follows the name — what resolves "she said" to
the last woman named, never the last man."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from reader.core.analysis.dialogue import NARRATOR
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
    pronoun that comes next in the same sentence after the name, weighed against how
    often that pronoun follows the text's own titled men and women (see :func:`_weighed`)."""
    votes: dict[str, list[int]] = {}
    out: dict[str, str] = {}
    for p in persons:
        name = name_of(p)
        first = name.split()[0].rstrip(".").lower()
        titled = ("f" if first in _FEMALE_TITLES else "m" if first in _MALE_TITLES
                  else "")
        if titled:
            out[name] = titled
        end = text.find(".", p.end, p.end + 200)
        m = _PRONOUN_AFTER.search(text, p.end, end if end > 0 else p.end + 200)
        if m:
            female = m.group(1).lower().startswith(("she", "her"))
            tally = votes.setdefault(name, [0, 0])
            tally[female] += 1
    return _weighed(votes, out)


#: How much likelier one gender must be than the other (odds) before a name is given it.
_ODDS = 20.0


def _weighed(votes: dict[str, list[int]], titled: dict[str, str]) -> dict[str, str]:
    """Genders of untitled names from their pronoun votes (male, female). The pronoun after
    a name is often about someone else ("Emma told Mr. Knightley that he…"), and how often
    depends on the book: so each name's votes are weighed against those after the book's
    titled women and titled men — the likelier of the two, when its odds are at least
    :data:`_ODDS` to one. A book with too few titled names of either falls back to a plain
    rule: at least three votes, four in five of one pronoun."""
    import math

    out = dict(titled)
    pooled = {"m": [1, 1], "f": [1, 1]}  # (male, female) votes after titled names, +1 each
    for name, gender in titled.items():
        male, female = votes.get(name, (0, 0))
        pooled[gender][0] += male
        pooled[gender][1] += female
    p_men = pooled["m"][1] / sum(pooled["m"])  # share of "she" after a titled man
    p_women = pooled["f"][1] / sum(pooled["f"])
    calibrated = sum(pooled["m"]) >= 20 and sum(pooled["f"]) >= 20 and p_women > p_men + 0.1
    for name, (male, female) in votes.items():
        if name in out:
            continue
        if calibrated:
            odds = (female * math.log(p_women / p_men)
                    + male * math.log((1 - p_women) / (1 - p_men)))
            if abs(odds) >= math.log(_ODDS):
                out[name] = "f" if odds > 0 else "m"
        elif male + female >= 3 and max(male, female) >= 0.8 * (male + female):
            out[name] = "f" if female > male else "m"
    return out


def of_gender(near: Sequence[tuple[int, str]], want: str | None, gender: dict[str, str],
               window: int, told_first: bool) -> str | None:
    """The nearest of *near* ((distance, name), nearest first) who can be the pronoun's
    person: within *window*, one of the pronoun's gender (*want*) or one whose gender the
    text does not tell — with *told_first* (a novel, which tells most genders) the first
    kind before the second; further away, only one of that gender."""
    if want is None:
        return next((name for d, name in near if d < window and name != NARRATOR), None)
    passes = [lambda d, g: d < window and g in (want, None)]
    if told_first:
        passes = [lambda d, g: d < window and g == want, lambda d, g: d < window and g is None]
    for fits in [*passes, lambda d, g: g == want]:
        for d, name in near:
            if name != NARRATOR and fits(d, gender.get(name)):
                return name
    return None
