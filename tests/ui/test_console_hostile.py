"""The console shows a response whose JSON cannot be formatted, and removes its spooled body."""

import pytest
from PySide6.QtCore import Qt

from mct_desktop.core.api.client import ApiClient
from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.console.console import ApiConsole
from tests.hostile_server import hostile_server


@pytest.fixture
def console(qtbot, demo):
    service = PortalService()
    service.add_portal(demo.url)  # not signed in: no question about sending the token
    widget = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    widget.client = ApiClient(spool_threshold=1024)  # spool small bodies, as big ones are
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.shutdown()


@pytest.mark.parametrize(("path", "why"), [("/deep", "nested too deeply"), ("/long-int", "4300")])
def test_unformattable_json_still_shows_status_headers_and_raw_body(qtbot, console, path, why):
    with hostile_server() as url:
        console.editor.load(ApiRequest("GET", url + path))
        with qtbot.waitSignal(console.sent, timeout=20000):
            qtbot.keyClick(
                console.editor.target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
            )
    view = console.response
    qtbot.waitUntil(lambda: not view.body.loading, timeout=20000)
    assert view.status.text() == "200 OK"
    assert why in view.messages.text()
    headers = {view.headers.item(r, 0).text() for r in range(view.headers.rowCount())}
    assert "X-Hostile" in headers
    assert view.body.text().startswith(("[[[[", '{"n": 7777'))
    folder = view.response.body_path.parent
    assert folder.exists()
    console.shutdown()
    assert not folder.exists()
