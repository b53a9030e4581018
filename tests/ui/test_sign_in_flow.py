"""The sign-in controller and its backends, the main window's use of them, menus, state."""

import re
import time
from typing import ClassVar

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QMainWindow,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.support.ui_state import UiState
from mct_desktop.core.tokens import TokenPair
from mct_desktop.demo import jwt
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.main_window import MainWindow
from mct_desktop.ui.menus import build_menus
from mct_desktop.ui.sign_in import EmbeddedBackend, SignInBackend, SignInController
from mct_desktop.ui.window_state import save_window_state

ACCESS = jwt.sign({"exp": int(time.time()) + 3600, "name": "Ada Admin"}, b"k")
PAIR = TokenPair(ACCESS, "refresh-1")


class ScriptedBackend(SignInBackend):
    """A backend the test drives by hand: what a second browser backend plugs in as."""

    gone_message = "The scripted browser went away."
    made: ClassVar[list["ScriptedBackend"]] = []

    def __init__(self, portal):
        super().__init__(portal)
        self.log = []
        ScriptedBackend.made.append(self)

    def start(self):
        self.log.append("start")

    def stop(self):
        self.log.append("stop")
        self.finished.emit()


def scripted_controller(service):
    ScriptedBackend.made = []
    return SignInController(service, {"scripted": ScriptedBackend})


def record(controller):
    events = []
    controller.succeeded.connect(lambda portal, result: events.append(("ok", portal, result)))
    controller.failed.connect(lambda portal, message: events.append(("failed", message)))
    controller.ended.connect(lambda portal, why: events.append(("ended", why)))
    return events


def test_a_second_backend_plugs_in_by_name_and_its_tokens_are_stored(qtbot, memory_keyring):
    service = PortalService()
    portal = Portal("https://new.example", "New")  # not saved before the sign-in
    controller = scripted_controller(service)
    events = record(controller)
    controller.start(portal, "scripted")
    backend = ScriptedBackend.made[0]
    assert backend.log == ["start"] and controller.backend is backend
    backend.captured.emit(PAIR)
    assert backend.log == ["start", "stop"] and controller.backend is None
    kind, saved, result = events[0]
    assert kind == "ok" and len(events) == 1  # its `finished` after the capture says nothing
    assert saved == portal and PortalService().active == portal
    assert result.persistent and result.user == "Ada Admin"
    assert PortalService().tokens(portal) == PAIR


def test_a_failure_lets_the_sign_in_go_on_and_finishing_ends_it(qtbot):
    service = PortalService()
    controller = scripted_controller(service)
    events = record(controller)
    controller.start(Portal("https://a.example"), "scripted")
    backend = ScriptedBackend.made[0]
    backend.failed.emit("The portal said no.")
    assert events == [("failed", "The portal said no.")] and controller.backend is backend
    backend.finished.emit()
    assert events[-1] == ("ended", "The scripted browser went away.")
    assert controller.backend is None
    assert PortalService().portals == []  # an address that never signed in is not kept


def test_one_sign_in_at_a_time_and_a_stopped_one_is_not_heard(qtbot):
    service = PortalService()
    controller = scripted_controller(service)
    events = record(controller)
    controller.start(Portal("https://a.example"), "scripted")
    controller.start(Portal("https://b.example"), "scripted")
    first, second = ScriptedBackend.made
    assert first.log == ["start", "stop"] and controller.backend is second
    first.captured.emit(PAIR)
    first.failed.emit("late")
    assert events == [] and PortalService().portals == []


def accept_paste_dialog_with(text):
    """Fill and accept the modal paste dialog once it opens."""

    def fill():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, fill)
            return
        dialog.findChild(QPlainTextEdit).setPlainText(text)
        buttons = dialog.findChild(QDialogButtonBox)
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill)


def test_the_sign_in_windows_paste_fallback_ends_in_the_same_store(qtbot, memory_keyring):
    service = PortalService()
    portal = service.add_portal("https://contoso.example")
    profiles = BrowserProfiles()
    controller = SignInController(service, {"embedded": lambda p: EmbeddedBackend(p, profiles)})
    events = record(controller)
    try:
        controller.start(portal)
        window = controller.window
        accept_paste_dialog_with(f"https://x/#/r?accessToken={ACCESS}&refreshToken=refresh-1")
        qtbot.mouseClick(window.paste_button, Qt.MouseButton.LeftButton)
        assert [e[0] for e in events] == ["ok"]
        assert PortalService().tokens(portal) == PAIR
        assert controller.window is None and not window.isVisible()
    finally:
        profiles.dispose()
    assert not shiboken6.isValid(window)  # its page died before its profile


def ready_window(qtbot, service=None, profiles=None):
    window = MainWindow(service or PortalService(), profiles or BrowserProfiles())
    qtbot.addWidget(window)
    seen = []
    window.ready.connect(lambda: seen.append(hasattr(window, "console")))
    with qtbot.waitSignal(window.ready, timeout=5000):
        window.show()
    assert seen == [True] and window.is_ready
    return window


def test_ready_is_emitted_once_the_console_is_attached(qtbot):
    window = ready_window(qtbot)
    assert window.console_page.layout().indexOf(window.console) == 0
    assert window.session_label.text() == "Not signed in"


def test_paste_location_in_the_main_window_signs_in(qtbot, memory_keyring):
    service = PortalService()
    portal = service.add_portal("https://contoso.example", "Contoso")
    window = ready_window(qtbot, service)
    accept_paste_dialog_with(f"Location: https://x/#/r?accessToken={ACCESS}&refreshToken=refresh-1")
    qtbot.mouseClick(window.paste_button, Qt.MouseButton.LeftButton)
    assert window.messages.kind == "success"
    assert window.messages.text() == "Signed in as Ada Admin; tokens stored in the keychain."
    assert window.session_label.text().startswith("Contoso · Ada Admin · expires in ")
    assert PortalService().tokens(portal) == PAIR


def test_sign_out_ends_a_running_sign_in_before_its_profile_goes(qtbot, demo):
    service = PortalService()
    service.add_portal(demo.url, "Demo")
    profiles = BrowserProfiles()
    window = ready_window(qtbot, service, profiles)
    try:
        window.start_sign_in()
        login = window.sign_in.window
        assert login is not None and login.isVisible()
        qtbot.waitUntil(lambda: "/b2c/" in login.page.url().toString(), timeout=15000)
        window.sign_out()
        assert window.sign_in.window is None
        assert not shiboken6.isValid(login)  # deleted before BrowserProfiles.clear
        assert window.messages.text().startswith("Signed out of Demo")
    finally:
        profiles.dispose()


def test_menus_and_window_state_need_no_main_window(qtbot, isolated_home):
    host = QMainWindow()
    qtbot.addWidget(host)
    called = []
    names = [
        "add",
        "edit",
        "remove",
        "sign_in",
        "paste",
        "sign_out",
        "quit",
        "send",
        "cancel",
        "path",
        "filter",
    ]
    names += ["curl", "import", "copy_token", "refresh", "inspect", "diagnostics", "about"]
    names += ["export", "proxy", "proxy_port", "fetch_all"]  # issue 14
    names += [f"copy_as_{n}" for n in ("python-httpx", "python-connect", "powershell", "csharp")]
    names += ["copy_as_curl"]
    actions = build_menus(host, {name: lambda *_, n=name: called.append(n) for name in names})
    actions["refresh"].trigger()
    assert called == ["refresh"] and actions["refresh"].toolTip() == "Refresh token (Ctrl+R)"
    tabs = QTabWidget(host)
    tabs.addTab(QWidget(), "one")
    state = UiState()
    state.set("splitter.console.sides", [1, 2])
    save_window_state(host, tabs, None, state)  # closed before the console was built
    assert UiState().get("splitter.console.sides") == [1, 2]
    assert UiState().get("tab") == 0


def test_an_unknown_backend_is_named_in_the_error(qtbot):
    controller = scripted_controller(PortalService())
    expected = "No sign-in backend is called 'browser' (there are: scripted)."
    with pytest.raises(ValueError, match=re.escape(expected)):
        controller.start(Portal("https://a.example"), "browser")
    assert controller.backend is None


def test_closing_the_sign_in_window_midway_clears_signing_in(qtbot, demo):
    service = PortalService()
    service.add_portal(demo.url, "Demo")
    profiles = BrowserProfiles()
    window = ready_window(qtbot, service, profiles)
    try:
        window.start_sign_in()
        assert window.messages.text().startswith("Signing in to Demo")
        login = window.sign_in.window
        assert login is not None
        login.close()
        qtbot.waitUntil(lambda: window.sign_in.window is None, timeout=5000)
        assert window.messages.text() == "The sign-in window was closed before the tokens arrived."
    finally:
        profiles.dispose()
