"""The library's search language, turned into an SQLite FTS5 query and SQL filters.

``words`` (all of them), ``"exact phrases"``, ``prefix*``, ``-word`` / ``-"phrase"`` (not),
``tag:x``, ``in:title`` (the words in the title only), ``has:note``, ``has:highlight``,
``is:read`` / ``is:unread`` / ``is:started`` (reading progress), ``before:DATE`` /
``after:DATE`` (the day the article was added; any date dateutil reads, local time).
Everything combines with AND. Phrases match across the source's line breaks: the FTS
tokenizer sees words, not lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.core.dates import parse_date

OPERATORS = ("tag", "in", "has", "is", "before", "after")
READING_STATES = ("read", "unread", "started")
_TOKEN = re.compile(r'-?"[^"]*"|\S+')
_WORD = re.compile(r"\w+", re.UNICODE)


class QueryError(ValueError):
    """A query that cannot be run; the message is one line for a person."""


@dataclass
class Query:
    include: list[str] = field(default_factory=list)  # FTS5 terms, all required
    exclude: list[str] = field(default_factory=list)  # FTS5 terms, none allowed
    tags: list[str] = field(default_factory=list)
    title_only: bool = False
    has: set[str] = field(default_factory=set)  # "note", "highlight"
    reading: set[str] = field(default_factory=set)  # "read", "unread", "started"
    before: float | None = None  # added before this time (seconds since 1970)
    after: float | None = None  # added at or after this time

    def match(self) -> str | None:
        """The FTS5 MATCH expression for what must be there (None: no words asked for)."""
        terms = list(self.include)
        expr = " AND ".join(terms)
        if expr and self.title_only:
            expr = f"title : ({expr})"
        tag_terms = [f"tags : {_quote(t)}" for t in self.tags]
        return " AND ".join(x for x in (expr, *tag_terms) if x) or None

    def excluded(self) -> str | None:
        return " OR ".join(self.exclude) or None


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term(raw: str) -> str | None:
    """One FTS5 term from a word, a prefix* or a "phrase" (None if it holds no word)."""
    if raw.startswith('"'):
        words = _WORD.findall(raw[1:-1])
        return _quote(" ".join(words)) if words else None
    prefix = raw.endswith("*")
    words = _WORD.findall(raw.rstrip("*"))
    if not words:
        return None
    if prefix and len(words) == 1:
        return _quote(words[0]) + "*"
    return _quote(" ".join(words))  # "e-mail" is the phrase "e mail", as it is indexed


def parse(text: str) -> Query:
    """Parse a search; raises :class:`QueryError` for an unbalanced quote or an unknown
    operator or value."""
    if text.count('"') % 2:
        raise QueryError("unbalanced quote: a phrase needs a closing \"")
    q = Query()
    for raw in _TOKEN.findall(text):
        negative = raw.startswith("-") and len(raw) > 1
        body = raw[1:] if negative else raw
        op, colon, value = body.partition(":")
        if colon and not body.startswith('"') and op.isalpha() and value:
            op = op.lower()
            if op not in OPERATORS:
                raise QueryError(f"unknown operator {op}: (known: "
                                 + ", ".join(f"{o}:" for o in OPERATORS) + ")")
            if negative:
                raise QueryError(f"-{op}: is not supported; leave the operator out instead")
            _operator(q, op, value)
            continue
        term = _term(body)
        if term is None:
            continue
        (q.exclude if negative else q.include).append(term)
    if not (q.include or q.tags or q.has or q.reading or q.before or q.after):
        raise QueryError("nothing to search for: give a word, a \"phrase\" or an operator")
    return q


def _operator(q: Query, op: str, value: str) -> None:
    value = value.strip('"')
    if op == "tag":
        q.tags.append(value.lower())
    elif op == "in":
        if value.lower() != "title":
            raise QueryError(f"in:{value} is not known (in:title searches titles)")
        q.title_only = True
    elif op == "has":
        if value.lower() not in ("note", "highlight"):
            raise QueryError(f"has:{value} is not known (has:note, has:highlight)")
        q.has.add(value.lower())
    elif op == "is":
        if value.lower() not in READING_STATES:
            raise QueryError(f"is:{value} is not known ("
                             + ", ".join(f"is:{s}" for s in READING_STATES) + ")")
        q.reading.add(value.lower())
    else:  # before / after
        when = parse_date(value)
        if when is None:
            raise QueryError(f"{op}:{value} is not a date (try {op}:2026-11-01)")
        stamp = (when.astimezone() if when.tzinfo else when).timestamp()
        if op == "before":
            q.before = stamp
        else:
            q.after = stamp
