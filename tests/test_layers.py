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
