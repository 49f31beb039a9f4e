"""The layers hold: import-linter's contracts (pyproject.toml), and the core knows nothing of
Textual (checked in a fresh interpreter too)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_import_contracts_hold() -> None:
    """Layers cli > ui > core, no Textual in core, no SQL in the UI, no cycles anywhere."""
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    out = subprocess.run([lint, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "7 kept, 0 broken" in out.stdout


#: Classes allowed to be assembled from several reader classes (mixins sharing one
#: ``self``): none. A screen with many responsibilities is made of parts (reader.ui.parts).
MIXED_DEBT: set[str] = set()


def _classes() -> dict[str, tuple[str, list[str], int]]:
    """Every class under reader/: (module, its reader-defined bases, its own methods)."""
    import ast

    found: dict[str, tuple[str, list[str], int]] = {}
    for path in (ROOT / "reader").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [b.id for b in node.bases if isinstance(b, ast.Name)]
                methods = sum(isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef))
                              for b in node.body)
                found[node.name] = (path.name, bases, methods)
    return found


def test_rooms_by_responsibility_not_by_length() -> None:
    """No module over 600 lines; no class with more than 40 methods, counting those of the
    reader classes it is built from; no class built from several reader classes (mixins
    sharing one self) but the debts named above."""
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
             for p in (ROOT / "reader").rglob("*.py")}
    assert max(sizes.values()) <= 600, {k: v for k, v in sizes.items() if v > 600}
    classes = _classes()

    def methods(name: str) -> int:
        _, bases, own = classes[name]
        return own + sum(methods(b) for b in bases if b in classes)

    mixed = {name for name, (_, bases, _) in classes.items()
             if sum(b in classes for b in bases) > 1}
    assert mixed <= MIXED_DEBT, mixed - MIXED_DEBT
    too_big = {name: methods(name) for name in classes
               if name not in MIXED_DEBT and methods(name) > 40}
    assert not too_big, too_big


def test_core_and_cli_do_not_import_textual() -> None:
    code = (
        "import sys, reader.cli, reader.core.analysis, reader.core.sources, "
        "reader.core.library, reader.core.analysis.sentences, reader.core.analysis.summarize, "
        "reader.core.analysis.entities, reader.core.analysis.quotes, reader.core.textsafe, "
        "reader.core.paths\n"
        "from reader.core.analysis import analyze\n"
        "from reader.core.document import Document\n"
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


def test_every_reading_key_reaches_a_method_of_its_part() -> None:
    """The reading screen's keys are routed to its parts: each names a part and one of that
    part's methods, with the arguments it takes; every id is kept and used once."""
    import inspect

    from textual.actions import parse

    from reader.ui.screens.reading.screen import PARTS, ReadingScreen

    ids = [b.id for b in ReadingScreen.BINDINGS]
    assert all(ids) and len(ids) == len(set(ids))
    routed = 0
    for binding in ReadingScreen.BINDINGS:
        _, action, params = parse(binding.action)
        if action != "part":
            assert binding.action in ("back", "app.focus_next"), binding.action
            continue
        name, method, *arguments = params
        function = getattr(PARTS[name], method)
        inspect.signature(function).bind(None, *arguments)  # self, then the arguments
        routed += 1
    assert routed == sum(len(part.BINDINGS) for part in PARTS.values()) >= 30
