"""reader speak: real espeak-ng where it is installed (Debian's espeak-ng; .ci/run installs it
as root), the one line saying how to get it where it is not."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest

from reader.cli import main

from ..conftest import SEED

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (Debian: apt-get install espeak-ng; .ci/run installs "
           "it when it runs as root)")


def _seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


@needs_espeak
@pytest.mark.parametrize("rate", [130, 220])
def test_speak_writes_a_wav_as_long_as_its_words_at_the_rate(tmp_path: Path, rate: int,
                                                              capsys) -> None:
    out = tmp_path / "seed.wav"
    assert main(["speak", str(SEED), "--rate", str(rate), "-o", str(out)]) == 0
    said = capsys.readouterr().err
    words = int(said.split("reader: ")[1].split(" words")[0].replace(",", ""))
    expected = words / rate * 60
    assert 0.75 * expected <= _seconds(out) <= 1.25 * expected
    assert f"at {rate} words a minute" in said and "s of audio" in said


@needs_espeak
def test_speak_the_summary_or_a_chapter(tmp_path: Path, capsys) -> None:
    whole, summary = tmp_path / "all.wav", tmp_path / "summary.wav"
    assert main(["speak", str(SEED), "-o", str(whole)]) == 0
    assert main(["speak", str(SEED), "--summary", "-o", str(summary)]) == 0
    assert 0 < _seconds(summary) < 0.6 * _seconds(whole)
    book = tmp_path / "book.txt"
    book.write_text("Chapter 1\n\nThe harbour was quiet that morning. The council met.\n\n"
                    "Chapter 2\n\nThe vote was close. Everyone went home afterwards.\n"
                    * 1, encoding="utf-8")
    capsys.readouterr()
    assert main(["speak", str(book), "--chapter", "3", "-o", str(tmp_path / "c.wav")]) == 1
    err = capsys.readouterr().err
    assert "no chapter 3" in err or "has no chapters" in err
    assert main(["speak", "--voices"]) == 0
    assert any(line.split()[1].startswith("en") for line in capsys.readouterr().out.splitlines()
               if len(line.split()) > 1)


def test_speak_without_espeak_says_how_to_get_it(monkeypatch, tmp_path: Path,
                                                 capsys) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng on it
    assert main(["speak", str(SEED), "-o", str(tmp_path / "x.wav")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "apt-get install espeak-ng" in err
