"""A whole session, then every file under HOME is searched for every token issued in it."""

import logging

import pytest
import shiboken6

from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.support.logs import enable_file_log
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.main_window import MainWindow
from tests.e2e.conftest import fill_sign_in_form


def files_holding(root, secrets):
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path}: {s[:12]}…" for s in secrets if s.encode() in data]
    return hits


def run_session(qtbot, demo, home):
    log_path = enable_file_log(logging.DEBUG)
    service = PortalService()
    service.add_portal(demo.url, "Demo", persistent_browser_profile=True)
    profiles = BrowserProfiles()
    window = MainWindow(service, profiles)
    qtbot.waitUntil(lambda: window.is_ready, timeout=5000)  # after the first paint
    window.show()
    try:
        # Sign in through the embedded browser, with the opt-in on-disk browser profile.
        window.start_sign_in()
        fill_sign_in_form(qtbot, window.sign_in.window)
        qtbot.waitUntil(lambda: window.tokens.user.text().startswith("Ada"), timeout=30000)
        portal = service.active
        # The Swagger catalog, fetched with the browser session and the token.
        qtbot.waitUntil(
            lambda: len(window.console.catalog.catalog.operations) == 244, timeout=20000
        )
        # Refresh now.
        first = service.tokens(portal)
        window.token_actions.refresh_token()
        qtbot.waitUntil(lambda: service.tokens(portal) != first, timeout=20000)
        # Console calls: history, a saved request, a curl copy.
        for request in (
            ApiRequest("GET", "/api/v2/Profile"),
            ApiRequest("GET", "/api/v1/users", query=[("pageSize", "5")]),
            ApiRequest("GET", "/api/v2/Reports/Users"),
        ):
            window.console.editor.load(request)
            with qtbot.waitSignal(window.console.sent, timeout=20000):
                window.console.send()
        window.console.history.save_request(
            "Users", "first page", window.console.editor.to_request()
        )
        window.console.copy_as_curl()
        window.help_actions.copy_diagnostics()
        for handler in logging.getLogger().handlers:
            if hasattr(handler, "baseFilename"):
                handler.flush()
        secrets = list(demo.issued)
        assert len(secrets) >= 4  # the signed-in pair and the refreshed pair
        before_sign_out = files_holding(home, secrets)
        profile_files = list((home / "data" / "mct-desktop" / "browser-profiles").rglob("*"))
        window.sign_out()
        window.close()
    finally:
        if window.sign_in.window is not None:
            shiboken6.delete(window.sign_in.window)
        shiboken6.delete(window)
        profiles.dispose()
        logging.getLogger().handlers = [
            h for h in logging.getLogger().handlers if not hasattr(h, "baseFilename")
        ]
    return secrets, before_sign_out, profile_files, log_path


def test_no_token_is_ever_written_to_disk(qtbot, demo, isolated_home):
    secrets, before, profile_files, log_path = run_session(qtbot, demo, isolated_home)
    assert profile_files, "the opt-in browser profile should have written files"
    assert log_path is not None and log_path.stat().st_size > 0
    assert (isolated_home / "data" / "mct-desktop" / "history.sqlite3").exists()
    assert before == []
    assert files_holding(isolated_home, secrets) == []
    assert not (isolated_home / "data" / "mct-desktop" / "browser-profiles").exists() or not any(
        (isolated_home / "data" / "mct-desktop" / "browser-profiles").rglob("*")
    )


@pytest.mark.secret_service
def test_no_token_on_disk_with_the_real_keyring(qtbot, demo, isolated_home):
    secrets, before, _profile_files, _log = run_session(qtbot, demo, isolated_home)
    assert before == [] and files_holding(isolated_home, secrets) == []


# A sign-in with a kept browser profile in a process of its own, which then quits cleanly
# (without signing out: the profile stays) or is killed by the test.
KEPT_PROFILE_SESSION = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from mct_desktop.ui.qt_env import prepare_process
prepare_process()
import PySide6.QtWebEngineWidgets
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from mct_desktop.core.portal import Portal
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.login_view import LoginWindow
app = QApplication([])
portal = Portal(sys.argv[1], persistent_browser_profile=True)
profiles = BrowserProfiles()
window = LoginWindow(portal, profiles.profile_for(portal))
def quit_cleanly():
    shiboken6.delete(window)
    profiles.dispose()
    app.quit()
def captured(pair):
    print("captured", flush=True)
    window.view.setUrl(portal.base_url + "/")  # go on browsing the portal, as the app does
    if sys.argv[2] == "exit":
        QTimer.singleShot(3000, quit_cleanly)
window.tokens_captured.connect(captured)
window.login_failed.connect(lambda message: print("failed", message, flush=True))
window.show()
window.start()
app.exec()
"""


@pytest.mark.parametrize("end", ["exit", "kill"])
def test_no_token_on_disk_after_a_kept_profile_session_ends(demo, isolated_home, end):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    demo.auto_sign_in = "admin@contoso.demo"  # the portal answers the Callback with Expires: -1
    child = subprocess.Popen(
        [sys.executable, "-c", KEPT_PROFILE_SESSION, demo.url, end],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        start_new_session=True,  # its own process group: Chromium's helpers die with it
    )
    try:
        line = child.stdout.readline() if child.stdout else ""
        assert line.strip() == "captured", line
        # Let Chromium write what it writes (cache entries, cookies) before the crash.
        deadline = time.monotonic() + 20
        profile = isolated_home / "data" / "mct-desktop" / "browser-profiles"
        while time.monotonic() < deadline and not any(profile.rglob("Cookies")):
            time.sleep(0.2)
        if end == "exit":
            assert child.wait(timeout=30) == 0
        else:
            time.sleep(2)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)  # a crash: nothing gets to clean up
        child.wait(timeout=10)
    secrets = list(demo.issued)
    assert len(secrets) >= 2
    # Single sign-on still works next time: the portal's session cookie is on disk...
    assert any(profile.rglob("Cookies")), "the kept profile should keep its cookies"
    # ...but neither token is, in any file, the HTTP cache included.
    assert files_holding(isolated_home, secrets) == []
