"""One rule for copying a secret: no question, always the auto-clearing clipboard (item 24).

Also the token inspector's polish (item 18): Parameter column, Raw JSON, Close button.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui.clipboard import PASSWORD_HINT, SecretClipboard
from mct_desktop.ui.console.console import ApiConsole
from mct_desktop.ui.token_inspector import TokenInspector
from mct_desktop.ui.token_panel import TokenPanel
from tests.support import sign_in_over_http


@pytest.fixture
def signed_in(demo):
    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    portal = service.add_portal(demo.url)
    service.store_tokens(portal, pair)
    return service, portal, pair


@pytest.fixture
def questions():
    """Every modal dialog that opens is recorded and closed, so a question fails, not hangs."""
    seen: list[str] = []

    def close_modal():
        box = QApplication.activeModalWidget()
        if box is not None:
            seen.append(box.windowTitle())
            box.close()

    timer = QTimer()
    timer.timeout.connect(close_modal)
    timer.start(50)
    yield seen
    timer.stop()


def _assert_secret_copy(clipboard, secret):
    data = QGuiApplication.clipboard().mimeData()
    assert secret in data.text()
    assert bytes(data.data(PASSWORD_HINT)) == b"secret"  # clipboard managers skip it
    assert clipboard.clear_pending
    clipboard._on_timeout()  # what the timer does when it fires
    assert QGuiApplication.clipboard().text() == ""


def test_the_console_copies_the_real_token_without_a_question(qtbot, signed_in, questions):
    service, _portal, pair = signed_in
    clipboard = SecretClipboard(30)
    console = ApiConsole(service, TokenManager(service), RequestStore(), clipboard)
    qtbot.addWidget(console)
    console.show()
    console.editor.load(ApiRequest("GET", "/api/v2/Profile"))
    console.copy_curl_real.trigger()
    assert questions == []
    _assert_secret_copy(clipboard, pair.access_token)
    assert "cleared from the clipboard in 30 s" in console.messages.text()
    console.shutdown()


def test_the_tokens_tab_copies_through_the_clearing_clipboard(qtbot, signed_in, questions):
    _service, portal, pair = signed_in
    clipboard = SecretClipboard(30)
    panel = TokenPanel(clipboard)
    qtbot.addWidget(panel)
    panel.show_pair(portal, pair)
    for button, secret in [
        (panel.access.copy, pair.access_token),
        (panel.refresh.copy, pair.refresh_token),
        (panel.copy_header, pair.access_token),
        (panel.copy_curl, pair.access_token),
    ]:
        button.click()
        _assert_secret_copy(clipboard, secret)
    assert questions == []


def test_the_inspector_copies_through_the_clearing_clipboard(qtbot, signed_in, questions):
    _service, portal, pair = signed_in
    clipboard = SecretClipboard(30)
    inspector = TokenInspector(portal, pair, clipboard)
    qtbot.addWidget(inspector)
    inspector.show()
    for button in (inspector.copy_raw, inspector.copy_header, inspector.copy_curl):
        button.click()
        _assert_secret_copy(clipboard, pair.access_token)
    assert questions == []


def test_the_inspector_names_header_parameters_shows_raw_json_and_closes(qtbot, signed_in):
    _service, portal, pair = signed_in
    inspector = TokenInspector(portal, pair, SecretClipboard(30))
    qtbot.addWidget(inspector)
    inspector.show()
    assert inspector.header.horizontalHeaderItem(0).text() == "Parameter"
    assert inspector.claims.horizontalHeaderItem(0).text() == "Claim"
    titles = [inspector.tabs.tabText(i) for i in range(inspector.tabs.count())]
    assert titles == ["Claims", "Header", "Raw JSON"]
    raw = json.loads(inspector.raw.toPlainText())
    assert raw["header"]["alg"] and raw["payload"]["exp"]
    close = inspector.buttons.button(QDialogButtonBox.StandardButton.Close)
    assert close is not None and close.isVisible()
    close.click()
    assert not inspector.isVisible()


def test_the_app_exits_cleanly_with_a_secret_on_the_clipboard(tmp_path):
    # Qt's offscreen clipboard crashed the interpreter's exit while it held our mime data.
    import os
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    code = textwrap.dedent(
        """
        from PySide6.QtWidgets import QApplication
        from mct_desktop.ui.clipboard import SecretClipboard
        app = QApplication([])
        SecretClipboard(30).copy("a-secret")
        """
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stderr
