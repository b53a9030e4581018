"""The endpoint catalog in the console, against the demo portal's Swagger."""

import json

import pytest
from PySide6.QtCore import Qt

from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.console.console import ApiConsole
from tests.support import sign_in_over_http


@pytest.fixture
def console(qtbot, demo):
    service = PortalService()
    service.store_tokens(
        service.add_portal(demo.url), parse_callback_location(sign_in_over_http(demo))
    )
    widget = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: len(widget.catalog.catalog.operations) == 244, timeout=10000)
    yield widget
    widget.shutdown()


def test_catalog_groups_versions_and_tags(console):
    tree = console.catalog.tree
    assert [tree.topLevelItem(i).text(0).split()[0] for i in range(tree.topLevelItemCount())] == [
        "v1",
        "v2",
    ]
    assert tree.topLevelItem(0).childCount() == 33
    assert "244 operations" in console.catalog.status.text()


def test_keyboard_filter_and_enter_fill_the_console(qtbot, console):
    qtbot.keyClick(console, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert console.catalog.filter.hasFocus()
    qtbot.keyClicks(console.catalog.filter, "category post")
    assert console.catalog.model.operations[0].path in ("/api/v1/Category", "/api/v2/Category")
    assert "Create a category" in console.catalog.docs.toPlainText()
    qtbot.keyClick(console.catalog.filter, Qt.Key.Key_Return)
    editor = console.editor
    assert editor.method.currentText() == "POST"
    assert json.loads(editor.body_text.toPlainText()) == {"name": "Robotics"}
    with qtbot.waitSignal(console.sent, timeout=10000):
        console.send()
    assert console.response.status.text() == "201 Created"


def test_path_parameters_are_required_before_sending(qtbot, console, demo):
    operation = next(
        o
        for o in console.catalog.catalog.operations
        if o.path == "/api/v2/Courses/{courseId}/Metadata"
    )
    console.use_operation(operation)
    assert console.editor.tabs.isTabVisible(0) and console.editor.tabs.currentIndex() == 0
    console.send()
    assert console.messages.text() == "Fill in the path parameter(s): courseId."
    assert demo.requests_to("/api/v2/Courses/") == []
    console.editor.path_params.set_pairs([("courseId", "103")])
    with qtbot.waitSignal(console.sent, timeout=10000):
        console.send()
    assert '"Spreadsheets basics"' in console.response.body.text()


def test_cached_spec_shows_first_and_problems_are_explained(qtbot, demo):
    service = PortalService()
    service.store_tokens(
        service.add_portal(demo.url), parse_callback_location(sign_in_over_http(demo))
    )
    first = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: len(first.catalog.catalog.operations) == 244, timeout=10000)
    first.shutdown()
    demo.swagger_enabled = False
    second = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    qtbot.addWidget(second)
    # From the cache, before the portal answers (it will refuse).
    qtbot.waitUntil(lambda: len(second.catalog.catalog.operations) == 244, timeout=3000)
    qtbot.waitUntil(
        lambda: "Showing the cached spec" in second.catalog.status.text(), timeout=10000
    )
    assert "EnableSwagger=true" in second.catalog.status.text()
    second.shutdown()


def test_parameters_carry_their_type_and_choices(qtbot, console):
    from PySide6.QtWidgets import QComboBox

    operation = next(
        o
        for o in console.catalog.catalog.operations
        if o.method == "GET" and o.path == "/api/v2/Courses"
    )
    console.use_operation(operation)
    params = console.editor.params
    assert params.pairs() == [("page", "1"), ("pageSize", "20")]
    assert params.item(1, 0).toolTip() == "integer, optional, default 20: Items per page"
    # An optional enum parameter is described in the docs; a required one gets a chooser.
    console.editor.params.set_pairs([("status", "")])
    params.describe("status", "string, optional, one of Published, Draft", ("Published", "Draft"))
    combo = params.cellWidget(0, 1)
    assert isinstance(combo, QComboBox) and combo.count() == 2
    combo.setCurrentText("Draft")
    assert params.pairs() == [("status", "Draft")]


def test_a_spec_from_a_url_or_file(qtbot, console, tmp_path):
    spec = tmp_path / "pets.json"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.0.0",
                "info": {"version": "9"},
                "paths": {"/pets": {"get": {"summary": "List pets"}}},
            }
        )
    )
    console.specs.load_from(str(spec))
    qtbot.waitUntil(lambda: len(console.catalog.catalog.operations) == 1, timeout=5000)
    assert "1 operations from" in console.catalog.status.text()
    console.specs.load_from("http://127.0.0.1:9/nothing.json")
    qtbot.waitUntil(lambda: "Could not fetch" in console.catalog.status.text(), timeout=5000)
