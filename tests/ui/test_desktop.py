"""Desktop polish: menus and shortcuts, state kept between runs, diagnostics, self-test."""

import logging
import os
import re
import subprocess
import sys
import time

from PySide6.QtGui import QGuiApplication

from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.tokens import TokenPair
from mct_desktop.demo import jwt
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.main_window import MainWindow

ACCESS = jwt.sign({"exp": int(time.time()) + 600, "name": "Ada"}, b"k")


def window(qtbot):
    widget = MainWindow(PortalService(), BrowserProfiles())
    qtbot.waitUntil(lambda: widget.is_ready, timeout=5000)  # after the first paint
    qtbot.addWidget(widget)
    return widget


def test_every_shortcut_is_a_menu_action(qtbot):
    main = window(qtbot)
    actions = main.actions_by_name
    shortcuts = {
        name: a.shortcut().toString() for name, a in actions.items() if not a.shortcut().isEmpty()
    }
    assert shortcuts["send"] == "Ctrl+Return"
    assert shortcuts["path"] == "Ctrl+L" and shortcuts["filter"] == "Ctrl+K"
    assert shortcuts["copy_token"] == "Ctrl+Shift+C" and shortcuts["refresh"] == "Ctrl+R"
    assert "(Ctrl+Return)" in actions["send"].toolTip()
    assert len(set(shortcuts.values())) == len(shortcuts)  # no key owned twice


def test_copy_access_token_action(qtbot):
    service = PortalService()
    service.store_tokens(service.add_portal("a.example"), TokenPair(ACCESS, "r"))
    main = window(qtbot)
    main.actions_by_name["copy_token"].trigger()
    assert QGuiApplication.clipboard().text() == ACCESS
    assert "cleared from the clipboard in 30 s" in main.messages.text()


def test_geometry_splitters_tab_and_last_request_survive_a_restart(qtbot, isolated_home):
    first = window(qtbot)
    first.resize(700, 500)
    first.console.editor.load(
        ApiRequest(
            "GET",
            "/api/v2/Courses",
            query=[("page", "2")],
            headers=[("Authorization", "Bearer secret-typed")],
        )
    )
    first.tabs.setCurrentIndex(1)
    first.close()
    state = (isolated_home / "config" / "mct-desktop" / "ui-state.json").read_text()
    assert "secret-typed" not in state
    second = window(qtbot)
    assert second.size().width() == 700 and second.tabs.currentIndex() == 1
    # The path field shows the query (issue 13 item 1); the request keeps them apart.
    assert second.console.editor.target.text() == "/api/v2/Courses?page=2"
    assert second.console.editor.to_request().target == "/api/v2/Courses"
    assert second.console.editor.params.pairs() == [("page", "2")]
    assert second.console.editor.headers.pairs() == []


def test_diagnostics_are_redacted(qtbot, isolated_home):
    from mct_desktop.core.support.logs import enable_file_log

    path = enable_file_log()
    logging.getLogger("test").warning("callback mctapp://x#access_token=%s", ACCESS)
    for handler in logging.getLogger().handlers:
        if hasattr(handler, "baseFilename"):
            handler.flush()
    assert path is not None and ACCESS not in path.read_text()
    main = window(qtbot)
    main.actions_by_name["diagnostics"].trigger()
    copied = QGuiApplication.clipboard().text()
    assert "MCT Desktop" in copied and "Chromium" in copied and "access_token=<redacted>" in copied
    assert ACCESS not in copied
    logging.getLogger().handlers = [
        h for h in logging.getLogger().handlers if not hasattr(h, "baseFilename")
    ]


def test_self_test_runs_every_step(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "mct_desktop", "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    steps = [
        re.sub(r"^ok\s+[\d.]+ ms\s+", "", line)
        for line in done.stdout.splitlines()
        if line.startswith("ok")
    ]
    assert steps == [
        "system libraries",
        "display",
        "Qt widgets",
        "browser engine started, blank page asked for",
        "main window shown",
        "browser engine (blank page loaded)",
    ]
    assert done.stdout.strip().endswith("self-test passed")


def test_self_test_names_a_missing_display(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "mct_desktop", "--self-test"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 1
    assert "FAILED  display: No display found" in done.stderr


def test_missing_libraries_are_named_with_their_package(monkeypatch):
    from mct_desktop.core.support import system_check

    class Done:
        stdout = (
            "\tlibnss3.so => not found\n\tlibc.so.6 => /lib/libc.so.6\n"
            "\tlibweird.so.9 => not found\n"
        )

    monkeypatch.setattr(system_check.subprocess, "run", lambda *a, **k: Done())
    monkeypatch.setattr(system_check.shutil, "which", lambda name: "/usr/bin/ldd")
    from pathlib import Path

    missing = system_check.missing_libraries([Path("/x/libQt6WebEngineCore.so.6")])
    assert [str(m) for m in missing] == [
        "libnss3.so, needed by libQt6WebEngineCore.so.6 (Debian/Ubuntu package libnss3)",
        "libweird.so.9, needed by libQt6WebEngineCore.so.6",
    ]
    assert system_check.install_hint(missing) == "sudo apt-get install libnss3"


def test_one_ldd_over_several_binaries_names_who_needs_what(monkeypatch):
    # One process for all: ldd heads each file's section with its path.
    from pathlib import Path

    from mct_desktop.core.support import system_check

    xcb, engine = Path("/q/libqxcb.so"), Path("/q/libQt6WebEngineCore.so.6")
    asked = []

    class Done:
        stdout = (
            f"{xcb}:\n\tlibxcb-cursor.so.0 => not found\n\tlibc.so.6 => /lib/libc.so.6\n"
            f"{engine}:\n\tlibnss3.so => not found\n"
        )

    def run(argv, **_kwargs):
        asked.append(argv)
        return Done()

    monkeypatch.setattr(system_check.subprocess, "run", run)
    monkeypatch.setattr(system_check.shutil, "which", lambda name: "/usr/bin/ldd")
    missing = system_check.missing_libraries([xcb, engine])
    assert asked == [["ldd", str(xcb), str(engine)]]
    assert [(m.library, m.needed_by) for m in missing] == [
        ("libxcb-cursor.so.0", "libqxcb.so"),
        ("libnss3.so", "libQt6WebEngineCore.so.6"),
    ]


def test_the_real_ldd_over_several_files_finds_a_really_missing_library(tmp_path):
    # Real files, the real ldd: Qt's three binaries, and a library built here against a
    # dependency that is then removed.
    import shutil
    import subprocess

    from mct_desktop.core.support import system_check

    binaries = system_check.qt_binaries()
    assert len(binaries) == 3
    assert system_check.missing_libraries(binaries) == []  # this machine has what Qt needs
    if shutil.which("gcc") is None:
        return  # the rest needs a compiler
    (tmp_path / "gone.c").write_text("int gone(void) { return 1; }\n")
    (tmp_path / "needs.c").write_text("int gone(void);\nint needs(void) { return gone(); }\n")
    gcc = ["gcc", "-shared", "-fPIC", "-o"]
    subprocess.run([*gcc, str(tmp_path / "libgone.so"), str(tmp_path / "gone.c")], check=True)
    subprocess.run(
        [*gcc, str(tmp_path / "libneeds.so"), str(tmp_path / "needs.c"), f"-L{tmp_path}", "-lgone"],
        check=True,
    )
    (tmp_path / "libgone.so").unlink()
    missing = system_check.LibraryCheck([*binaries, tmp_path / "libneeds.so"]).result()
    assert [(m.library, m.needed_by) for m in missing] == [("libgone.so", "libneeds.so")]


def test_about_dialog_names_versions_and_places(qtbot):
    from mct_desktop.ui.about_dialog import AboutDialog

    dialog = AboutDialog("SecretService.Keyring")
    qtbot.addWidget(dialog)
    text = dialog.layout().itemAt(0).widget().text()
    assert "Chromium" in text and "SecretService.Keyring" in text and "mct-desktop" in text
