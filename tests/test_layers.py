"""The layers hold: import-linter's contracts (pyproject.toml), and the core knows nothing of
Textual (checked in a fresh interpreter too)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    """Layers cli > ui > core, no Textual in core, no SQL in the UI, no cycles anywhere."""
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    out = subprocess.run([lint, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "4 kept, 0 broken" in out.stdout


def test_no_ui_module_is_a_monolith() -> None:
    """A screen coordinates; widgets live in their own files (about 400 lines at most)."""
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines())
             for p in (ROOT / "reader" / "ui").rglob("*.py")}
    assert max(sizes.values()) <= 400, sizes


def test_core_and_cli_do_not_import_textual() -> None:
    code = (
        "import sys, reader.cli, reader.core.analysis, reader.core.documents, "
        "reader.core.library, reader.core.analysis.sentences, reader.core.analysis.summarize, "
        "reader.core.analysis.entities, reader.core.analysis.quotes, reader.core.textsafe, "
        "reader.core.paths\n"
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
