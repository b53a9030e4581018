"""The architecture rule: core/ never imports Qt."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).parents[2] / "mct_desktop" / "core"


def test_no_qt_import_statement_in_core():
    for file in CORE.glob("*.py"):
        for node in ast.walk(ast.parse(file.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] in {"PySide6", "shiboken6", "PyQt6"} for n in names), (
                file
            )


def test_core_and_token_command_load_without_qt():
    code = (
        "import sys, importlib, pkgutil, mct_desktop.core as c;"
        "import mct_desktop.commands.token, mct_desktop.commands.portals;"
        "[importlib.import_module('mct_desktop.core.' + m.name)"
        " for m in pkgutil.iter_modules(c.__path__)];"
        "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
