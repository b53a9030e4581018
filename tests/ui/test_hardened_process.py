"""QtWebEngine starts and renders in a process made private and non-dumpable at start."""

from tests.unit.test_private_files import run_python


def test_qtwebengine_still_starts_in_a_hardened_process(tmp_path):
    result = run_python(
        """
        import os, sys
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from mct_desktop.cli import main
        main(["portals", "list"])
        from mct_desktop.ui.qt_env import prepare_process
        prepare_process()
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from PySide6.QtWebEngineWidgets import QWebEngineView
        app = QApplication([])
        view = QWebEngineView()
        answers = []
        def loaded(ok):
            view.page().runJavaScript("6 * 7", 0, lambda value: (answers.append(value), app.quit()))
        view.loadFinished.connect(loaded)
        view.setHtml("<p>hello</p>")
        QTimer.singleShot(60000, app.quit)
        app.exec()
        print(answers)
        """,
        tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith(("[42]", "[42.0]")), result.stdout + result.stderr[-2000:]
