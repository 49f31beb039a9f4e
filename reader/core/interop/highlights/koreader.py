"""KOReader's highlights: a book's ``.sdr`` folder, its ``metadata.<ext>.lua``, or a folder
searched for them. The file is a Lua table (``return { … }``) read here as data — a small
reader of strings, numbers, booleans and tables — never run. A book's title and authors come
from ``doc_props``; its highlights from ``annotations`` (KOReader 2024.07 on: ``text``,
``note``, ``chapter``, ``pageno``, ``pos0``/``pos1``, ``datetime``) or the older ``highlight``
(by page) and ``bookmarks`` (``notes``, ``text``, ``highlighted``) tables, as KOReader's
frontend/apps/reader/modules/readerannotation.lua and readerbookmark.lua write them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.core.interop.highlights import Parsed

HELP = "KOReader's book.sdr folder, its metadata.*.lua, or a folder holding them"
#: Files read when a folder is searched, at most.
MAX_FILES = 10_000
#: How deeply tables may nest (a real metadata file nests four or five deep).
MAX_DEPTH = 40


class LuaError(ValueError):
    """Not a Lua table this reader can read."""


def files(source: Path) -> list[Path]:
    """The metadata files at *source* (a file, a .sdr folder, or a folder searched)."""
    if source.is_file():
        return [source]
    found = sorted(p for p in source.rglob("metadata.*.lua") if p.is_file())
    return found[:MAX_FILES]


def parse(text: str) -> Parsed:
    """One metadata file's book and highlights."""
    from reader.core.interop.highlights import Parsed

    out = Parsed()
    _book(loads(text), out)
    return out


def parse_files(paths: list[Path]) -> Parsed:
    from reader.core.interop.highlights import Parsed

    out = Parsed()
    for path in paths:
        try:
            _book(loads(path.read_text(encoding="utf-8", errors="replace")), out,
                  fallback=path.parent.name.removesuffix(".sdr"))
        except (LuaError, OSError, RecursionError) as exc:
            out.skipped[f"{path.name}: {exc}"] = out.skipped.get(f"{path.name}: {exc}", 0) + 1
    return out


def _book(data: Any, out: Parsed, fallback: str = "") -> None:
    from reader.core.interop.highlights import Book

    if not isinstance(data, dict):
        raise LuaError("not a KOReader metadata table")
    props = data.get("doc_props") if isinstance(data.get("doc_props"), dict) else {}
    title = str(props.get("title") or fallback or "").strip()
    author = str(props.get("authors") or "").split("\n")[0].strip()
    book = Book(title, author)
    for item in _entries(data.get("annotations")):
        _take(book, item.get("text"), item.get("note"), out)
    if not book.highlights:  # before 2024.07: bookmarks carry the notes, highlight the text
        seen = set()
        for item in _entries(data.get("bookmarks")):
            if item.get("highlighted") or item.get("pos0"):
                _take(book, item.get("notes") or item.get("text"), item.get("text")
                      if item.get("notes") else "", out)
                seen.add(str(item.get("notes") or ""))
        for page in _entries(data.get("highlight"), nested=True):
            if str(page.get("text") or "") not in seen:
                _take(book, page.get("text"), "", out)
    if book.highlights:
        out.books.append(book)


def _entries(value: Any, nested: bool = False) -> list[dict]:
    if isinstance(value, dict):
        value = [value[k] for k in sorted(value, key=lambda k: (str(type(k)), k))]
    if not isinstance(value, list):
        return []
    if nested:
        return [x for v in value for x in _entries(v)]
    return [v for v in value if isinstance(v, dict)]


def _take(book, quote: Any, note: Any, out: Parsed) -> None:
    quote = " ".join(str(quote or "").split())
    if not quote:
        out.skipped["bookmarks without a passage"] = out.skipped.get(
            "bookmarks without a passage", 0) + 1
        return
    pair = (quote, str(note or "").strip())
    if pair not in book.highlights:
        book.highlights.append(pair)


# ------------------------------------------------------------------ a Lua table, as data
_TOKEN = re.compile(r"""
    (?P<space>\s+|--\[(?P<eq>=*)\[.*?\](?P=eq)\]|--[^\n]*)
  | (?P<long>\[(?P<leq>=*)\[.*?\](?P=leq)\])
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<number>-?(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<name>[A-Za-z_]\w*)
  | (?P<punct>[{}\[\]=,;])
""", re.VERBOSE | re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a",
            "b": "\b", "f": "\f", "v": "\v", "\n": "\n"}


def loads(text: str) -> Any:
    """The value of ``return <table>`` (or a bare table)."""
    tokens = _tokens(text)
    if tokens and tokens[0] == ("name", "return"):
        tokens = tokens[1:]
    value, k = _value(tokens, 0, 0)
    if k != len(tokens):
        raise LuaError("something follows the table")
    return value


def _tokens(text: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise LuaError(f"cannot read {text[pos:pos + 12]!r}")
        pos = m.end()
        kind = m.lastgroup
        if m.group("space") is not None:
            continue
        if m.group("long") is not None:
            body = m.group("long")
            eq = len(m.group("leq"))
            inner = body[2 + eq:-(2 + eq)]
            out.append(("value", inner[1:] if inner.startswith("\n") else inner))
        elif m.group("string") is not None:
            out.append(("value", _unescape(m.group("string")[1:-1])))
        elif m.group("number") is not None:
            raw = m.group("number")
            out.append(("value", int(raw, 16) if raw.lower().startswith(("0x", "-0x"))
                        else float(raw) if any(c in raw for c in ".eE") else int(raw)))
        elif m.group("name") is not None:
            word = m.group("name")
            constants = {"true": True, "false": False, "nil": None}
            out.append(("value", constants[word]) if word in constants else ("name", word))
        else:
            out.append(("punct", m.group(kind or "punct")))
    return out


def _unescape(body: str) -> str:
    out = []
    k = 0
    while k < len(body):
        c = body[k]
        if c == "\\" and k + 1 < len(body):
            nxt = body[k + 1]
            if nxt.isdigit():
                digits = re.match(r"\d{1,3}", body[k + 1:]).group()  # type: ignore[union-attr]
                out.append(chr(int(digits)))
                k += 1 + len(digits)
                continue
            out.append(_ESCAPES.get(nxt, nxt))
            k += 2
            continue
        out.append(c)
        k += 1
    return "".join(out)


def _value(tokens: list[tuple[str, Any]], k: int, depth: int) -> tuple[Any, int]:
    if k >= len(tokens):
        raise LuaError("the table ends too soon")
    kind, value = tokens[k]
    if kind == "value":
        return value, k + 1
    if (kind, value) == ("punct", "{"):
        return _table(tokens, k + 1, depth + 1)
    raise LuaError(f"unexpected {value!r}")


def _table(tokens: list[tuple[str, Any]], k: int, depth: int) -> tuple[Any, int]:
    if depth > MAX_DEPTH:
        raise LuaError("tables nested too deeply")
    out: dict[Any, Any] = {}
    n = 1
    while True:
        if k >= len(tokens):
            raise LuaError("a table is not closed")
        if tokens[k] == ("punct", "}"):
            return _as_list(out), k + 1
        if tokens[k] == ("punct", "["):
            key, k = _value(tokens, k + 1, depth)
            if tokens[k:k + 2] != [("punct", "]"), ("punct", "=")]:
                raise LuaError("a [key] without its = value")
            value, k = _value(tokens, k + 2, depth)
            out[key] = value
        elif tokens[k][0] == "name" and tokens[k + 1:k + 2] == [("punct", "=")]:
            name = tokens[k][1]
            value, k = _value(tokens, k + 2, depth)
            out[name] = value
        else:
            value, k = _value(tokens, k, depth)
            out[n] = value
            n += 1
        if k < len(tokens) and tokens[k] in (("punct", ","), ("punct", ";")):
            k += 1


def _as_list(table: dict[Any, Any]) -> Any:
    """A table keyed 1..n is a list; any other stays a dict."""
    if table and all(isinstance(key, int) for key in table) and \
            sorted(table) == list(range(1, len(table) + 1)):
        return [table[i] for i in range(1, len(table) + 1)]
    return table
