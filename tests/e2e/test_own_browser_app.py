"""The app signs in with a real, headed Chromium against the demo portal; no browser outlives it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from mct_desktop.cli import main
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.browser_sign_in import running_sign_ins
from mct_desktop.ui.login_view import LoginWindow
from mct_desktop.ui.main_window import MainWindow
from tests.e2e.browser_support import (
    Tab,
    assert_no_browser_left,
    require_chromium,
    wait_for_port_file,
)

pytestmark = pytest.mark.browser
ROOT = Path(__file__).parents[2]


@pytest.fixture
def tmp(monkeypatch, isolated_home):
    """Short temporary dirs for Chromium's profile and socket (see test_own_browser.py)."""
    require_chromium()
    tmp = Path(tempfile.mkdtemp(prefix="mct-a-"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.setenv("TMPDIR", str(tmp))
    yield tmp
    try:
        assert_no_browser_left(tmp)
        assert_no_browser_left(isolated_home)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def app_window(qtbot, demo):
    """The main window on the demo portal, ready; its sign-in ends with the test."""
    service = PortalService()
    service.add_portal(demo.url, "Demo")
    profiles = BrowserProfiles()
    window = MainWindow(service, profiles)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=5000):
        window.show()
    yield window
    window.sign_in.cancel()
    qtbot.waitUntil(lambda: running_sign_ins() == 0, timeout=20000)
    profiles.dispose()


def remembered(isolated_home: Path) -> str:
    path = isolated_home / "config" / "mct-desktop" / "settings.json"
    portal: dict[str, str] = json.loads(path.read_text())["portals"][0]
    return portal.get("sign_in_browser", "")


def wait_until_closed(qtbot, tmp: Path) -> float:
    """Seconds from now until the sign-in's browser is gone, process and profile."""
    started = time.monotonic()
    qtbot.waitUntil(lambda: running_sign_ins() == 0, timeout=20000)
    assert_no_browser_left(tmp, wait=0.5)
    return time.monotonic() - started


def test_sign_in_with_chromium_from_the_menu_is_remembered_and_stores_the_tokens(
    qtbot, demo, tmp, app_window, isolated_home
):
    demo.auto_sign_in = "admin@contoso.demo"
    statuses: list[str] = []
    app_window.sign_in.status.connect(lambda _portal, text: statuses.append(text))
    menu = app_window.sign_in_choice.menu
    menu.aboutToShow.emit()
    action = next(a for a in menu.actions() if a.text() == "Sign in with Chromium")
    with qtbot.waitSignal(app_window.sign_in.succeeded, timeout=40000) as signed_in:
        action.trigger()
    assert remembered(isolated_home) == "chromium"
    assert app_window.sign_in_button.text() == "Sign in with Chromium"
    portal, result = signed_in.args
    assert portal.sign_in_browser == "chromium" and result.user.startswith("Ada Admin")
    assert PortalService().tokens(portal).refresh_token in demo._refresh
    assert statuses[0] == "Starting chromium…"
    assert "Sign in to Demo in the chromium window." in statuses
    assert statuses[-1] == "Signed in; closing the browser."
    assert app_window.messages.kind == "success"
    # The browser was closed before the outcome was delivered.
    assert running_sign_ins() == 0
    assert_no_browser_left(tmp, wait=0.5)


def start_with_form_up(qtbot, window, demo, tmp):
    """Sign in with Chromium (remembered), and wait until its sign-in form is on screen."""
    window.sign_in_choice.choose("chromium")
    port, path, _profile = wait_for_port_file(tmp)
    tab = Tab.attach(port, path)
    try:
        tab.wait_until(
            "location.pathname === '/b2c/authorize' && document.readyState === 'complete'"
        )
    finally:
        tab.close()
    assert running_sign_ins() == 1 and window.sign_in.backend is not None


def test_sign_out_mid_sign_in_closes_the_browser(qtbot, demo, tmp, app_window):
    start_with_form_up(qtbot, app_window, demo, tmp)
    app_window.sign_out()
    assert app_window.sign_in.backend is None
    print(f"closed {wait_until_closed(qtbot, tmp):.2f} s after the sign-out")
    assert app_window.messages.text().startswith("Signed out of Demo")


def test_closing_the_main_window_mid_sign_in_closes_the_browser(qtbot, demo, tmp, app_window):
    start_with_form_up(qtbot, app_window, demo, tmp)
    app_window.close()
    print(f"closed {wait_until_closed(qtbot, tmp):.2f} s after the window closed")


def test_another_sign_in_started_closes_the_first_browser(
    qtbot, demo, tmp, app_window, isolated_home
):
    start_with_form_up(qtbot, app_window, demo, tmp)
    app_window.sign_in_choice.choose("embedded")  # the embedded window replaces it
    assert remembered(isolated_home) == ""
    assert app_window.sign_in.window is not None
    wait_until_closed(qtbot, tmp)


def test_the_user_closing_the_browser_is_reported(qtbot, demo, tmp, app_window):
    app_window.sign_in_choice.choose("chromium")
    port, path, _profile = wait_for_port_file(tmp)
    tab = Tab.attach(port, path)
    with qtbot.waitSignal(app_window.sign_in.failed, timeout=20000) as failed:
        tab.wait_until("location.pathname === '/b2c/authorize'")
        tab.connection.notify("Browser.close")
        tab.close()
    assert "closed before the sign-in finished" in failed.args[1]
    assert app_window.messages.kind == "error"
    wait_until_closed(qtbot, tmp)


@pytest.mark.webengine
@pytest.mark.parametrize("kind", ["google", "entra"])
def test_a_refused_embedded_sign_in_switches_to_chromium_in_one_click(
    qtbot, demo, tmp, app_window, isolated_home, kind
):
    demo.refuse_embedded = kind
    demo.auto_sign_in = "admin@contoso.demo"  # only Chromium gets this far
    app_window.start_sign_in()
    login = app_window.sign_in.window
    assert login is not None
    qtbot.waitUntil(lambda: login.banner.action.isVisible(), timeout=20000)
    assert login.banner.text().startswith("Your sign-in provider refuses embedded browsers (")
    assert login.banner.action.text() == "Sign in with Chromium"
    with qtbot.waitSignal(app_window.sign_in.succeeded, timeout=40000):
        qtbot.mouseClick(login.banner.action, Qt.MouseButton.LeftButton)
    assert remembered(isolated_home) == "chromium"
    assert app_window.sign_in_button.text() == "Sign in with Chromium"
    assert app_window.sign_in.window is None
    portal = PortalService().active
    assert PortalService().tokens(portal).refresh_token in demo._refresh
    assert_no_browser_left(tmp, wait=0.5)


QUIT_SCRIPT = """
import glob, os, sys, time
from PySide6.QtCore import QTimer
from mct_desktop.app import _make_application, run_gui
from mct_desktop.demo import DemoPortal
from mct_desktop.ui.main_window import MainWindow

demo = DemoPortal().start()
app = _make_application()
state = {}

def tick():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.is_ready]
    if windows and "started" not in state:
        state["started"] = 1
        windows[0].sign_in_choice.choose("chromium")
    pattern = os.environ["TMPDIR"] + "/mct-desktop-browser-profile-*/DevToolsActivePort"
    if glob.glob(pattern) and demo.requests_to("/b2c/authorize"):
        print("browser up; quitting", flush=True)
        state["quit"] = time.monotonic()
        app.quit()
        return
    QTimer.singleShot(50, tick)

QTimer.singleShot(50, tick)
code = run_gui(demo=True, demo_portal=demo)
print(f"exited {time.monotonic() - state['quit']:.2f} s after quit", flush=True)
sys.exit(code)
"""


def test_quitting_the_app_mid_sign_in_closes_the_browser(tmp, isolated_home):
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TMPDIR": str(tmp),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    done = subprocess.run(
        [sys.executable, "-c", QUIT_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert "browser up; quitting" in done.stdout, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]
    print(done.stdout)
    assert_no_browser_left(tmp, wait=0.5)


def test_cancel_in_the_menu_closes_the_browser(qtbot, demo, tmp, app_window):
    start_with_form_up(qtbot, app_window, demo, tmp)
    menu = app_window.sign_in_choice.menu
    menu.aboutToShow.emit()
    cancel = next(a for a in menu.actions() if a.text() == "Cancel the sign-in in Chromium")
    cancel.trigger()
    assert app_window.sign_in.backend is None
    assert app_window.messages.text() == "Sign-in cancelled; closing Chromium."
    print(f"closed {wait_until_closed(qtbot, tmp):.2f} s after Cancel")
    menu.aboutToShow.emit()
    assert not any(a.text().startswith("Cancel") for a in menu.actions())


@pytest.mark.webengine
def test_cli_login_refused_switches_with_the_bar_and_remembers_the_browser(
    qapp, demo, tmp, capsys, monkeypatch
):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_login installs the GUI's
    demo.refuse_embedded = "google"
    demo.auto_sign_in = "admin@contoso.demo"

    def click_the_bar() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginWindow)]
        bars = [w.banner.action for w in windows if w.banner.action.isVisible()]
        if bars:
            bars[0].click()
        else:
            QTimer.singleShot(100, click_the_bar)

    QTimer.singleShot(100, click_the_bar)
    assert main(["login", demo.url, "--timeout", "60"]) == 0
    captured = capsys.readouterr()
    assert "Your sign-in provider refuses embedded browsers" in captured.err
    assert f"mct-desktop login {demo.url} --browser chromium" in captured.err
    assert "mct-desktop: Starting chromium…" in captured.err
    assert "Ada Admin <admin@contoso.demo>, token expires " in captured.out
    assert PortalService().active.sign_in_browser == "chromium"
    assert running_sign_ins() == 0
