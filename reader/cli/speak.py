"""``reader speak SOURCE [--summary | --chapter N] [--rate WPM] [--voice NAME] -o FILE.wav``
and ``reader speak --voices``: read a text aloud into a WAV file, or play it (``-o -``)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from reader.cli._common import say
from reader.core.textsafe import one_line, safe_text


def build_parser() -> argparse.ArgumentParser:
    from reader.core.speech import DEFAULT_RATE

    p = argparse.ArgumentParser(
        prog="reader speak", description="Read a text aloud, offline (espeak-ng): into a WAV "
        "file, or on the sound device with -o -.")
    p.add_argument("source", nargs="?", metavar="SOURCE", help="a file, a URL, or - for stdin")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--summary", action="store_true", help="only the summary's sentences")
    what.add_argument("--chapter", type=int, metavar="N", help="only chapter N of a book")
    p.add_argument("--rate", type=int, default=DEFAULT_RATE, metavar="WPM",
                   help=f"words a minute (default {DEFAULT_RATE})")
    p.add_argument("--voice", metavar="NAME",
                   help="an espeak-ng voice (default: the document's language)")
    p.add_argument("--language", default="english", help="the document's language")
    p.add_argument("-o", "--output", metavar="FILE.wav",
                   help="the WAV file to write, or - to play it")
    p.add_argument("--voices", action="store_true", help="list the voices installed")
    return p


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    from reader.core import speech

    out = out or sys.stdout
    err = err or sys.stderr
    p = build_parser()
    ns = p.parse_args(list(argv))
    if speech.missing():
        say(err, str(speech.missing()))
        return 1
    if ns.voices:
        for v in speech.voices():
            out.write(safe_text(f"{v.name:<28} {v.language:<10} {v.label}",
                                keep_newlines=False) + "\n")
        return 0
    if not ns.source or not ns.output:
        p.error("give a SOURCE and -o FILE.wav (or -o - to play it)")
    try:
        text = _text(ns)
    except ValueError as exc:
        say(err, str(exc))
        return 1
    voice = ns.voice or speech.voice_for(ns.language)
    rate = speech.clamp_rate(ns.rate)
    started = time.perf_counter()
    try:
        if ns.output == "-":
            process = speech.play(text, rate, voice)
            assert process.stderr is not None
            problem = process.stderr.read()
            process.wait()
            if process.returncode or problem.strip():
                why = problem.decode("utf-8", "replace")
                say(err, "no sound device here (write a file with -o FILE.wav)"
                    if speech.no_sound_device(why) else f"espeak-ng: {one_line(why, 200)}")
                return 1
            seconds = None
        else:
            speech.write_wav(text, Path(ns.output), rate, voice)
            seconds = _duration(Path(ns.output))
    except speech.SpeechError as exc:
        say(err, str(exc))
        return 1
    wall = time.perf_counter() - started
    words = len(text.split())
    audio = f", {seconds:.1f} s of audio" if seconds is not None else ""
    say(err, f"{words:,} words at {rate} words a minute{audio} in {wall:.1f} s"
        + (f" -> {ns.output}" if ns.output != "-" else ""))
    return 0


def _text(ns) -> str:
    """What to read: the text (its Project Gutenberg header and licence left out), the
    summary's sentences, or one chapter."""
    from reader.core.analysis import Settings, analyze
    from reader.core.document import LoadError
    from reader.core.sources import load

    try:
        doc = load(ns.source)
    except LoadError as exc:
        raise ValueError(f"{ns.source}: {exc}") from None
    parts = ("sentences", "summary") if ns.summary else ("sentences",)
    analysis = analyze(doc, Settings(language=ns.language), parts)
    spans = analysis.sentences
    if ns.summary:
        chosen = sorted(p.index for p in analysis.summary)
    elif ns.chapter is not None:
        if not doc.chapters:
            raise ValueError(f"{ns.source} has no chapters")
        if not 1 <= ns.chapter <= len(doc.chapters):
            raise ValueError(f"no chapter {ns.chapter}: it has {len(doc.chapters)}")
        c0, c1, _ = doc.chapters[ns.chapter - 1]
        chosen = [i for i, (s, e) in enumerate(spans) if c0 <= s and e <= c1]
    else:
        chosen = list(range(len(spans)))
    said = [" ".join(doc.text[spans[i][0]:spans[i][1]].split()) for i in chosen
            if not doc.in_boilerplate(*spans[i])]
    if not said:
        raise ValueError(f"{ns.source}: nothing to read")
    return "\n".join(said)


def _duration(path: Path) -> float | None:
    import wave

    try:
        with wave.open(str(path)) as w:
            return w.getnframes() / float(w.getframerate())
    except (OSError, EOFError, wave.Error):
        return None
