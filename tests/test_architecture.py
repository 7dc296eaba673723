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


# --- session keys are named in app/ui/keys.py --------------------------------------------------------------

_KEY_VARIABLE = ("key", "widget")


def _is_text(node) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _is_session_state(node) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


def literal_session_keys(source: str) -> list[int]:
    """Lines where a session_state key or a widget key= is written as a string instead of a keys.py name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and node.arg == "key" and _is_text(node.value):
            found.append(node.value.lineno)
        elif isinstance(node, ast.Subscript) and _is_session_state(node.value) and _is_text(node.slice):
            found.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _is_session_state(node.func.value):
            if node.func.attr in ("get", "pop", "setdefault") and node.args and _is_text(node.args[0]):
                found.append(node.lineno)
            elif node.func.attr == "update" and node.keywords:
                found.append(node.lineno)  # update(name=value) spells the keys as argument names
        elif isinstance(node, ast.Compare) and _is_text(node.left) and any(
                isinstance(op, (ast.In, ast.NotIn)) for op in node.ops) and any(map(_is_session_state, node.comparators)):
            found.append(node.lineno)
        elif isinstance(node, ast.Assign) and _is_text(node.value) and any(
                isinstance(t, ast.Name) and (t.id in _KEY_VARIABLE or t.id.endswith("_key")) for t in node.targets):
            found.append(node.lineno)
    return sorted(found)


def test_the_key_check_sees_each_spelling():
    source = ('st.text_input("Tên", key="name")\nst.session_state["a"] = 1\nst.session_state.get(f"b_{i}")\n'
              'if "c" in st.session_state: pass\nst.session_state.update(d=1)\nseed_key = f"q-{n}"\n'
              'st.text_input("Tên", key=K.NAME)\nst.session_state[keys.USER] = 1\n')
    assert literal_session_keys(source) == [1, 2, 3, 4, 5, 6]


def test_views_name_their_session_keys_in_keys_py():
    files = [*(ROOT / "app" / "views").glob("*.py"), *(ROOT / "app" / "ui").glob("*.py")]
    offenders = {str(p.relative_to(ROOT)): literal_session_keys(p.read_text(encoding="utf-8"))
                 for p in files if p.name != "keys.py"}
    assert {k: v for k, v in offenders.items() if v} == {}
