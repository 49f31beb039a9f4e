"""The core knows nothing of Textual (checked in a fresh interpreter)."""

import subprocess
import sys


def test_core_and_cli_do_not_import_textual() -> None:
    code = (
        "import sys, reader.cli, reader.core.analysis, reader.core.documents, "
        "reader.core.sentences, reader.core.summarize, reader.core.entities, "
        "reader.core.quotes, reader.core.textsafe, reader.core.paths\n"
        "from reader.core.analysis import analyze\n"
        "from reader.core.documents import Document\n"
        "analyze(Document(text='Mr. Smith went to Washington. He said \"hi\".', title='t', "
        "source='x'))\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_first_paint_happens_before_heavy_imports() -> None:
    code = (
        "import sys\n"
        "from reader.ui.app import ReaderApp\n"
        "class Probe(ReaderApp):\n"
        "    def on_mount(self):\n"
                "        self.call_after_refresh(self.probe)\n"
        "    def probe(self):\n"
        "        heavy = ('sumy', 'nltk', 'numpy', 'trafilatura', 'charset_normalizer')\n"
        "        print(sorted(m for m in heavy if m in sys.modules))\n"
        "        self.exit()\n"
        "Probe([]).run(headless=True)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "[]"
