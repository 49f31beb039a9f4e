from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.analysis.summarize import ALGORITHMS

from ..conftest import SEED


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], input=stdin,
                          capture_output=True, text=True, env=os.environ.copy(), timeout=120)


def test_analyze_jsonl_contract() -> None:
    out = run("analyze", str(SEED), "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 1
    row = json.loads(lines[0])
    text = row["text"]
    assert row["source"] == str(SEED)
    assert text == SEED.read_text(encoding="utf-8")
    assert row["algorithm"] == "auto" and row["language"] == "english"
    for key in ("sentences", "summary", "entities", "quotes", "title"):
        assert key in row
    for s in row["sentences"]:
        assert set(s) == {"start", "end"}
    for s in row["summary"]:
        assert set(s) == {"index", "start", "end", "text", "score"}
        assert text[s["start"]:s["end"]] == s["text"]
        assert row["sentences"][s["index"]] == {"start": s["start"], "end": s["end"]}
    for e in row["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]
        assert e["label"] in {"PERSON", "ORGANIZATION", "LOCATION", "GPE", "DATE"}
    for q in row["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
        assert q["speaker"] is None or isinstance(q["speaker"], str)
    people = {e["text"] for e in row["entities"] if e["label"] == "PERSON"}
    assert {"Zhao Lijian", "Antony Blinken", "Xi Jinping"} <= people


@pytest.mark.parametrize("command,keys", [
    ("summarize", {"summary", "algorithm", "language"}),
    ("entities", {"entities"}),
    ("quotes", {"quotes", "speakers"}),
])
def test_each_command_prints_its_part(command: str, keys: set[str], capsys) -> None:
    assert main([command, str(SEED), "--format", "jsonl"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert keys <= set(row)
    assert {"source", "title", "text"} <= set(row)


def test_batch_with_bad_sources_and_stdin(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Alpha beta gamma. Delta epsilon zeta. Eta theta iota.", encoding="utf-8")
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00")
    out = run("summarize", str(tmp_path / "missing.txt"), str(binary), "-", str(good),
              "--format", "jsonl", "-n", "2", stdin="From stdin. It has two sentences.")
    assert out.returncode == 1
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["source"] for r in rows] == ["-", str(good)]
    assert len(rows[1]["summary"]) == 2
    err = out.stderr.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("reader: ") for line in err)
    assert "Traceback" not in out.stderr


def test_usage_errors_exit_2() -> None:
    assert run("summarize").returncode == 2
    assert run("summarize", str(SEED), "--algorithm", "nope").returncode == 2
    assert run("summarize", str(SEED), "--sentences", "0").returncode == 2
    assert run("summarize", str(SEED), "--sentences", "2", "--ratio", "0.5").returncode == 2
    assert run("summarize", str(SEED), "--language", "klingon").returncode == 2
    assert run("--bogus").returncode == 2


def test_version_and_locate(tmp_path: Path) -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("reader ")
    out = run("locate")
    assert out.returncode == 0
    assert str(tmp_path / "data") in out.stdout


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_algorithms_through_the_cli(algorithm: str, capsys) -> None:
    assert main(["summarize", str(SEED), "-a", algorithm, "-n", "2", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["algorithm"] == algorithm and len(rows[0]["summary"]) == 2


def test_text_and_markdown_formats_are_safe(tmp_path: Path, capsys) -> None:
    p = tmp_path / "evil.txt"
    p.write_text("Evil \x1b[2J text \x1b]0;pwned\x07 here. [bold red]x[/] said Bob. "
                 "Second sentence \x9b31m is here.", encoding="utf-8")
    for fmt in ("text", "markdown", "jsonl"):
        assert main(["analyze", str(p), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert main(["summarize", str(p), "--format", "jsonl"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert "\x1b[2J" in row["text"]  # the data itself is unchanged


def test_ratio_option(capsys) -> None:
    assert main(["summarize", str(SEED), "--ratio", "0.2", "--format", "jsonl"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert len(row["summary"]) == 4  # 20% of 20 summarisable sentences


def test_every_registered_command_runs_and_is_in_the_help(capsys) -> None:
    from reader.cli.registry import COMMANDS

    for command in COMMANDS:
        assert main([command.name, "--help"]) == 0, command.name
    capsys.readouterr()
    assert main(["--help"]) == 0
    shown = capsys.readouterr().out
    assert all(c.name in shown for c in COMMANDS)
    assert main(["bookmark"]) == 2
    assert "did you mean 'bookmarks'" in capsys.readouterr().err


def test_bookmarks_export_is_reader_export(capsys) -> None:
    from ..conftest import SEED

    assert main(["bookmarks", "add", str(SEED), "--sentence", "2", "--note", "n"]) == 0
    capsys.readouterr()
    for fmt in ("markdown", "json"):
        assert main(["bookmarks", "export", "--format", fmt]) == 0
        alias = capsys.readouterr().out
        assert main(["export", fmt]) == 0
        assert capsys.readouterr().out == alias


class _Terminal(io.StringIO):
    """stderr as a terminal: the progress bar is drawn into it."""

    def isatty(self) -> bool:
        return True


def test_add_draws_a_progress_bar_on_a_terminal_with_names_made_inert(tmp_path) -> None:
    from reader.cli.collection import run_add

    hostile = tmp_path / "evil\x1b]0;pwned\x07\x1b[2J.txt"
    hostile.write_text("A harbour story. The boats came in late that night.\n")
    (tmp_path / "b.txt").write_text("Broken \xff".encode("latin-1").decode("latin-1"))
    (tmp_path / "c.bin").write_bytes(b"\x00\x01\x02" * 400)
    out, err = io.StringIO(), _Terminal()
    assert run_add([str(tmp_path)], out, err) == 0  # c.bin: not a supported suffix
    drawn = err.getvalue()
    assert "added 2 articles" in drawn
    assert "\x07" not in drawn and "]0;pwned" not in drawn.replace("␛]0;pwned", "")
    assert "\x1b[2J" not in drawn  # the file name's escape never reaches the terminal
    assert "\x1b[" in drawn  # and the bar was drawn (rich's own codes)
    piped = io.StringIO()
    assert run_add([str(hostile)], io.StringIO(), piped) == 0
    assert "\x1b" not in piped.getvalue()  # not a terminal: no bar, no codes at all


def _library_of(n: int) -> None:
    from reader.core.document import Document
    from reader.core.library import Library, Store

    with Store() as store:
        library = Library(store)
        for i in range(n):
            source = f"/nowhere/article-{i}.txt"
            library.register(Document(text=f"Article {i} about the harbour.", title=f"A{i}",
                                      source=source), source)


def test_list_lists_everything_and_says_what_a_limit_left_out(capsys) -> None:
    _library_of(1005)
    assert main(["list", "--format", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1005 and captured.err == ""  # no silent cap
    assert main(["list", "--limit", "2"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2
    assert "1,003 more articles not listed (--limit 2)" in captured.err


def test_a_closed_pipe_ends_every_command_quietly() -> None:
    """``reader … | head -1``: no BrokenPipeError traceback, no complaint at exit."""
    _library_of(3000)
    for argv in (["list"], ["list", "--format", "jsonl"], ["search", "harbour", "-n", "3000"]):
        proc = subprocess.Popen([sys.executable, "-m", "reader", *argv],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()  # as head -1 does
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == 141, (argv, err)
        assert "Traceback" not in err and "BrokenPipe" not in err and err == "", (argv, err)


def test_words_say_what_they_mean(tmp_path: Path, capsys) -> None:
    short = tmp_path / "short.txt"
    short.write_text("The harbour board met on Tuesday. It agreed on a plan.\n",
                     encoding="utf-8")
    assert main(["summarize", str(short), "--sentences", "1"]) == 0
    assert "(auto, 1 sentence)" in capsys.readouterr().out
    assert main(["entities", "--help"]) == 0
    assert "people, organisations and places" in capsys.readouterr().out
    assert main(["bookmarks", "add", str(short), "--sentence", "2"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip().isdigit()  # the id alone: scripts read it
    assert "bookmark" in captured.err and "sentence 2 of" in captured.err
    assert main(["feeds", "list"]) == 0
    assert "no feeds" in capsys.readouterr().out
    from reader.core.document import LoadError
    from reader.core.sources.web import check_url

    with pytest.raises(LoadError, match=r"\(an address without a scheme is not\)"):
        check_url("example.com/page")


def test_bookmarks_edit_changes_a_note_and_tags_from_a_script(capsys) -> None:
    assert main(["bookmarks", "add", str(SEED), "--sentence", "2", "--note", "first"]) == 0
    capsys.readouterr()
    assert main(["bookmarks", "edit", "1", "--note", "second thoughts", "--tag", "china",
                 "--tag", "later, check"]) == 0
    assert "note: second thoughts #china #later #check" in capsys.readouterr().out
    assert main(["bookmarks", "edit", "1", "--tag", ""]) == 0  # no tags; the note stays
    out = capsys.readouterr().out
    assert "second thoughts" in out and "#" not in out
    assert main(["bookmarks", "edit", "1"]) == 2
    assert main(["bookmarks", "edit", "99", "--note", "x"]) == 1
    assert "no bookmark with id 99" in capsys.readouterr().err


def test_quotes_list_their_speakers_a_row_each(capsys) -> None:
    assert main(["quotes", str(SEED), "--format", "jsonl"]) == 0
    row = json.loads(capsys.readouterr().out)
    said = [q["speaker"] for q in row["quotes"] if q["speaker"]]
    assert sum(s["quotes"] for s in row["speakers"]) == len(said)
    assert all(set(s) == {"name", "also", "quotes"} for s in row["speakers"])
    assert main(["quotes", str(SEED)]) == 0
    out = capsys.readouterr().out
    top = row["speakers"][0]
    assert f"-- speakers ({len(row['speakers'])})" in out and f"{top['name']}" in out
