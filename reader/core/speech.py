"""Reading aloud, offline, with espeak-ng.

The engine is the ``espeak-ng`` program (Debian's ``espeak-ng`` package), run as a child
process — not a binding such as pyttsx3, which drives the same library inside reader's own
process: a child can be stopped at once (quitting, leaving the article, Escape), never holds
up the interface, and a crash in it is not reader's. It writes WAV (``-w``) or plays on the
default sound device. A sentence is one run, so the sentence being spoken is always known
exactly (reader already has every sentence's offsets).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PROGRAM = "espeak-ng"
#: espeak-ng's rate is words per minute; reader's default and its bounds.
DEFAULT_RATE = 175
MIN_RATE, MAX_RATE = 80, 450
#: How to get the engine, said where it is missing.
INSTALL = ("reading aloud needs espeak-ng: 'sudo apt-get install espeak-ng' on Debian or "
           "Ubuntu, 'brew install espeak-ng' on macOS")
#: reader's summary languages -> espeak-ng voices.
LANGUAGE_VOICES = {"english": "en", "german": "de", "french": "fr", "spanish": "es",
                   "italian": "it", "portuguese": "pt", "dutch": "nl", "czech": "cs",
                   "slovak": "sk", "ukrainian": "uk", "greek": "el", "hebrew": "he",
                   "japanese": "ja", "chinese": "cmn", "russian": "ru", "polish": "pl"}


class SpeechError(Exception):
    """The engine cannot do what was asked; the message is one line for a person."""


@dataclass(frozen=True)
class Voice:
    name: str  # what --voice takes (espeak-ng's file name: "gmw/en-GB-x-rp" or a language)
    language: str
    label: str


def missing() -> str | None:
    """Why reading aloud cannot work here (None: it can)."""
    return None if shutil.which(PROGRAM) else INSTALL


def voices() -> list[Voice]:
    """The voices espeak-ng has, as ``espeak-ng --voices`` lists them."""
    _need()
    out = subprocess.run([PROGRAM, "--voices"], capture_output=True, text=True, timeout=30)
    found = []
    for line in out.stdout.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5:
            found.append(Voice(parts[4], parts[1], parts[3].replace("_", " ")))
    return found


def voice_for(language: str) -> str:
    """The voice for a document's language (English where espeak-ng has none for it)."""
    return LANGUAGE_VOICES.get(language.lower(), "en")


def clamp_rate(rate: int) -> int:
    return max(MIN_RATE, min(MAX_RATE, int(rate)))


def _command(rate: int, voice: str) -> list[str]:
    return [PROGRAM, "-s", str(clamp_rate(rate)), "-v", voice]


def _need() -> None:
    why = missing()
    if why:
        raise SpeechError(why)


def write_wav(text: str, path: Path, rate: int = DEFAULT_RATE, voice: str = "en") -> None:
    """Speak *text* into a WAV file (the text goes by a temporary file: a whole book is too
    long for a command line; never interpreted as markup or commands)."""
    _need()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8",
                                     delete=False) as f:
        f.write(text)
        name = f.name
    try:
        done = subprocess.run([*_command(rate, voice), "-b", "1", "-w", str(path), "-f", name],
                              capture_output=True, text=True)
    finally:
        os.unlink(name)
    if done.returncode != 0 or not path.exists():
        raise SpeechError(f"espeak-ng could not write {path}: "
                          f"{(done.stderr or '').strip()[:200] or 'no reason given'}")


def play(text: str, rate: int = DEFAULT_RATE, voice: str = "en") -> subprocess.Popen:
    """Start speaking *text* on the sound device; the caller waits for it, or stops it."""
    _need()
    process = subprocess.Popen([*_command(rate, voice), "-b", "1", "--stdin"],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    assert process.stdin is not None
    process.stdin.write(text.encode("utf-8"))
    process.stdin.close()
    return process


def no_sound_device(stderr: str) -> bool:
    """Whether espeak-ng failed for want of a sound device (a server, CI, ssh)."""
    text = stderr.lower()
    return any(x in text for x in ("audio", "alsa", "pulse", "portaudio", "device",
                                   "connection refused"))


class Speaking:
    """One sentence being spoken: wait for it (on a worker thread), or stop it at once."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process

    def wait(self) -> str | None:
        """Until it is spoken; why it failed (None: it was spoken, or stopped)."""
        assert self.process.stderr is not None
        problem = self.process.stderr.read().decode("utf-8", "replace")
        code = self.process.wait()
        if code < 0:  # stopped
            return None
        if code or problem.strip():
            return ("no sound device here: 'reader speak FILE -o out.wav' writes the audio"
                    if no_sound_device(problem) else problem.strip()[:200] or "espeak-ng failed")
        return None

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, 15)
            except (ProcessLookupError, PermissionError):
                self.process.terminate()


class Espeak:
    """The engine: one espeak-ng process a sentence."""

    def say(self, text: str, rate: int, voice: str) -> Speaking:
        return Speaking(play(text, rate, voice))
