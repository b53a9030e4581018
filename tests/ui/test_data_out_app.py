"""Issue 14 in the main window: Portal ▸ Export…, the local proxy, Copy as, Fetch all's menu
entry; real widgets against the demo portal over real HTTP."""

import json
import socket

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.core.support.ui_state import UiState
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.export_dialog import NAME, STATUS, ExportDialog
from mct_desktop.ui.main_window import MainWindow
from mct_desktop.ui.message_bar import MessageBar
from mct_desktop.ui.proxy_control import PORT_KEY, ProxyControl
from tests.support import demo_tokens, fast_client


@pytest.fixture
def app_window(qtbot, demo):
    demo.data.volume.retry_after = "0"
    pair = demo_tokens(demo)
    service = PortalService()
    portal = service.add_portal(demo.url, "Demo")
    service.store_tokens(portal, pair)
    window = MainWindow(service, BrowserProfiles(), TokenManager(service, fast_client))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.is_ready, timeout=5000)
    yield window, service, portal
    window.close()


def open_export(window, folder):
    window.actions_by_name["export"].trigger()
    dialog = window.data_out.export_dialog
    assert isinstance(dialog, ExportDialog)
    dialog.folder.setText(str(folder))
    return dialog


def status_of(dialog, name):
    for row in range(dialog.table.rowCount()):
        if dialog.table.item(row, NAME).text() == name:
            return dialog.table.item(row, STATUS).text()
    raise KeyError(name)


def test_export_records_a_failing_dataset_and_goes_on(qtbot, app_window, demo, tmp_path):
    window, _service, _portal = app_window
    demo.data.volume.failing["/api/v1/certificates"] = 403
    dialog = open_export(window, tmp_path / "out")
    assert len(dialog.chosen()) == 10  # all checked
    with qtbot.waitSignal(dialog.run.finished, timeout=60000):
        dialog.start_button.click()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    sets = manifest["datasets"]
    assert "HTTP 403" in sets["certificates"]["error"] and manifest["complete"] is False
    assert sets["users"]["rows"] == 2345 and sets["users-report-zip"]["error"] is None
    assert status_of(dialog, "certificates").startswith("failed: page 1: HTTP 403 Forbidden")
    assert status_of(dialog, "users") == "done" and status_of(dialog, "users-report") == "done"
    summary = dialog.summary.text()
    assert "9 of 10 datasets exported" in summary and "certificates" in summary
    assert str(tmp_path / "out" / "manifest.json") in summary
    assert dialog.open_folder.isVisible() and dialog.close_button.isVisible()
    token = _service.tokens(_portal).access_token.encode()
    assert not [f for f in (tmp_path / "out").iterdir() if token in f.read_bytes()]


def test_export_cancel_then_resume_skips_what_was_done(qtbot, app_window, demo, tmp_path):
    window, _service, _portal = app_window
    dialog = open_export(window, tmp_path / "out")
    for row in range(dialog.table.rowCount()):  # two lists: users is the long one
        item = dialog.table.item(row, NAME)
        if item.text() not in ("administrators", "users"):
            item.setCheckState(item.checkState().Unchecked)
    assert dialog.chosen() == ["users", "administrators"]

    def cancel_midway(event):
        if event.dataset == "users" and event.rows >= 300:
            dialog.run.cancel_event.set()  # on the worker thread: before its next page

    dialog.run.progress.connect(cancel_midway, Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(dialog.run.interrupted, timeout=30000):
        dialog.start_button.click()
    assert status_of(dialog, "users") == "interrupted"
    assert "Cancelled; what was written is kept" in dialog.summary.text()
    assert status_of(dialog, "administrators") == "waiting"
    dialog.close()
    again = open_export(window, tmp_path / "out")
    assert again is not dialog and again.resume.isVisible() and again.resume.isChecked()
    demo.requests.clear()
    with qtbot.waitSignal(again.run.finished, timeout=30000):
        again.start_button.click()
    assert "skip=0&" not in demo.requests_to("/api/v1/admin/users")[0].path
    lines = (tmp_path / "out" / "users.ndjson").read_text().splitlines()
    assert [json.loads(line)["UserId"] for line in lines] == list(range(10_000, 12_345))
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["complete"] is True


def test_the_proxy_serves_with_a_fresh_token_and_stops_when_the_app_quits(qtbot, app_window, demo):
    window, service, portal = app_window
    old = service.tokens(portal).access_token
    demo.token_lifetime = 3600
    service.store_tokens(portal, demo_tokens(demo, lifetime=10))  # inside the proxy's margin
    stale = service.tokens(portal).access_token
    window.actions_by_name["proxy"].trigger()
    control = window.data_out.proxy
    assert control.running and window.actions_by_name["proxy"].text() == "Stop local proxy"
    url = control.url
    assert url.startswith("http://127.0.0.1:") and url in control.button.text()
    control.copy_address()
    assert QGuiApplication.clipboard().text() == url
    profile = httpx.get(url + "/api/v2/Profile", timeout=10)
    assert profile.status_code == 200 and profile.json()["name"] == "Ada Admin"
    sent = demo.requests_to("/api/v2/Profile")[-1].headers["Authorization"]
    fresh = service.tokens(portal).access_token
    assert sent == f"Bearer {fresh}" and fresh not in (stale, old)
    qtbot.waitUntil(lambda: "1 request" in control.button.text(), timeout=5000)
    assert window.ui_state.get(PORT_KEY) == int(url.rsplit(":", 1)[1])
    window.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/api/v2/Profile", timeout=5)


def test_a_busy_port_is_said_clearly_and_the_port_is_remembered(qtbot, demo, tmp_path):
    service = PortalService()
    portal = service.add_portal(demo.url, "Demo")
    service.store_tokens(portal, demo_tokens(demo))
    messages = MessageBar()
    qtbot.addWidget(messages)
    state = UiState(tmp_path / "ui-state.json")
    control = ProxyControl(service, TokenManager(service), state, messages)
    qtbot.addWidget(control)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        control.set_port(port)
        assert not control.start()
        assert f"Port {port} is in use by another program" in messages.text()
        assert not control.running and control.button.text() == "Proxy: off"
    assert UiState(tmp_path / "ui-state.json").get(PORT_KEY) == port  # remembered
    assert control.start() and control.url == f"http://127.0.0.1:{port}"
    control.stop()
    assert "Proxy stopped" in messages.text()


def test_copy_as_holds_no_token_and_asks_mct_desktop_token(qtbot, app_window, demo):
    window, service, portal = app_window
    token = service.tokens(portal).access_token
    window.console.editor.load(
        ApiRequest("GET", "/api/v1/admin/users", headers=[("Authorization", f"Bearer {token}")])
    )
    labels = [a.text() for a in window.console.copy_curl.menu().actions()]
    assert "PowerShell (Invoke-RestMethod)" in labels and "C# (HttpClient)" in labels
    for language in ("python-httpx", "python-connect", "powershell", "csharp", "curl"):
        window.actions_by_name[f"copy_as_{language}"].trigger()
        text = QApplication.clipboard().text()
        assert token not in text and "/api/v1/admin/users" in text
        assert "mct_desktop.connect(" in text if language == "python-connect" else True
        if language != "python-connect":
            assert "mct-desktop" in text and demo.url in text
            assert f"token {demo.url}" in text or f"'token', '{demo.url}'" in text
    assert "copied" in window.console.messages.text()


def test_fetch_all_pages_is_offered_for_get_only(qtbot, app_window):
    window, _service, _portal = app_window
    action = window.actions_by_name["fetch_all"]
    window.console.editor.load(ApiRequest("POST", "/api/v2/Category"))
    assert not action.isEnabled() and not window.console.editor.fetch_all.isEnabled()
    window.console.editor.load(ApiRequest("GET", "/api/v1/organization"))
    assert action.isEnabled() and window.console.editor.fetch_all.isEnabled()


def test_export_asks_for_a_sign_in_first(qtbot, app_window):
    window, service, portal = app_window
    service.sign_out(portal)
    window.actions_by_name["export"].trigger()
    assert window.data_out.export_dialog is None
    assert "Sign in to Demo before exporting it." in window.messages.text()


def test_the_copy_as_menu_names_every_snippet_language_in_order():
    # The menu's slots are made from its names (data_out.menu_slots), before snippets loads.
    from mct_desktop.core.api.snippets import LANGUAGES
    from mct_desktop.ui.menus import COPY_AS, action_names

    names = action_names()
    languages = [n.removeprefix(COPY_AS) for n in names if n.startswith(COPY_AS)]
    assert languages == list(LANGUAGES)
