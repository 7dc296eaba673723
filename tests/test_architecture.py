"""The layers stay apart: the engines in tools/ never reach into the app."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_tools_never_import_app():
    offenders = {str(p.relative_to(ROOT)): sorted(m for m in _imported_modules(p) if m == "app" or m.startswith("app."))
                 for p in (ROOT / "tools").rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_engine_cli_runs_without_the_app_package():
    # With `app` made unimportable, the engine commands still load and parse.
    code = ("import sys; sys.modules['app'] = None; from tools.cli import build_parser; "
            "build_parser().parse_args(['listings', 'x.csv', '--out', 'y.jsonl'])")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
