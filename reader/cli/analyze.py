"""``reader summarize|entities|quotes|keywords|analyze SOURCE...``: analyses as text, JSON or
Markdown."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, TextIO

from reader.cli._common import say
from reader.core.textsafe import one_line, plural

Span = tuple[int, int]

COMMANDS = ("summarize", "entities", "quotes", "keywords", "analyze")
PARTS = {
    "summarize": ("summary",),
    "entities": ("entities",),
    "quotes": ("entities", "quotes"),
    "keywords": ("keyphrases",),
    "analyze": ("sentences", "summary", "entities", "quotes", "keyphrases"),
}
OUTPUT_PARTS = {
    "summarize": ("summary",),
    "entities": ("entities",),
    "quotes": ("quotes",),
    "keywords": ("keyphrases",),
    "analyze": ("sentences", "summary", "entities", "quotes", "keyphrases"),
}


class UsageError(Exception):
    pass


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _ratio(value: str) -> float:
    try:
        r = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 < r <= 1:
        raise argparse.ArgumentTypeError("must be in (0, 1]")
    return r


#: Sentences in each chapter's summary unless asked otherwise.
PER_CHAPTER = 3


#: What each analysis command does, as its --help says it.
_DESCRIPTIONS = {
    "summarize": "The extractive summary of one or more sources.",
    "entities": "The people, organisations and places named in one or more sources.",
    "quotes": "The quotations in one or more sources, with who said them.",
    "keywords": "The key phrases of one or more sources: what each is about.",
    "analyze": "Sentences, summary, entities, quotes and key phrases of one or more sources.",
}


def _analysis_parser(prog: str, command: str, config) -> argparse.ArgumentParser:
    """The options of an analysis command; their defaults from ``[summary]`` in the config."""
    from reader.core.analysis.summarize import ALGORITHMS, DEFAULT_SENTENCES

    algorithm = config.algorithm or "auto"
    language = config.language or "english"

    p = argparse.ArgumentParser(prog=f"{prog} {command}",
                                description=_DESCRIPTIONS.get(command, command))
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="a file (.txt, .md, .html), a folder (its files, recursively), an "
                        "http(s) URL, or - for stdin")
    p.add_argument("--format", "-f", choices=("text", "json", "jsonl", "markdown"),
                   default="text", help="text (default), json (one array), jsonl (one object "
                   "a source a line) or markdown")
    if "summary" in PARTS[command]:
        p.add_argument("--algorithm", "-a", choices=ALGORITHMS, default=algorithm,
                       type=str.lower, metavar="ALGORITHM",
                       help=f"one of {', '.join(ALGORITHMS)} (default {algorithm}"
                       + (": an article's lead, a book's central sentences)"
                          if algorithm == "auto" else ", from the config)"))
        length = p.add_mutually_exclusive_group()
        length.add_argument("--sentences", "-n", type=_positive_int, default=None,
                            help="number of summary sentences (default "
                            f"{config.sentences or DEFAULT_SENTENCES})")
        length.add_argument("--ratio", "-r", type=_ratio, default=None,
                            help="summary length as a fraction of the sentences")
        length.add_argument("--words", "-w", type=_positive_int, default=None,
                            help="summary length in words: the best sentences that fit (at "
                            "least one)")
        p.add_argument("--per-chapter", action="store_true",
                       help="a summary of each chapter of a book (3 sentences each unless "
                       "--sentences, --ratio or --words says otherwise)")
        p.add_argument("--engine", choices=("fast", "sumy"), default="fast",
                       help="fast: reader's accelerated subclasses of sumy's summarizers, which "
                       "choose what sumy chooses (default); sumy: sumy's own classes, for "
                       "reference")
    if "keyphrases" in PARTS[command]:
        p.add_argument("--top", "-t", type=_positive_int, default=10,
                       help="how many key phrases (default 10)")
    p.add_argument("--language", "-l", default=language, type=str.lower,
                   help=f"the text's language, for sentences and stop words (default {language})")
    p.set_defaults(algorithm=algorithm, sentences=None, ratio=None, engine="fast",
                   words=None, per_chapter=False, top=10)
    return p


def run_command(command: str, argv: list[str]) -> int:
    """``reader summarize|entities|quotes|keywords|analyze …`` (see the registry)."""
    return run_analysis(command, argv)


def run_analysis(command: str, argv: list[str], prog: str = "reader",
                 out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    from reader.config import load_config

    config = load_config()
    parser = _analysis_parser(prog, command, config)
    ns = parser.parse_args(argv)
    for problem in config.problems:
        say(err, f"config: {problem}")
    from reader.core.analysis.summarize import LANGUAGES

    if ns.language not in LANGUAGES:
        parser.error(f"unsupported language {ns.language!r}; choose from {', '.join(LANGUAGES)}")
    if ns.sources.count("-") > 1:
        parser.error("stdin (-) can be given only once")

    from reader.core.analysis import Settings, analyze
    from reader.core.analysis.summarize import DEFAULT_SENTENCES
    from reader.core.document import LoadError
    from reader.core.sources import load
    from reader.core.sources.files import expand_sources

    settings = Settings(algorithm=ns.algorithm,
                        sentences=ns.sentences if ns.ratio is None else None,
                        ratio=ns.ratio, language=ns.language, engine=ns.engine, words=ns.words,
                        keyphrases=ns.top)
    if settings.sentences is None and settings.ratio is None and settings.words is None:
        settings = settings.with_(sentences=PER_CHAPTER if ns.per_chapter
                                  else config.sentences or DEFAULT_SENTENCES)
    parts = PARTS[command] + (("chapters",) if ns.per_chapter else ())
    failed = 0
    results: list[dict[str, Any]] = []
    unreadable: list[tuple[str, str]] = []
    folders = {a for a in ns.sources if a != "-" and os.path.isdir(a)}
    empty = set(folders)
    for source in expand_sources(ns.sources, errors=unreadable):
        empty -= {f for f in empty if source.startswith(f)}
        while unreadable:  # a folder that could not be read: said in its place
            folder, why = unreadable.pop(0)
            failed += 1
            say(err, f"{folder}: {why}")
        try:
            doc = load(source)
            if not doc.text.strip():
                raise LoadError("it is empty: nothing to analyse")
            analysis = analyze(doc, settings, parts)
        except LoadError as exc:
            failed += 1
            say(err, f"{source}: {exc}")
            continue
        except Exception as exc:  # never a traceback for one bad source
            failed += 1
            say(err, f"{source}: could not be analysed ({exc})".splitlines()[0])
            continue
        _emit(ns.format, command, analysis.to_dict(OUTPUT_PARTS[command], source=source),
              out, results)
    for folder, why in unreadable:
        failed += 1
        say(err, f"{folder}: {why}")
    for folder in sorted(empty):
        failed += 1
        say(err, f"{folder}: no articles in this folder (.txt, .md, .html)")
    if ns.format == "json":
        from reader.core.textsafe import dumps

        out.write(dumps(results, indent=2) + "\n")
    return 1 if failed else 0


# --------------------------------------------------------------------------- rendering


def _emit(fmt: str, command: str, row: dict[str, Any], out: TextIO,
          results: list[dict[str, Any]]) -> None:
    """Write one source's result now (text, Markdown, JSON lines) or keep it (JSON)."""
    if fmt == "json":
        results.append(row)
        return
    if fmt == "jsonl":
        from reader.core.textsafe import dumps

        out.write(dumps(row) + "\n")
    else:
        out.write((_render_markdown if fmt == "markdown" else _render_text)(command, row))
    out.flush()


def _clean(s: str) -> str:
    return one_line(s)


def _render_text(command: str, row: dict[str, Any]) -> str:
    lines = [f"== {_clean(row['title'])} ({_clean(row['source'])})"]
    if "summary" in row:
        lines.append(f"-- summary ({row['algorithm']}, "
                     f"{plural(len(row['summary']), 'sentence')})")
        # Numbered from 1, as a person counts (JSON keeps the 0-based "index").
        lines += [f"  [{s['index'] + 1}] {_clean(s['text'])}" for s in row["summary"]]
    for chapter in row.get("chapters", []):
        if "summary" in chapter:
            lines.append(f"-- {_clean(chapter['title'])}")
            lines += [f"  [{s['index'] + 1}] {_clean(s['text'])}" for s in chapter["summary"]]
    if "entities" in row:
        lines.append(f"-- entities ({len(row['entities'])})")
        for label, names in _grouped(row["entities"]).items():
            shown = ", ".join(f"{n} ×{len(spans)}" if len(spans) > 1 else n
                              for n, spans in names)
            lines.append(f"  {label}: {_clean(shown)}")
    if "quotes" in row:
        lines.append(f"-- quotes ({len(row['quotes'])})")
        from reader.core.analysis.quotes import UNATTRIBUTED

        lines += [f"  {_clean(q['text'])} — {_clean(q['speaker'] or UNATTRIBUTED)}"
                  for q in row["quotes"]]
        if row.get("speakers"):
            lines.append(f"-- speakers ({len(row['speakers'])})")
            lines += [f"  {_clean(s['name'])}"
                      + (f" ({_clean(', '.join(s['also']))})" if s["also"] else "")
                      + f" ×{s['quotes']}" for s in row["speakers"]]
    if "keyphrases" in row:
        lines.append(f"-- key phrases ({len(row['keyphrases'])})")
        lines += [f"  {_clean(k['text'])}" for k in row["keyphrases"]]
    if "sentences" in row:
        lines.append(f"-- sentences: {len(row['sentences'])}")
    return "\n".join(lines) + "\n\n"


def _render_markdown(command: str, row: dict[str, Any]) -> str:
    lines = [f"# {_clean(row['title'])}", "", f"*Source:* `{_clean(row['source'])}`", ""]
    if "summary" in row:
        lines += [f"## Summary ({row['algorithm']})", ""]
        lines += [f"- {_clean(s['text'])}" for s in row["summary"]]
        lines.append("")
    chapters = [c for c in row.get("chapters", []) if "summary" in c]
    if chapters:
        lines += ["## Chapters", ""]
        for chapter in chapters:
            lines += [f"### {_clean(chapter['title'])}", ""]
            lines += [f"- {_clean(s['text'])}" for s in chapter["summary"]]
            lines.append("")
    if "entities" in row:
        lines += ["## Entities", ""]
        for label, names in _grouped(row["entities"]).items():
            lines.append(f"- **{label}**: " + ", ".join(
                f"{_clean(n)} ({len(spans)})" for n, spans in names))
        lines.append("")
    if "keyphrases" in row:
        lines += ["## Key phrases", "", ", ".join(_clean(k["text"]) for k in row["keyphrases"]),
                  ""]
    if "quotes" in row:
        lines += ["## Quotes", ""]
        for q in row["quotes"]:
            who = f" — *{_clean(q['speaker'])}*" if q["speaker"] else ""
            lines.append(f"> {_clean(q['text'])}{who}")
            lines.append("")
    return "\n".join(lines) + "\n"


def _grouped(entities: list[dict[str, Any]]) -> dict[str, list[tuple[str, list[Span]]]]:
    """The same groups the TUI's side panel shows (fullest names, most mentioned first)."""
    from reader.core.analysis.entities import Entity
    from reader.core.analysis.names import group_entities

    return group_entities(Entity(e["start"], e["end"], e["label"], e["text"])
                          for e in entities)
