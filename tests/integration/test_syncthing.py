"""Sync between two data directories through two folders kept in step by two real Syncthing
instances on loopback (Debian's ``syncthing``; configured here in temporary homes, global
and local discovery, relays, NAT and usage reports off). Skipped where syncthing is absent.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from reader.core.document import Document
from reader.core.library import Library, Store
from reader.core.library.sync import sync_round
from reader.core.library.sync.journal import SUBFOLDER

pytestmark = pytest.mark.skipif(
    shutil.which("syncthing") is None,
    reason="syncthing is not installed (Debian: apt-get install syncthing; .ci/run installs "
           "it when it runs as root)")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Instance:
    """One Syncthing: its home, device id, ports, API key and process."""

    def __init__(self, home: Path, folder: Path) -> None:
        self.home, self.folder = home, folder
        home.mkdir(parents=True)
        folder.mkdir(parents=True)
        (folder / ".stfolder").mkdir()
        out = subprocess.run(["syncthing", "generate", "--home", str(home),
                              "--no-default-folder"], capture_output=True, text=True,
                             timeout=60, check=True)
        found = re.search(r"Device ID:\s*([A-Z0-9-]{50,})", out.stdout + out.stderr)
        assert found, out.stdout + out.stderr
        self.id = found.group(1)
        self.port, self.gui, self.key = _port(), _port(), secrets.token_hex(16)
        self.process: subprocess.Popen | None = None

    def configure(self, peer: Instance) -> None:
        devices = "".join(f'<device id="{d.id}"></device>' for d in (self, peer))
        config = f"""<configuration version="36">
    <folder id="reader" label="reader" path="{self.folder}" type="sendreceive"
            rescanIntervalS="1" fsWatcherEnabled="false">{devices}</folder>
    <device id="{self.id}" name="me" compression="metadata">
        <address>tcp://127.0.0.1:{self.port}</address></device>
    <device id="{peer.id}" name="peer" compression="metadata">
        <address>tcp://127.0.0.1:{peer.port}</address></device>
    <gui enabled="true" tls="false"><address>127.0.0.1:{self.gui}</address>
        <apikey>{self.key}</apikey></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{self.port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <startBrowser>false</startBrowser>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <reconnectionIntervalS>1</reconnectionIntervalS>
    </options>
</configuration>
"""
        (self.home / "config.xml").write_text(config, encoding="utf-8")

    def start(self) -> None:
        env = {"STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1", "HOME": str(self.home),
               "PATH": "/usr/bin:/bin"}
        self.process = subprocess.Popen(
            ["syncthing", "serve", "--home", str(self.home), "--no-browser", "--no-restart",
             "--logflags=0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    def scan(self) -> None:
        """Ask for a rescan now (the tests do not wait for the periodic one)."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui}/rest/db/scan?folder=reader", method="POST",
            headers={"X-API-Key": self.key})
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(request, timeout=5).read()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _arrived(source: Path, target: Path, timeout: float = 90.0) -> None:
    """Wait until every journal in *source* is in *target*, whole."""
    deadline = time.monotonic() + timeout
    while True:
        mine = {p.name: p.read_bytes() for p in (source / SUBFOLDER).glob("*.jsonl")}
        there = target / SUBFOLDER
        if mine and all((there / name).is_file() and (there / name).read_bytes() == data
                        for name, data in mine.items()):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the journals did not reach {target} in {timeout:.0f} s")
        time.sleep(0.5)


def test_two_devices_sync_through_two_syncthing_instances(tmp_path: Path) -> None:
    one = Instance(tmp_path / "home-one", tmp_path / "Sync-one")
    two = Instance(tmp_path / "home-two", tmp_path / "Sync-two")
    one.configure(two)
    two.configure(one)
    laptop = Library(Store(tmp_path / "laptop.db"))
    phone = Library(Store(tmp_path / "phone.db"))
    try:
        one.start()
        two.start()
        doc = Document(text="The harbour was quiet. The council met at dawn.", title="Harbour",
                       source="/home/me/harbour.txt", meta={"path": "/home/me/harbour.txt"})
        art = laptop.register(doc, doc.source)
        laptop.add_mark(art, "highlight", 1, 1, (23, 47), "The council met at dawn.",
                        note="on the laptop")
        assert sync_round(laptop.store, one.folder).sent == 2
        one.scan()
        _arrived(one.folder, two.folder)
        sync_round(phone.store, two.folder)
        (mark,) = phone.marks()
        assert (mark.title, mark.note) == ("Harbour", "on the laptop")
        phone.update_mark(mark, "edited on the phone", ["later"])
        sync_round(phone.store, two.folder)
        two.scan()
        _arrived(two.folder, one.folder)
        report = sync_round(laptop.store, one.folder)
        assert report.written == 1
        (back,) = laptop.marks()
        assert (back.note, back.tags) == ("edited on the phone", ["later"])
        lines = (one.folder / SUBFOLDER).glob("*.jsonl")
        assert all(json.loads(line) for p in lines for line in p.read_text().splitlines())
    finally:
        one.stop()
        two.stop()
        laptop.close()
        phone.close()
