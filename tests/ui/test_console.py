"""The API console driven like a user would, against the demo portal."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.request import ApiRequest, BodyKind
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.console.console import ApiConsole
from tests.support import sign_in_over_http


@pytest.fixture
def console(qtbot, demo):
    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), pair)
    widget = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    yield widget
    widget.shutdown()


def answer(button_text):
    """Click a button of the modal question that is open now."""
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox), box
    next(b for b in box.buttons() if b.text() == button_text).click()


def send_and_wait(qtbot, console, request=None):
    if request is not None:
        console.editor.load(request)
    with qtbot.waitSignal(console.sent, timeout=20000):
        qtbot.keyClick(
            console.editor.target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    qtbot.waitUntil(lambda: not console.response.body.loading, timeout=20000)


def test_send_shows_the_response_and_records_history(qtbot, console, demo):
    send_and_wait(qtbot, console, ApiRequest("GET", "/api/v1/users", query=[("pageSize", "2")]))
    view = console.response
    assert view.status.text() == "200 OK"
    assert '"totalCount": 137' in view.body.view.toPlainText()
    assert view.tabs.isTabVisible(1)  # tree for JSON
    assert view.tree.topLevelItemCount() == 5
    entries = console.store.history(demo.url)
    assert [(e.method, e.request.target, e.status) for e in entries] == [
        ("GET", "/api/v1/users", 200)
    ]
    assert console.history.list.count() == 0  # read when the History tab is shown
    console.history.show_history()
    assert console.history.list.count() == 1
    assert demo.requests_to("/api/v1/users")[-1].headers["Authorization"].startswith("Bearer ")


def test_invalid_json_is_refused_with_its_position(qtbot, console, demo):
    console.editor.load(
        ApiRequest(
            "POST", "/api/v2/Category", body_kind=BodyKind.JSON, body_text='{\n  "name": oops\n}'
        )
    )
    assert console.editor.body_error.text() == (
        "Invalid JSON at line 2, column 11: Expecting value"
    )
    console.send()
    assert "Invalid JSON at line 2, column 11" in console.messages.text()
    assert demo.requests_to("/api/v2/Category") == []
    console.editor.body_text.setPlainText('{"name":"Robotics"}')
    console.editor.format_button.click()
    assert console.editor.body_text.toPlainText() == '{\n  "name": "Robotics"\n}'


def test_cancel_keeps_the_window_responsive(qtbot, console):
    console.editor.load(ApiRequest("GET", "/api/demo/slow", query=[("seconds", "3")]))
    console.send()
    qtbot.waitUntil(
        lambda: "Waiting for the server" in console.response.status.text(), timeout=3000
    )
    assert console.editor.cancel.isEnabled() and not console.editor.send.isEnabled()
    qtbot.mouseClick(console.editor.cancel, Qt.MouseButton.LeftButton)
    assert console.response.messages.text() == "Cancelled."
    assert console.editor.send.isEnabled()
    qtbot.wait(3500)  # the late answer of the cancelled request must not appear
    assert console.response.messages.text() == "Cancelled."


def test_csv_report_is_a_table(qtbot, console):
    send_and_wait(qtbot, console, ApiRequest("GET", "/api/v2/Reports/Users"))
    view = console.response
    assert view.tabs.currentWidget() is view.table
    model = view.table.model()
    assert model.rowCount() == 137
    assert model.headerData(0, Qt.Orientation.Horizontal) == "User ID"
    assert model.data(model.index(0, 1)) == "Amara Okafor"


def test_binary_body_is_offered_for_saving_with_its_name(qtbot, console, tmp_path):
    send_and_wait(qtbot, console, ApiRequest("GET", "/api/v2/Courses/101/Content"))
    view = console.response
    assert "Binary body (application/zip" in view.messages.text()
    assert "Suggested name: course-101-content.zip" in view.messages.text()
    assert view.body.view.toPlainText() == ""
    target = tmp_path / "saved.zip"
    view.save_body(target)
    assert target.read_bytes()[:2] == b"PK"


def test_errors_are_readable(qtbot, console):
    send_and_wait(qtbot, console, ApiRequest("GET", "/api/demo/ratelimited"))
    assert "Retry-After" in console.response.messages.text()
    send_and_wait(qtbot, console, ApiRequest("GET", "/api/demo/server-error"))
    assert console.response.messages.text() == (
        "HTTP 500 Internal Server Error: Something went wrong on the demo server"
    )
    QTimer.singleShot(200, lambda: answer("Send without token"))  # another origin: asked
    send_and_wait(qtbot, console, ApiRequest("GET", "http://127.0.0.1:9/x"))
    assert "Connection refused by 127.0.0.1:9" in console.response.messages.text()


def test_history_reopens_and_resends(qtbot, console, demo):
    send_and_wait(qtbot, console, ApiRequest("GET", "/api/v2/Profile"))
    console.editor.load(ApiRequest("GET", "/somewhere/else"))
    console.history.show_history()
    item = console.history.list.item(0)
    console.history.list.itemActivated.emit(item)
    assert console.editor.target.text() == "/api/v2/Profile"
    console.history.list.setCurrentRow(0)
    with qtbot.waitSignal(console.sent, timeout=10000):
        console.history.resend.click()
    assert len(demo.requests_to("/api/v2/Profile")) == 2


def test_token_to_another_origin_needs_consent(qtbot, console, demo):
    console.editor.load(ApiRequest("GET", demo.sign_in_origin + "/api/v2/deployment/info"))
    QTimer.singleShot(200, lambda: answer("Send without token"))
    with qtbot.waitSignal(console.sent, timeout=10000):
        console.send()
    assert "Authorization" not in demo.requests_to("/api/v2/deployment/info")[-1].headers
    QTimer.singleShot(200, lambda: answer("Send with token"))
    with qtbot.waitSignal(console.sent, timeout=10000):
        console.send()
    assert "Authorization" in demo.requests_to("/api/v2/deployment/info")[-1].headers


def test_large_json_is_a_virtual_list_with_search(qtbot, console):
    send_and_wait(qtbot, console, ApiRequest("GET", "/api/demo/large", query=[("mb", "3")]))
    body = console.response.body
    assert body.stack.currentWidget() is body.lines  # no text document for megabytes
    model = body.lines.model()
    assert model.rowCount() > 100_000
    assert model.data(model.index(0, 0)) == "{"
    assert body.text().rstrip().endswith("}")
    assert console.response.response.body_path is not None  # streamed to a temp file
    body.search.setText("learner1234@contoso.demo")
    assert body.find_text(backwards=False)
    row = body.lines.currentIndex().row()
    assert "learner1234@contoso.demo" in model.data(model.index(row, 0))
    body.search.setText("no such text anywhere")
    assert not body.find_text(backwards=False) and body.status.text() == "not found"


def test_medium_json_fills_the_editor_progressively(qtbot, console):
    send_and_wait(qtbot, console, ApiRequest("GET", "/api/demo/large", query=[("mb", "0.5")]))
    body = console.response.body
    assert body.stack.currentWidget() is body.view
    text = body.view.toPlainText()
    assert text.startswith("{\n") and text.rstrip().endswith("}")


def test_curl_copy_uses_the_variable(qtbot, console):
    console.editor.load(ApiRequest("GET", "/api/v2/Profile"))
    console.copy_curl.click()
    copied = QApplication.clipboard().text()
    assert '"Authorization: Bearer ${MCT_TOKEN}"' in copied
    assert "export MCT_TOKEN=$(mct-desktop token)" in console.messages.text()


def test_a_damaged_history_file_loses_no_response(qtbot, console, demo, monkeypatch):
    # The database opens at the first send: a file that is not SQLite fails there.
    console.store.path.parent.mkdir(parents=True, exist_ok=True)
    console.store.path.write_bytes(b"not a database" * 1000)
    send_and_wait(qtbot, console, ApiRequest("GET", "/api/v2/Profile"))
    assert console.response.status.text() == "200 OK"  # the response is shown all the same
    said = console.messages.text()
    assert console.messages.kind == "warning" and str(console.store.path) in said
    assert said.startswith("The request history cannot be used: file is not a database.")
    console.history.show_history()  # and the list says why it is empty
    assert console.history.list.count() == 1
    item = console.history.list.item(0)
    assert "cannot be used" in item.text() and not item.flags()
    # With History on screen, the next send updates it: no error raised in that slot either.
    send_and_wait(qtbot, console, ApiRequest("GET", "/api/v2/Profile"))
    assert console.response.status.text() == "200 OK"
    assert "cannot be used" in console.history.list.item(0).text()
    saved = console.history.saved.topLevelItem(0)
    assert "cannot be used" in saved.text(0)  # the Saved list says it too
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Users / profile", True))
    console._on_save_request()
    said = console.messages.text()
    assert console.messages.kind == "error" and said.startswith("Not saved. The request history")
    assert console.store.path.read_bytes().startswith(b"not a database")  # nothing overwritten
