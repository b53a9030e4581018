"""The Sign in button's browser choice: its menu, its text, what it remembers, what it says."""

import json
import stat
from dataclasses import replace

import pytest
import shiboken6

from mct_desktop.core.portal import ServiceAuth
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.ui import sign_in_choice
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.browser_sign_in import running_sign_ins
from mct_desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    service = PortalService()
    service.add_portal("https://contoso.example", "Contoso")
    profiles = BrowserProfiles()
    window = MainWindow(service, profiles)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=5000):
        window.show()
    yield window
    window.sign_in.cancel()
    profiles.dispose()


def settings_browser(isolated_home):
    path = isolated_home / "config" / "mct-desktop" / "settings.json"
    return json.loads(path.read_text())["portals"][0].get("sign_in_browser", "")


def menu_texts(window):
    window.sign_in_choice.menu.aboutToShow.emit()
    return [a.text() for a in window.sign_in_choice.menu.actions() if a.text()]


def test_the_menu_offers_the_embedded_browser_and_only_the_browsers_found(window, monkeypatch):
    monkeypatch.setattr(sign_in_choice, "available_browsers", lambda: ["chromium", "edge"])
    assert menu_texts(window) == [
        "Sign in here (embedded browser)",
        "Sign in with Chromium",
        "Sign in with Edge",
        "Choose a browser…",
    ]
    checked = [a.text() for a in window.sign_in_choice.menu.actions() if a.isChecked()]
    assert checked == ["Sign in here (embedded browser)"]
    assert window.sign_in_button.text() == "Sign in"
    assert window.sign_in_choice.menu_button.isVisibleTo(window)


def test_without_any_browser_the_menu_says_so(window, monkeypatch):
    monkeypatch.setattr(sign_in_choice, "available_browsers", lambda: [])
    texts = menu_texts(window)
    assert "No Chrome, Chromium, Edge or Brave found here" in texts
    assert texts[0] == "Sign in here (embedded browser)" and texts[-1] == "Choose a browser…"


def test_a_choice_is_remembered_shown_and_a_missing_browser_names_the_places_searched(
    window, monkeypatch, isolated_home
):
    # Brave is not installed here: the menu is told it is, the backend finds it is not.
    monkeypatch.setattr(sign_in_choice, "available_browsers", lambda: ["brave"])
    menu_texts(window)
    action = next(
        a for a in window.sign_in_choice.menu.actions() if a.text() == "Sign in with Brave"
    )
    action.trigger()
    assert settings_browser(isolated_home) == "brave"
    assert PortalService().active.sign_in_browser == "brave"
    assert window.sign_in_button.text() == "Sign in with Brave"
    assert window.messages.kind == "error"
    assert window.messages.text().startswith("brave is not installed here (searched: brave-browser")
    assert "--browser /path/to/chrome" in window.messages.text()
    assert running_sign_ins() == 0 and window.sign_in.backend is None
    # Back to the embedded browser: remembered too, and the window opens.
    window.sign_in_choice.choose("embedded")
    assert settings_browser(isolated_home) == ""
    assert window.sign_in_button.text() == "Sign in"
    assert window.sign_in.window is not None and window.sign_in.window.isVisible()


def test_a_remembered_choice_survives_a_restart(qtbot, isolated_home):
    service = PortalService()
    service.set_sign_in_browser(service.add_portal("https://contoso.example"), "chromium")
    profiles = BrowserProfiles()
    window = MainWindow(PortalService(), profiles)
    qtbot.addWidget(window)
    try:
        assert window.sign_in_button.text() == "Sign in with Chromium"
        assert "Sign in with Chromium" in window.sign_in_button.toolTip()
    finally:
        profiles.dispose()


def test_choose_a_browser_refuses_a_file_that_is_no_program(window, monkeypatch, tmp_path):
    not_a_program = tmp_path / "chrome"
    not_a_program.write_text("")
    monkeypatch.setattr(sign_in_choice, "ask_for_browser_path", lambda parent: str(not_a_program))
    window.sign_in_choice.choose_browser_file()
    assert window.messages.kind == "error"
    assert window.messages.text().startswith(f"{not_a_program} is not an executable file.")
    assert PortalService().active.sign_in_browser == ""
    assert window.sign_in.backend is None


def test_choose_a_browser_remembers_the_path_and_reports_what_the_browser_did(
    window, monkeypatch, qtbot, tmp_path, isolated_home
):
    fake = tmp_path / "my-browser"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(sign_in_choice, "ask_for_browser_path", lambda parent: str(fake))
    with qtbot.waitSignal(window.sign_in.failed, timeout=15000) as failed:
        window.sign_in_choice.choose_browser_file()
    assert settings_browser(isolated_home) == str(fake)
    assert window.sign_in_button.text() == "Sign in with my-browser"
    message = failed.args[1]
    assert message == "my-browser exited (code 3) before it opened its DevTools port."
    assert window.messages.text() == message and window.messages.kind == "error"
    qtbot.waitUntil(lambda: running_sign_ins() == 0, timeout=5000)
    menu_texts(window)
    checked = [a.text() for a in window.sign_in_choice.menu.actions() if a.isChecked()]
    assert checked == [f"Sign in with my-browser ({fake})"]


def test_a_service_profile_has_no_browser_choice(qtbot):
    service = PortalService()
    portal = service.add_portal("https://contoso.example")
    service.settings.upsert(replace(portal, service=SERVICE))
    profiles = BrowserProfiles()
    window = MainWindow(service, profiles)
    qtbot.addWidget(window)
    try:
        assert window.sign_in_button.text() == "Get token"
        assert not window.sign_in_choice.menu_button.isVisibleTo(window)
    finally:
        profiles.dispose()


SERVICE = ServiceAuth("tenant", "client", "api://x", "https://login.microsoftonline.com")


def test_status_lines_of_a_sign_in_reach_the_message_bar(window):
    portal = window.portal
    window.sign_in.status.emit(portal, "Starting chromium…")
    assert window.messages.text() == "Starting chromium…" and window.messages.kind == "info"


def test_the_window_closing_ends_a_running_sign_in(window, qtbot):
    window.start_sign_in()
    login = window.sign_in.window
    assert login is not None
    window.close()
    assert window.sign_in.backend is None and not shiboken6.isValid(login)
