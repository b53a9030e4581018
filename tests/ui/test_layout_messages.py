"""Small windows and messages that do not move things (issue 13, items 12 and 13)."""

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui import theme
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.console.console import ApiConsole
from mct_desktop.ui.main_window import MainWindow
from tests.support import demo_tokens

LONG = "Demo portal: the refresh token was refused by the portal. " * 6


def shown_window(qtbot, service, size=(900, 600)):
    window = MainWindow(service, BrowserProfiles(), TokenManager(service))
    qtbot.waitUntil(lambda: window.is_ready, timeout=5000)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    settle()
    return window


def settle():
    for _ in range(3):
        QApplication.processEvents()


def where(widget, window):
    """A widget's place and size in window coordinates."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    return top_left.x(), top_left.y(), widget.width(), widget.height()


def signed_in_service(demo):
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url, "Demo"), demo_tokens(demo))
    return service


# ----- item 12: small windows
def test_at_900x600_the_response_gets_the_height_and_the_window_may_be_smaller(qtbot, demo):
    window = shown_window(qtbot, signed_in_service(demo), (1100, 800))
    tab = window.console.tab
    big_editor = tab.editor.height()
    window.resize(900, 600)
    settle()
    editor, response = tab.editor.height(), tab.response.height()
    assert response >= 1.4 * editor, (editor, response)
    assert response >= 220, (editor, response)  # far more than three lines
    assert big_editor > editor  # the editor gave way
    floor = tab.editor.minimumSizeHint().height()
    assert editor > floor
    step = min(20, editor - floor)
    window.resize(900, 600 - step)
    settle()
    assert tab.response.height() == response  # the editor shrinks first
    assert tab.editor.height() == editor - step
    window.resize(1100, 1000)
    settle()
    assert tab.response.height() - response > tab.editor.height() - editor  # spare: response
    minimum = window.minimumSizeHint()
    assert minimum.width() <= 800 and minimum.height() <= 520, minimum  # was 895 × 569


def test_a_dragged_editor_height_is_kept_and_restored_in_new_tabs(qtbot, demo):
    window = shown_window(qtbot, signed_in_service(demo), (1100, 900))
    tab = window.console.tab
    tab.setSizes([150, sum(tab.sizes()) - 150])
    settle()
    assert tab.sizes()[0] == 150
    window.console.new_tab()
    settle()
    assert window.console.tab.sizes()[0] == 150


# ----- item 13: messages have a fixed place
def test_messages_do_not_move_the_url_bar_or_the_editor(qtbot, demo):
    window = shown_window(qtbot, signed_in_service(demo))
    console = window.console
    watched = [console.editor.target, console.editor.tabs, window.tabs, console.response.tabs]
    before = [where(w, window) for w in watched]
    window.messages.show_error(LONG, ("Sign in again", lambda: None))
    settle()
    assert [where(w, window) for w in watched] == before
    assert window.messages.isVisible() and window.messages.action.isVisible()
    assert window.messages.text() == LONG and window.messages.toolTip() == LONG  # elided
    console.messages.show_info("curl command imported.")
    window.keychain_bar.clear()
    settle()
    assert [where(w, window) for w in watched] == before
    window.messages.clear()
    settle()
    assert [where(w, window) for w in watched] == before
    assert window.width() == 900  # a long message never widens the window
    medium = "Demo portal: the portal refused the refresh token (it expired or was revoked)."
    window.messages.show_error(medium, ("Sign in again", lambda: None))
    settle()
    assert window.messages.label.text() == medium  # two lines: said in full at 900 px
    assert [where(w, window) for w in watched] == before


def test_a_standalone_console_keeps_its_messages_in_the_tool_row(qtbot):
    console = ApiConsole(
        PortalService(), TokenManager(PortalService()), RequestStore(), SecretClipboard()
    )
    qtbot.addWidget(console)
    console.resize(800, 500)
    console.show()
    settle()
    before = where(console.editor.target, console)
    console.messages.show_error(LONG)
    settle()
    assert where(console.editor.target, console) == before
    assert (
        console.messages.y() == console.save_request.y()
        or abs(
            console.messages.geometry().center().y() - console.save_request.geometry().center().y()
        )
        <= 2
    )


def test_messages_are_cleared_when_they_stop_applying(qtbot, demo):
    window = shown_window(qtbot, signed_in_service(demo))
    console = window.console
    console.editor.target.setText("/api/v1/Users")
    console.editor.body_kind.setCurrentIndex(1)  # JSON
    console.editor.body_text.setPlainText("{oops")
    console.editor.method.setCurrentText("POST")
    console.send()
    assert console.messages.kind == "error" and "JSON" in console.messages.text()
    qtbot.keyClicks(console.catalog.filter, "users")  # the user moved on to an operation
    assert console.messages.text() == ""
    console.messages.show_info("curl command imported.")
    console.store.record("" if window.portal is None else window.portal.key, ApiRequest(), "x")
    console.history.reload()
    item = console.history.list.item(0)
    console.history.list.itemActivated.emit(item)  # opening a history item
    assert console.messages.text() == ""
    console.messages.show_error("Enter a path such as /api/v2/Profile or a full URL.")
    qtbot.keyClicks(console.editor.target, "x")  # an edit answers an error about it
    assert console.messages.text() == ""
    console.messages.show_error("Fill in the path parameter(s): courseId.")
    console.new_tab()
    console.messages.show_error("Fill in the path parameter(s): courseId.")
    console.next_tab()  # Ctrl+Tab: the error was about the other tab
    assert console.messages.text() == ""


def test_a_message_shown_before_the_console_is_built_stays(qtbot, demo):
    service = signed_in_service(demo)
    window = MainWindow(service, BrowserProfiles(), TokenManager(service))
    qtbot.addWidget(window)
    window.messages.show_error("The settings file could not be read; defaults are used.")
    window.ui_state.set_tabs([ApiRequest("GET", "/a"), ApiRequest("GET", "/b")], 1)
    qtbot.waitUntil(lambda: window.is_ready, timeout=5000)  # tabs restored, a request loaded
    assert window.console.requests.count() == 2
    assert window.messages.text() == "The settings file could not be read; defaults are used."


def test_catalog_progress_is_not_red_and_a_refusal_is_one_short_line(qtbot, demo):
    service = PortalService()
    portal = service.add_portal(demo.url, "Demo")
    service.store_tokens(portal, demo_tokens(demo, email="learner@contoso.demo"))
    console = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    qtbot.addWidget(console)
    console.resize(900, 560)
    console.show()
    status = console.catalog.status
    console.specs._on_cache_loaded(portal, None, True)  # what a first load shows meanwhile
    assert "Loading the portal's Swagger" in status.text()
    assert theme.colour("error") not in status.styleSheet()
    qtbot.waitUntil(lambda: "refused" in status.text(), timeout=10000)
    assert theme.colour("error") not in status.styleSheet()  # a learner is refused by design
    assert theme.colour("warning") in status.styleSheet()
    assert "EnableSwagger" not in status.text() and "EnableSwagger" in status.toolTip()
    settle()
    assert status.height() <= 3 * status.fontMetrics().height() + 4, status.height()
    console.shutdown()


def test_a_loaded_long_path_shows_its_start(qtbot, demo):
    window = shown_window(qtbot, signed_in_service(demo))
    path = "/api/v1/Courses/{courseId}/Lessons/{lessonId}/Metadata/Translations"
    window.console.open_request(ApiRequest("GET", path))
    assert window.console.editor.target.cursorPosition() == 0  # "/api/v1/…", not "…tions"
