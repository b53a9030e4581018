"""The endpoint catalog in the console, against the demo portal's Swagger."""

import json
import threading

import pytest
from PySide6.QtCore import Qt

from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.catalog.openapi import Catalog, Operation
from mct_desktop.core.catalog.spec_loader import LoadedSpec
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.console.catalog_loader import CatalogLoader
from mct_desktop.ui.console.console import ApiConsole
from mct_desktop.ui.console.endpoint_catalog import EndpointCatalog
from tests.support import sign_in_over_http


def signed_in_service(demo):
    service = PortalService()
    service.store_tokens(
        service.add_portal(demo.url), parse_callback_location(sign_in_over_http(demo))
    )
    return service


def new_console(qtbot, service):
    widget = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def console(qtbot, demo):
    widget = new_console(qtbot, signed_in_service(demo))
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
    service = signed_in_service(demo)
    first = new_console(qtbot, service)
    qtbot.waitUntil(lambda: len(first.catalog.catalog.operations) == 244, timeout=10000)
    first.shutdown()
    demo.swagger_enabled = False
    second = new_console(qtbot, service)
    # From the cache, before the portal answers (it will refuse).
    qtbot.waitUntil(lambda: len(second.catalog.catalog.operations) == 244, timeout=3000)
    qtbot.waitUntil(
        lambda: "Showing the cached spec" in second.catalog.status.text(), timeout=10000
    )
    # The explanation is one click ("Why?") or a hover away, not a paragraph (issue 13).
    assert "EnableSwagger=true" in second.catalog.status.toolTip()
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
    assert "1 operation from" in console.catalog.status.text()  # not "1 operations"
    console.specs.load_from("http://127.0.0.1:9/nothing.json")
    qtbot.waitUntil(lambda: "Could not fetch" in console.catalog.status.text(), timeout=5000)


def test_an_endless_spec_file_stops_at_the_cap(qtbot, console):
    console.specs.load_from("/dev/zero")
    qtbot.waitUntil(lambda: "larger than 64 MB" in console.catalog.status.text(), timeout=20000)
    assert len(console.catalog.catalog.operations) == 244  # the portal's spec stays


class _HeldSpecs:
    """A spec service whose fetches wait until the test lets them go."""

    def __init__(self):
        self.calls = 0
        self.gate = threading.Event()

    def load_portal(self, portal, cookies):
        self.calls += 1
        self.gate.wait(10)
        operation = Operation(portal.key, "t", "GET", f"/from/{portal.key}")
        return LoadedSpec(Catalog([operation]), {}, portal.key)


def test_one_fetch_per_portal_at_a_time_and_late_answers_are_dropped(qtbot):
    service = PortalService()
    first = service.add_portal("https://one.example")
    view = EndpointCatalog()
    qtbot.addWidget(view)
    specs = _HeldSpecs()
    loader = CatalogLoader(view, service, specs, lambda _portal: {"session": "x"}, view)
    for _ in range(3):
        loader.load(from_network=True)
    qtbot.waitUntil(lambda: specs.calls == 1)
    qtbot.wait(200)  # the two asked meanwhile wait for the first
    assert specs.calls == 1
    specs.gate.set()
    qtbot.waitUntil(lambda: specs.calls == 2)  # repeated once, not twice
    qtbot.waitUntil(lambda: view.catalog.operations != [])
    qtbot.wait(200)
    assert specs.calls == 2
    # An answer that lands after the user switched portals is not shown.
    specs.gate.clear()
    loader.load(from_network=True)
    qtbot.waitUntil(lambda: specs.calls == 3)
    service.set_active(service.add_portal("https://two.example"))
    view.show_catalog(Catalog(), "")
    specs.gate.set()
    qtbot.wait(300)
    assert view.catalog.operations == [] and first.key != service.active.key


def test_a_spec_is_frozen_on_the_gui_thread_never_collected_in_a_worker(qtbot, demo, monkeypatch):
    # A collection in a worker frees unreachable Qt objects there: their destructors then
    # ran off the GUI thread, which deadlocked it in QObject::connect (found by gdb).
    import gc

    calls: list[tuple[str, str]] = []
    collect, freeze = gc.collect, gc.freeze

    def recorded(name, real):
        def call(*args):
            calls.append((name, threading.current_thread().name))
            return real(*args)

        return call

    monkeypatch.setattr(gc, "collect", recorded("collect", collect))
    monkeypatch.setattr(gc, "freeze", recorded("freeze", freeze))
    widget = new_console(qtbot, signed_in_service(demo))
    # No cache in a fresh home: the 244 operations shown are the portal's fetch, landed.
    qtbot.waitUntil(lambda: len(widget.catalog.catalog.operations) == 244, timeout=10000)
    widget.shutdown()
    monkeypatch.undo()
    gui = threading.main_thread().name
    assert ("collect", gui) in calls and ("freeze", gui) in calls
    assert [(name, thread) for name, thread in calls if name == "collect" and thread != gui] == []
