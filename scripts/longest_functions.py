"""The longest functions under a folder (lines from ``def`` to its last line).

    python scripts/longest_functions.py reader [N]
"""

import ast
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
top = int(sys.argv[2]) if len(sys.argv) > 2 else 6
rows = []
for path in root.rglob("*.py"):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = f"{path.relative_to(root.parent)}:{node.name}"
            rows.append((node.end_lineno - node.lineno + 1, name))
for n, name in sorted(rows, reverse=True)[:top]:
    print(n, name)
