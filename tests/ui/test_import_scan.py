"""PySide6's per-import source scan keeps no source in memory and decides as PySide6 does."""

import os
import subprocess
import sys
import textwrap


def _run(code: str, cwd: str | None = None) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_modules_imported_after_pyside_leave_no_source_behind(tmp_path):
    (tmp_path / "uses_qt.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "plain.py").write_text("VALUE = 1\n")
    out = _run(
        """
        import linecache, sys
        sys.path.insert(0, ".")
        from mct_desktop.app import _make_application
        app = _make_application()
        sys.excepthook = sys.__excepthook__  # a failure here is a traceback, not a dialog
        import uses_qt, plain, mct_desktop.ui.main_window
        decided = sys.modules["shibokensupport.feature"].pyside_feature_dict
        kept = [name for name in linecache.cache if not name.startswith("<")]
        print(decided["uses_qt"], decided["plain"], kept)
        """,
        cwd=str(tmp_path),
    )
    assert out == "0 -1 []"


def test_the_decision_is_pyside6s_own_for_every_module_loaded():
    # PySide6's own scan, kept before it is replaced, judges every module the app loads.
    out = _run(
        """
        import sys
        import PySide6.QtCore
        feature = sys.modules["shibokensupport.feature"]
        pyside_scan = feature._mod_uses_pyside
        from mct_desktop.ui import import_scan
        assert import_scan.lighten() and feature._mod_uses_pyside is import_scan.mentions_pyside
        import mct_desktop.ui.main_window, mct_desktop.ui.console.console, httpx, sqlite3, csv
        import PySide6.QtWebEngineWidgets
        modules = list(sys.modules.values())
        differ = [m.__name__ for m in modules
                  if import_scan.mentions_pyside(m) != pyside_scan(m)]
        print(len(modules) > 300, sum(map(import_scan.mentions_pyside, modules)) > 30, differ)
        """
    )
    assert out == "True True []"
