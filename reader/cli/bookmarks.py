"""``reader bookmarks list|add|remove|export|import``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TextIO

from reader.cli._common import run_group, say, write_rows
from reader.core.textsafe import one_line, safe_text


def build_parser(prog: str = "reader") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"{prog} bookmarks",
                                description="Bookmarks, highlights and notes")
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    ls = sub.add_parser("list", help="list bookmarks and highlights")
    ls.add_argument("--format", "-f", choices=("text", "json", "jsonl"), default="text")
    ls.add_argument("--filter", default="", help="only marks whose text, note or tags match")
    ls.add_argument("--needs-review", action="store_true",
                    help="only marks whose article changed so that their passage could not be "
                         "found again with confidence (shown with their original quote)")
    ls.add_argument("--pending", action="store_true",
                    help="only imported highlights not placed in their article yet (the page "
                         "is gone, or the quote is not in it), with their quote, note and why")

    add = sub.add_parser("add", help="bookmark a sentence of a source")
    add.add_argument("source")
    add.add_argument("--sentence", "-s", type=int, required=True, metavar="N",
                     help="sentence number, counting from 1 as the reader and "
                          "'reader summarize' show it (JSON 'index' + 1)")
    add.add_argument("--to", type=int, default=None, metavar="M",
                     help="last sentence number: makes a highlight of sentences N..M")
    add.add_argument("--note", default="")
    add.add_argument("--tag", action="append", default=[])

    edit = sub.add_parser("edit", help="change a bookmark's note or tags (from scripts too)")
    edit.add_argument("id", type=_mark_id)
    edit.add_argument("--note", default=None, help="the new note ('' takes it off)")
    edit.add_argument("--tag", action="append", default=None, metavar="T",
                      help="the tags it has from now on (repeat; --tag '' for none)")

    rm = sub.add_parser("remove", help="remove a bookmark by id")
    rm.add_argument("ids", type=_mark_id, nargs="+")

    drop = sub.add_parser("drop", help="give up on imported highlights that wait to be "
                          "placed (ids from 'list --pending'); a new import does not bring "
                          "them back")
    drop.add_argument("ids", type=_mark_id, nargs="+")

    place = sub.add_parser("place", help="place an imported highlight that waits (id from "
                           "'list --pending') on sentences of its article yourself")
    place.add_argument("id", type=_mark_id)
    place.add_argument("--sentence", "-s", type=int, required=True, metavar="N")
    place.add_argument("--to", type=int, default=None, metavar="M")

    ex = sub.add_parser("export", help="export everything (the same as 'reader export "
                        "markdown|json')")
    ex.add_argument("--format", "-f", choices=("markdown", "json"), default="markdown")

    im = sub.add_parser("import", help="merge a JSON export (no duplicates)")
    im.add_argument("file", help="a JSON export, or - for stdin")
    return p


def _mark_id(value: str) -> int:
    """A mark id as the store keeps it (SQLite's 64-bit integers)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a bookmark id: {value!r}") from None
    if not 0 < n < 2**63:
        raise argparse.ArgumentTypeError(f"no bookmark has the id {value}")
    return n


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    return run_group(build_parser(), ACTIONS, argv, out, err)


def _list(store, ns, out: TextIO, err: TextIO) -> int:
    if ns.pending:
        return _list_pending(store, ns, out)
    marks = store.marks.list(query=ns.filter, needs_review=ns.needs_review)
    if ns.needs_review and not marks and ns.format == "text":
        out.write("no marks need review: every mark was found again in its article\n")
        return 0
    if write_rows(out, ns.format, marks):
        pass
    elif not marks:
        out.write("no bookmarks, highlights or notes match\n" if ns.filter else
                  "no bookmarks yet: press m in the reader, or 'reader bookmarks add'\n")
    else:
        for m in marks:
            where = (f"sentence {m.sentence + 1}" if m.sentence == m.last_sentence
                     else f"sentences {m.sentence + 1}-{m.last_sentence + 1}")
            if m.chapter:
                where = f"{one_line(m.chapter, 40)}, {where}"
            if m.review is not None:
                where = (f"NEEDS REVIEW (the article changed; best match {m.review:.0%}), "
                         f"was {where}")
            from reader.core.sources import display_source

            tags = " ".join(f"#{t}" for t in m.tags)
            line = (f"{m.id:>4}  {m.kind:<9} {one_line(m.title, 40)} "
                    f"({display_source(m.url or m.source)}) {where}: {one_line(m.text, 80)}"
                    + (f"  {tags}" if tags else ""))
            out.write(one_line(line) + "\n")
            if m.note:
                out.write("      note: " + one_line(m.note, 100) + "\n")
    return 0


def _list_pending(store, ns, out: TextIO) -> int:
    waiting = store.imports.pending()
    if write_rows(out, ns.format, waiting):
        return 0
    if not waiting:
        out.write("no imported highlights wait: every one was placed\n")
    from reader.core.sources import display_source

    for p in waiting:
        out.write(one_line(f"{p.id:>4}  waiting   {one_line(p.title, 40)} "
                           f"({display_source(p.url)}): {one_line(p.quote, 80)}") + "\n")
        if p.note:
            out.write("      note: " + one_line(p.note, 100) + "\n")
        out.write("      why: " + one_line(p.why or "its page has not been fetched yet", 100)
                  + "\n")
    return 0


def _drop(store, ns, out: TextIO, err: TextIO) -> int:
    failed = 0
    for pending_id in ns.ids:
        if not store.imports.drop(pending_id):
            say(err, f"no waiting highlight with id {pending_id}")
            failed += 1
    return 1 if failed else 0


def _place(store, ns, out: TextIO, err: TextIO) -> int:
    from reader.core.analysis.sentences import split_sentences
    from reader.core.anchors import context_of
    from reader.core.library.store import PendingPlace

    pending = next((p for p in store.imports.pending() if p.id == ns.id), None)
    if pending is None:
        say(err, f"no waiting highlight with id {ns.id}")
        return 1
    text = store.articles.body(pending.article_id)
    spans = split_sentences(text) if text else []
    first = ns.sentence - 1
    last = first if ns.to is None else ns.to - 1
    if not spans or not (0 <= first <= last < len(spans)):
        say(err, f"sentence {ns.sentence}{'' if ns.to is None else f'..{ns.to}'} is not in "
                 f"its article ({len(spans)} sentences"
                 + ("; its page has not arrived" if not spans else "") + ")")
        return 1
    s, e = spans[first][0], spans[last][1]
    art = store.articles.get(pending.article_id)
    store.imports.place(art, [PendingPlace(pending.id, first, last, s, e, text[s:e],
                                           context_of(text, s, e))])
    out.write(f"placed on {'sentence' if first == last else 'sentences'} {ns.sentence}"
              f"{'' if ns.to is None else f'-{ns.to}'}\n")
    return 0


def _add(store, ns, out: TextIO, err: TextIO) -> int:
    from reader.core.analysis import segment
    from reader.core.document import LoadError
    from reader.core.sources import load

    try:
        doc = load(ns.source)
    except LoadError as exc:
        say(err, f"{ns.source}: {exc}")
        return 1
    spans, _ = segment(doc)
    first = ns.sentence - 1  # people count from 1; the store keeps 0-based indices
    last = first if ns.to is None else ns.to - 1
    if not spans or not (0 <= first <= last < len(spans)):
        say(err, f"{ns.source}: sentence {ns.sentence}"
                 f"{'' if ns.to is None else f'..{ns.to}'} is out of range "
                 f"(1..{len(spans)})")
        return 1
    from reader.core.library import Library

    art = Library(store).register(doc, ns.source, spans)
    s, e = spans[first][0], spans[last][1]
    kind = "bookmark" if last == first else "highlight"
    chapter = next((t for cs, ce, t in doc.chapters if cs <= s < ce), "")
    from reader.core.anchors import context_of

    mark = store.marks.add(art, kind, first, last, s, e, doc.text[s:e], ns.note, ns.tag,
                          chapter=chapter, context=context_of(doc.text, s, e))
    out.write(f"{mark.id}\n")  # the id alone on stdout: scripts read it
    where = f"sentence {first + 1}" + (f"-{last + 1}" if last != first else "")
    say(err, f"{kind} {mark.id} added at {where} of {one_line(art.title, 60)}")
    return 0


def _edit(store, ns, out: TextIO, err: TextIO) -> int:
    from reader.core.tags import split_tags

    if ns.note is None and ns.tag is None:
        print("reader: bookmarks edit: give --note TEXT or --tag T (nothing to change)",
              file=err)
        return 2
    tags = None if ns.tag is None else [t for v in ns.tag for t in split_tags(v)]
    mark = store.marks.update(ns.id, note=ns.note, tags=tags)
    if mark is None:
        print(f"reader: no bookmark with id {ns.id}", file=err)
        return 1
    out.write(one_line(f"{mark.id:>4}  {mark.kind:<9} {one_line(mark.text, 70)}"
                       + (f"  note: {one_line(mark.note, 60)}" if mark.note else "")
                       + ("  " + " ".join(f"#{t}" for t in mark.tags) if mark.tags else ""))
              + "\n")
    return 0


def _remove(store, ns, out: TextIO, err: TextIO) -> int:
    failed = 0
    for mark_id in ns.ids:
        if not store.marks.remove(mark_id):
            print(f"reader: no bookmark with id {mark_id}", file=err)
            failed += 1
    return 1 if failed else 0


def _export(store, ns, out: TextIO, err: TextIO) -> int:
    """An alias of ``reader export markdown|json`` (kept for the scripts that use it)."""
    from reader.cli.interop import export
    from reader.core.library import Library

    return export(Library(store), ns.format, None, out, err)


# An export of 100,000 marks is about 60 MB.
MAX_IMPORT_BYTES = 256 * 1024 * 1024


def _import(store, ns, out: TextIO, err: TextIO) -> int:
    from reader.core.document import LoadError
    from reader.core.sources.files import read_source_bytes

    name = safe_text(ns.file, keep_newlines=False)
    try:
        raw = read_source_bytes(ns.file, MAX_IMPORT_BYTES)
    except LoadError as exc:
        print(f"reader: {name}: {safe_text(str(exc))}", file=err)
        return 1
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        print(f"reader: {name}: not a valid export: not JSON ({_json_problem(exc)})", file=err)
        return 1
    try:
        added, present = store.transfer.import_data(data)
    except ValueError as exc:
        print(f"reader: {name}: not a valid export, nothing imported: "
              f"{safe_text(str(exc))}", file=err)
        return 1
    out.write(f"imported {added}, already present {present}\n")
    return 0


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _json_problem(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    return safe_text(str(exc))


ACTIONS = {"list": _list, "add": _add, "edit": _edit, "remove": _remove, "drop": _drop,
           "place": _place, "export": _export, "import": _import}
