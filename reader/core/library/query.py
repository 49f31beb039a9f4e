"""The library's search language, turned into an SQLite FTS5 query and SQL filters.

``words`` (all of them), ``"exact phrases"``, ``prefix*``, ``-word`` / ``-"phrase"`` (not),
``tag:x``, ``in:title`` (the words in the title only), ``has:note``, ``has:highlight``,
``is:read`` / ``is:unread`` / ``is:started`` (reading progress), ``is:starred``,
``is:inbox`` / ``is:later`` / ``is:archived`` (the article's state), ``is:removed`` (in the
trash: every other search leaves the trash out), ``feed:name`` (carried by a
feed whose title or address holds *name*), ``before:DATE`` / ``after:DATE`` (the day the
article was added; any date dateutil reads, local time).
Words and phrases combine with AND; ``OR`` (in capitals) and parentheses group them
(``chelsea OR arsenal``, ``(harbour OR port) strike``). Operators are filters that every
result meets. Phrases match across the source's line breaks: the FTS tokenizer sees words,
not lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.core.dates import parse_date

OPERATORS = ("tag", "in", "has", "is", "feed", "before", "after")
READING_STATES = ("read", "unread", "started")
ARTICLE_STATES = ("inbox", "later", "archived")
IS_VALUES = (*READING_STATES, "starred", *ARTICLE_STATES, "removed")
_TOKEN = re.compile(r'-?"[^"]*"|[()]|[^\s()]+')
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
    states: set[str] = field(default_factory=set)  # "inbox", "later", "archived" (any of)
    starred: bool = False
    removed: bool = False  # the trash (and only it) is searched
    feeds: list[str] = field(default_factory=list)  # feed title or address fragments
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

    @property
    def empty(self) -> bool:
        return not (self.include or self.exclude or self.tags or self.has or self.reading
                    or self.states or self.starred or self.removed or self.feeds
                    or self.before or self.after)

    def excluded(self) -> str | None:
        return " OR ".join(self.exclude) or None


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term(raw: str, as_typed: bool = False) -> str | None:
    """One FTS5 term from a word, a prefix* or a "phrase" (None if it holds no word). While
    typing (*as_typed*), a bare word is a prefix: "harb" already finds "harbour"."""
    if raw.startswith('"'):
        words = _WORD.findall(raw[1:-1])
        return _quote(" ".join(words)) if words else None
    prefix = raw.endswith("*") or as_typed
    words = _WORD.findall(raw.rstrip("*"))
    if not words:
        return None
    if prefix and len(words) == 1:
        return _quote(words[0]) + "*"
    return _quote(" ".join(words))  # "e-mail" is the phrase "e mail", as it is indexed


def parse(text: str, as_typed: bool = False, allow_empty: bool = False) -> Query:
    """Parse a search; raises :class:`QueryError` for an unbalanced quote or an unknown
    operator or value. *as_typed*: bare words are prefixes (a filter typed letter by
    letter); *allow_empty*: a query of nothing matches every article."""
    if text.count('"') % 2:
        raise QueryError("unbalanced quote: a phrase needs a closing \"")
    q = Query()
    words: list[str] = []  # FTS5 terms, "OR", "(" and ")", in order
    for raw in _TOKEN.findall(text):
        if raw in ("(", ")", "OR"):
            words.append(raw)
            continue
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
        term = _term(body, as_typed and not negative)
        if term is None:
            continue
        if negative:
            q.exclude.append(term)
        else:
            words.append(term)
    expression = _grouped(words, as_typed)
    if expression:
        q.include.append(expression)
    if not allow_empty and q.empty:
        raise QueryError("nothing to search for: give a word, a \"phrase\" or an operator")
    return q


def _grouped(words: list[str], as_typed: bool) -> str:
    """The FTS5 expression of terms, ``OR`` and parentheses (AND between neighbours). While
    typing (*as_typed*) a dangling ``OR`` or an open parenthesis is let be."""
    if as_typed:
        while words and words[-1] in ("OR", "("):
            words = words[:-1]
        words = words + [")"] * (words.count("(") - words.count(")"))
    out: list[str] = []
    depth = 0
    for k, w in enumerate(words):
        prev = out[-1] if out else None
        if w == "OR":
            if prev in (None, "OR", "(") or k + 1 == len(words) or words[k + 1] in ("OR", ")"):
                raise QueryError("OR needs a word or a phrase on each side")
            out.append(w)
            continue
        if w == ")":
            depth -= 1
            if depth < 0 or prev == "(":
                raise QueryError("unbalanced parentheses: a ) without its (, or ( )")
            out.append(w)
            continue
        if prev is not None and prev not in ("OR", "("):
            out.append("AND")
        if w == "(":
            depth += 1
        out.append(w)
    if depth:
        raise QueryError("unbalanced parentheses: a ( needs its )")
    if len(words) == 1 or not any(w in ("OR", "(") for w in words):
        return " AND ".join(w for w in out if w != "AND")
    return " ".join(out)


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
        value = value.lower()
        if value not in IS_VALUES:
            raise QueryError(f"is:{value} is not known ("
                             + ", ".join(f"is:{s}" for s in IS_VALUES) + ")")
        if value in READING_STATES:
            q.reading.add(value)
        elif value == "starred":
            q.starred = True
        elif value == "removed":
            q.removed = True
        else:
            q.states.add(value)
    elif op == "feed":
        q.feeds.append(value.lower())
    else:  # before / after
        when = parse_date(value)
        if when is None:
            raise QueryError(f"{op}:{value} is not a date (try {op}:2026-11-01)")
        stamp = (when.astimezone() if when.tzinfo else when).timestamp()
        if op == "before":
            q.before = stamp
        else:
            q.after = stamp
