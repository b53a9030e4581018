"""Issue 13 items 26 and 27: request tabs, and `{{variables}}` per portal, on the real widgets."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.api.variables import VariableStore
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.console.console import ApiConsole
from tests.support import sign_in_over_http


@pytest.fixture
def signed_in(demo):
    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), pair)
    return service, pair


@pytest.fixture
def console(qtbot, signed_in):
    service, _pair = signed_in
    widget = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    yield widget
    widget.shutdown()


def keys(qtbot, console, key, modifiers=Qt.KeyboardModifier.ControlModifier):
    console.editor.target.setFocus()
    qtbot.keyClick(console.editor.target, key, modifiers)


# ----- item 26: tabs
def test_ctrl_t_w_tab_open_close_and_cycle_tabs_each_with_its_own_request(qtbot, console):
    console.editor.load(ApiRequest("GET", "/api/v2/Profile"))
    first = console.tab
    keys(qtbot, console, Qt.Key.Key_T)
    assert console.requests.count() == 2 and console.tab is not first
    assert console.editor.target.text() == "" and console.editor.target.hasFocus()
    qtbot.keyClicks(console.editor.target, "/api/v1/users?page=2&q=a")
    assert first.editor.target.text() == "/api/v2/Profile"
    assert first.editor.params.pairs() == []
    assert console.requests.tabText(1) == "GET /api/v1/users?page=2&&q=a"  # `&` shown as is
    keys(qtbot, console, Qt.Key.Key_Tab)
    assert console.tab is first
    keys(qtbot, console, Qt.Key.Key_Tab)
    keys(qtbot, console, Qt.Key.Key_W)
    assert console.requests.count() == 1 and console.tab is first
    keys(qtbot, console, Qt.Key.Key_W)  # the last tab stays, emptied
    assert console.requests.count() == 1 and console.editor.target.text() == ""


def test_each_tab_has_its_own_response_and_its_own_request_in_flight(qtbot, console, demo):
    slow = console.tab
    slow.editor.load(ApiRequest("GET", "/api/demo/slow", query=[("seconds", "1.5")]))
    console.send()
    assert slow.busy and console.requests.tabText(0).startswith("● ")
    console.new_tab(ApiRequest("GET", "/api/v2/Profile"))
    fast = console.tab
    assert not fast.editor.cancel.isEnabled() and fast.editor.send.isEnabled()
    with qtbot.waitSignal(console.sent, timeout=10000):
        console.send()  # a second tab sends while the first still waits
    assert fast.response.status.text() == "200 OK"
    qtbot.waitUntil(lambda: "Waiting for the server" in slow.response.status.text())
    assert slow.response.body.text() == ""
    with qtbot.waitSignal(console.sent, timeout=10000):
        pass
    assert slow.response.status.text() == "200 OK"
    assert '"waited": 1.5' in slow.response.body.text()
    assert '"waited"' not in fast.response.body.text()
    console.requests.setCurrentWidget(slow)
    console.send()
    console.send()  # one request in flight per tab: the second press is ignored
    console.cancel()
    qtbot.wait(1800)
    assert len(demo.requests_to("/api/demo/slow")) == 2


def test_closing_a_busy_tab_cancels_its_request_and_drops_its_answer(qtbot, console):
    console.new_tab(ApiRequest("GET", "/api/demo/slow", query=[("seconds", "1")]))
    tab = console.tab
    console.send()
    console.close_tab()
    assert console.requests.count() == 1 and not tab.busy
    qtbot.wait(1300)  # its late answer reaches no widget and raises nothing
    assert console.response.status.text().startswith("No response yet")
    console.editor.load(ApiRequest("GET", "/api/demo/slow", query=[("seconds", "1")]))
    console.send()
    with qtbot.waitSignal(console.busy, check_params_cb=lambda text: text == ""):
        console.close_tab()  # the last tab: emptied, ready for the next request
    assert console.editor.send.isEnabled() and not console.editor.cancel.isEnabled()
    assert console.editor.target.text() == "" and not console.tab.busy


def test_tabs_come_back_after_a_restart_sanitised(qtbot, isolated_home):
    from mct_desktop.ui.browser_profiles import BrowserProfiles
    from mct_desktop.ui.main_window import MainWindow

    def window():
        service = PortalService()
        widget = MainWindow(service, BrowserProfiles(), TokenManager(service))
        qtbot.addWidget(widget)
        qtbot.waitUntil(lambda: widget.is_ready, timeout=5000)
        return widget

    first = window()
    first.console.editor.load(
        ApiRequest("GET", "/api/v2/courses/{{courseId}}", headers=[("Authorization", "Bearer t0p")])
    )
    first.console.new_tab(ApiRequest("POST", "/api/v1/users", query=[("page", "3")]))
    first.console.new_tab(ApiRequest("GET", "/api/v2/Profile"))
    first.console.requests.setCurrentIndex(1)
    first.close()
    state = (isolated_home / "config" / "mct-desktop" / "ui-state.json").read_text()
    assert "t0p" not in state
    second = window()
    tabs = second.console.requests
    assert tabs.count() == 3 and tabs.currentIndex() == 1
    assert [t.editor.target.text() for t in tabs.all()] == [
        "/api/v2/courses/{{courseId}}",
        "/api/v1/users?page=3",
        "/api/v2/Profile",
    ]
    assert second.console.editor.method.currentText() == "POST"
    assert tabs.all()[0].editor.headers.pairs() == []


# ----- item 27: variables
def test_unresolved_variables_block_sending_then_resolve_per_portal(
    qtbot, console, demo, isolated_home
):
    console.editor.load(
        ApiRequest("GET", "/api/v2/Courses/{{courseId}}/Metadata", headers=[("X-Lang", "{{lang}}")])
    )
    console.send()
    assert console.messages.text() == (
        "Unresolved variable(s): {{courseId}}, {{lang}}. Set them in the Variables tab, "
        "or remove them from the request."
    )
    assert demo.requests_to("/api/v2/Courses") == []
    table = console.variables.table
    table.setItem(0, 0, QTableWidgetItem("courseId"))
    table.setItem(0, 1, QTableWidgetItem("103"))
    table.setItem(1, 0, QTableWidgetItem("lang"))
    table.setItem(1, 1, QTableWidgetItem("en"))
    with qtbot.waitSignal(console.sent, timeout=10000):
        console.send()
    wire = demo.requests_to("/api/v2/Courses")[-1]
    assert wire.path == "/api/v2/Courses/103/Metadata" and wire.headers["X-Lang"] == "en"
    assert '"Spreadsheets basics"' in console.response.body.text()
    entry = console.store.history(demo.url)[0]
    assert entry.request.target == "/api/v2/Courses/{{courseId}}/Metadata"  # as typed
    assert entry.request.headers == [("X-Lang", "{{lang}}")]
    saved = json.loads((isolated_home / "config" / "mct-desktop" / "variables.json").read_text())
    assert saved == {demo.url: [["courseId", "103"], ["lang", "en"]]}
    assert VariableStore().values("https://other.example") == {}


def test_a_token_is_refused_as_a_variable_and_never_written(
    qtbot, console, signed_in, isolated_home
):
    _service, pair = signed_in
    table = console.variables.table
    table.setItem(0, 0, QTableWidgetItem("me"))
    table.setItem(0, 1, QTableWidgetItem(pair.access_token))
    assert "looks like a token" in console.messages.text()
    assert pair.access_token not in console.messages.text()
    qtbot.waitUntil(lambda: table.pairs() == [])  # the row goes once Qt's signal is over
    table.setItem(0, 0, QTableWidgetItem("apiToken"))
    assert "looks like it would hold a credential" in console.messages.text()
    path = isolated_home / "config" / "mct-desktop" / "variables.json"
    assert not path.exists() or pair.access_token not in path.read_text()
    assert console.variables.values() == {}


def test_values_the_catalog_filled_are_offered_as_variables(qtbot, console):
    qtbot.waitUntil(lambda: len(console.catalog.catalog.operations) > 0, timeout=10000)
    operation = next(
        o
        for o in console.catalog.catalog.operations
        if o.path == "/api/v2/Courses/{courseId}/Metadata"
    )
    console.use_operation(operation)
    console.history.setCurrentWidget(console.variables)
    console.editor.path_params.item(0, 1).setText("101")  # offered as it is typed
    offers = console.variables.offers
    assert [offers.itemText(i) for i in range(offers.count())][1] == "courseId = 101"
    offers.activated.emit(1)
    assert console.variables.values() == {"courseId": "101"}
    console.editor.path_params.item(0, 1).setText("{{courseId}}")
    assert console.editor.to_request().target == "/api/v2/Courses/{{courseId}}/Metadata"


def test_resending_from_history_while_the_tab_is_busy_opens_another_tab(qtbot, console, demo):
    with qtbot.waitSignal(console.sent, timeout=10000):
        console.editor.load(ApiRequest("GET", "/api/v2/Profile"))
        console.send()
    console.editor.load(ApiRequest("GET", "/api/demo/slow", query=[("seconds", "1")]))
    console.send()
    busy = console.tab
    console.history.show_history()
    console.history.list.setCurrentRow(console.history.list.count() - 1)
    with qtbot.waitSignal(console.sent, timeout=10000):
        console.history.resend.click()
    assert console.requests.count() == 2 and console.tab is not busy
    assert busy.editor.target.text() == "/api/demo/slow?seconds=1"
    assert len(demo.requests_to("/api/v2/Profile")) == 2
    console.requests.setCurrentWidget(busy)
    console.cancel()


def test_tab_keys_work_in_the_main_window_with_the_focus_outside_the_console(qtbot):
    from mct_desktop.ui.browser_profiles import BrowserProfiles
    from mct_desktop.ui.main_window import MainWindow

    main = MainWindow(PortalService(), BrowserProfiles())
    qtbot.addWidget(main)
    qtbot.waitUntil(lambda: main.is_ready, timeout=5000)
    main.show()
    main.activateWindow()
    qtbot.waitUntil(lambda: main.isActiveWindow(), timeout=3000)
    main.portal_box.setFocus()
    qtbot.keyClick(main.portal_box, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert main.console.requests.count() == 2
    qtbot.keyClick(main.portal_box, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert main.console.requests.count() == 1


def test_closing_a_tab_while_its_body_streams_in_is_safe(qtbot):
    import http.server
    import threading
    import time

    class Drip(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(40 * 5000))
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"x" * 5000)
                self.wfile.flush()
                time.sleep(0.03)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    service = PortalService()
    widget = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    qtbot.addWidget(widget)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/drip"
        widget.new_tab(ApiRequest("GET", url))
        dripping = widget.tab
        widget.send()
        qtbot.waitUntil(lambda: "Receiving…" in dripping.response.status.text(), timeout=5000)
        widget.close_tab()
        assert widget.requests.count() == 1
        widget.new_tab(ApiRequest("GET", url))
        with qtbot.waitSignal(widget.sent, timeout=10000):
            widget.send()
        assert widget.response.status.text() == "200 OK"
        assert widget.response.response.size == 200000
    finally:
        widget.shutdown()
        server.shutdown()


def test_in_the_main_window_each_key_has_one_owner_the_menu_or_the_console(qtbot):
    # The main window tells its console which keys its menus hold (no walk over every
    # widget); a key held twice would fire neither.
    from PySide6.QtGui import QAction, QShortcut

    from mct_desktop.ui.browser_profiles import BrowserProfiles
    from mct_desktop.ui.main_window import MainWindow

    main = MainWindow(PortalService(), BrowserProfiles())
    qtbot.addWidget(main)
    qtbot.waitUntil(lambda: main.is_ready, timeout=5000)
    menus = [
        a.shortcut().toString() for a in main.findChildren(QAction) if not a.shortcut().isEmpty()
    ]
    console = [s.key().toString() for s in main.console.findChildren(QShortcut)]
    assert len(set(menus)) == len(menus) and not set(menus) & set(console)
    assert {"Ctrl+T", "Ctrl+W", "Ctrl+Tab"} <= set(menus) | set(console)
