"""Issue 13 items 1 and 2: the request that leaves is the one shown; the pane shows only it."""

import pytest
from PySide6.QtWidgets import QAbstractItemView, QTableWidgetItem

from mct_desktop.core.api.client import ApiClient
from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.portal import ServiceAuth
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


def send(qtbot, console):
    with qtbot.waitSignal(console.sent, timeout=20000):
        console.send()
    qtbot.waitUntil(lambda: not console.response.body.loading, timeout=20000)


def retype(qtbot, line, text):
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)


# ----- item 1: the path's query and the Params table are one
def test_a_new_path_typed_over_the_old_one_takes_its_query_with_it(qtbot, console, demo):
    editor = console.editor
    editor.load(
        ApiRequest(
            "GET", "/api/v1/users", query=[("page", "1"), ("pageSize", "2"), ("search", "ada")]
        )
    )
    assert editor.target.text() == "/api/v1/users?page=1&pageSize=2&search=ada"
    retype(qtbot, editor.target, "/api/v2/Profile")
    assert editor.params.pairs() == []
    send(qtbot, console)
    assert [r.path for r in demo.requests_to("/api/v2/Profile")] == ["/api/v2/Profile"]


def test_a_query_typed_into_the_path_moves_into_the_table(qtbot, console, demo):
    editor = console.editor
    retype(qtbot, editor.target, "/api/v1/users?search=ada%20l&pageSize=2&tag=a&tag=b+c")
    assert editor.params.pairs() == [
        ("search", "ada l"),
        ("pageSize", "2"),
        ("tag", "a"),
        ("tag", "b c"),
    ]
    request = editor.to_request()
    assert request.target == "/api/v1/users" and request.query == editor.params.pairs()
    send(qtbot, console)
    assert demo.requests_to("/api/v1/users")[-1].path == (
        "/api/v1/users?search=ada+l&pageSize=2&tag=a&tag=b+c"
    )


def test_editing_the_table_rewrites_the_path_encoded(qtbot, console, demo):
    editor = console.editor
    retype(qtbot, editor.target, "/api/v1/users?page=1")
    editor.params.item(0, 1).setText("2")  # as a user's edit ends: itemChanged
    assert editor.target.text() == "/api/v1/users?page=2"
    editor.params.setItem(1, 0, QTableWidgetItem("search"))
    editor.params.setItem(1, 1, QTableWidgetItem("a&b=c #1"))
    assert editor.target.text() == "/api/v1/users?page=2&search=a%26b%3Dc%20%231"
    send(qtbot, console)
    assert demo.requests_to("/api/v1/users")[-1].path == (
        "/api/v1/users?page=2&search=a%26b%3Dc+%231"
    )
    editor.params.item(0, 0).setText("")  # a row without a name is no parameter
    assert editor.target.text() == "/api/v1/users?search=a%26b%3Dc%20%231"


def test_choosing_a_catalog_operation_replaces_the_params(qtbot, console):
    qtbot.waitUntil(lambda: len(console.catalog.catalog.operations) > 0, timeout=10000)
    console.editor.load(ApiRequest("GET", "/api/v1/users", query=[("search", "ada")]))
    operation = next(
        o
        for o in console.catalog.catalog.operations
        if o.method == "GET" and o.path == "/api/v2/Profile"
    )
    console.use_operation(operation)
    assert console.editor.params.pairs() == []
    assert console.editor.target.text() == "/api/v2/Profile"


def test_headers_tab_shows_the_added_authorization_masked_and_read_only(qtbot, console, signed_in):
    _service, pair = signed_in
    headers = console.editor.headers
    assert headers.fixed_rows() == [
        (
            "Authorization",
            f"Bearer {pair.access_token[:4]}…({len(pair.access_token)} chars)"
            " — added by MCT Desktop",
        )
    ]
    text = " ".join(headers.item(r, c).text() for r in range(headers.rowCount()) for c in (0, 1))
    assert pair.access_token not in text
    headers.editItem(headers.item(0, 1))
    assert headers.state() != QAbstractItemView.State.EditingState  # read-only
    assert headers.pairs() == []  # never sent twice, never stored
    headers.setItem(1, 0, QTableWidgetItem("X-Trace"))
    headers.setItem(1, 1, QTableWidgetItem("1"))
    assert console.editor.to_request().headers == [("X-Trace", "1")]
    console.new_tab()
    assert console.editor.headers.fixed_rows()[0][0] == "Authorization"


def test_a_service_profile_also_shows_client_type(qtbot, demo, signed_in):
    service, pair = signed_in
    portal = service.active
    service.set_service_auth(portal, ServiceAuth("t", "c", "api://x", demo.url), "s3cret-value")
    service.store_tokens(service.active, pair)
    widget = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    qtbot.addWidget(widget)
    rows = dict(widget.editor.headers.fixed_rows())
    assert rows["ClientType"] == "Service — added by MCT Desktop"
    assert pair.access_token not in rows["Authorization"]
    widget.shutdown()


# ----- item 2: the response pane shows this request's outcome only
def test_while_a_request_runs_nothing_of_the_previous_response_shows(qtbot, console):
    console.editor.load(ApiRequest("GET", "/api/demo/ratelimited"))
    send(qtbot, console)
    view = console.response
    assert view.status.text().startswith("429") and view.save.isEnabled()
    console.editor.load(ApiRequest("GET", "/api/demo/slow", query=[("seconds", "3")]))
    console.send()
    qtbot.waitUntil(lambda: "Waiting for the server" in view.status.text(), timeout=3000)
    assert view.meta.text() == ""  # not the old "2 ms · 44 B"
    assert view.headers.rowCount() == 0
    assert view.body.text() == "" and view.messages.text() == ""
    assert not view.save.isEnabled() and view.response is None
    console.cancel()
    assert view.status.text() == "Cancelled: no response"
    assert view.messages.text() == "Cancelled."
    assert view.headers.rowCount() == 0 and view.body.text() == ""
    assert not view.save.isEnabled() and view.response is None


def test_a_timeout_shows_only_the_timeout(qtbot, console):
    console.editor.load(ApiRequest("GET", "/api/v1/users", query=[("pageSize", "1")]))
    send(qtbot, console)
    assert console.response.status.text() == "200 OK"
    console.editor.load(ApiRequest("GET", "/api/demo/slow", query=[("seconds", "3")], timeout=0.5))
    send(qtbot, console)
    view = console.response
    assert view.status.text() == "No response"
    assert "totalCount" not in view.body.text() and view.headers.rowCount() == 0
    assert view.meta.text() == "" and not view.save.isEnabled()


def test_the_previous_spooled_body_is_discarded_when_the_next_request_starts(qtbot, console):
    console.client = ApiClient(console.manager, spool_threshold=1024)
    console.editor.load(ApiRequest("GET", "/api/v2/Reports/Users"))
    send(qtbot, console)
    folder = console.response.response.body_path.parent
    assert folder.exists()
    console.editor.load(ApiRequest("GET", "/api/demo/slow", query=[("seconds", "2")]))
    console.send()
    assert not folder.exists()
    console.cancel()


def test_required_query_parameters_are_still_checked_with_the_path_filled(qtbot, console, demo):
    from mct_desktop.core.catalog.openapi import Operation, Parameter

    operation = Operation(
        "v2",
        "Courses",
        "GET",
        "/api/v2/Courses/{courseId}/Metadata",
        parameters=[
            Parameter("courseId", "path", required=True, type="integer"),
            Parameter("lang", "query", required=True),
        ],
    )
    console.use_operation(operation)
    assert console.editor.target.text() == "/api/v2/Courses/{courseId}/Metadata?lang="
    console.editor.path_params.item(0, 1).setText("103")
    console.send()
    assert console.messages.text() == "Required parameter(s) missing: lang (query)."
    assert demo.requests_to("/api/v2/Courses") == []
    console.editor.target.setFocus()
    console.editor.target.end(False)
    qtbot.keyClicks(console.editor.target, "en")
    assert console.editor.params.pairs() == [("lang", "en")]
    send(qtbot, console)
    assert demo.requests_to("/api/v2/Courses")[-1].path == "/api/v2/Courses/103/Metadata?lang=en"
