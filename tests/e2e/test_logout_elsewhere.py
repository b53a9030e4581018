"""`mct-desktop logout` in a terminal while the app runs, on the real Secret Service: the
window notices and the deleted token is never sent (issue 13, item 21)."""

import os
import subprocess
import sys

import pytest

from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.main_window import MainWindow
from tests.support import demo_tokens

pytestmark = [pytest.mark.secret_service]


def test_logout_in_a_terminal_signs_the_running_app_out(qtbot, demo):
    service = PortalService()
    portal = service.add_portal(demo.url, "Demo")
    assert service.store_tokens(portal, demo_tokens(demo)).persistent
    window = MainWindow(service, BrowserProfiles(), TokenManager(service))
    qtbot.waitUntil(lambda: window.is_ready, timeout=5000)
    qtbot.addWidget(window)
    assert window.tokens.user.text() != "Not signed in"
    done = subprocess.run(
        [sys.executable, "-m", "mct_desktop", "logout", demo.url],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stderr
    window.console.editor.target.setText("/api/v2/Profile")
    window.console.send()  # before any timer or focus change: the send re-reads
    qtbot.waitUntil(lambda: not window.console.tab.busy, timeout=10000)
    sent = demo.requests_to("/api/v2/Profile")
    assert sent and all("authorization" not in {k.lower() for k in r.headers} for r in sent)
    qtbot.waitUntil(lambda: window.tokens.user.text() == "Not signed in", timeout=5000)
    assert not window.actions_by_name["copy_token"].isEnabled()
