"""The window follows the token state live: quiet routine refreshes, actions that cannot work
greyed out, a sign-out by another process noticed (issue 13, items 16, 21, 23)."""

from PySide6.QtCore import Qt

from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.main_window import MainWindow
from tests.support import REFRESH_PATH, demo_tokens, fast_client

TOKEN_ACTIONS = ("copy_token", "refresh", "inspect")


def open_window(qtbot, service):
    window = MainWindow(service, BrowserProfiles(), TokenManager(service, fast_client))
    qtbot.waitUntil(lambda: window.is_ready, timeout=5000)
    qtbot.addWidget(window)
    window.show()
    return window


def signed_in_window(qtbot, demo, lifetime=3600):
    service = PortalService()
    portal = service.add_portal(demo.url, "Demo")
    service.store_tokens(portal, demo_tokens(demo, lifetime=lifetime))
    return open_window(qtbot, service), service, portal


# ----- item 23: routine refreshes are quiet
def test_routine_refresh_is_quiet_but_a_manual_one_confirms(qtbot, demo):
    window, service, portal = signed_in_window(qtbot, demo, lifetime=120)  # due at once
    old = service.tokens(portal)
    window.messages.clear()
    window.refresher.check()
    qtbot.waitUntil(lambda: service.tokens(portal) != old, timeout=10000)
    qtbot.wait(100)
    assert window.messages.kind == "", window.messages.text()  # no green banner
    assert window.tokens.access._value == service.tokens(portal).access_token  # but shown
    qtbot.mouseClick(window.tokens.refresh_now, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.messages.kind == "success", timeout=10000)
    assert "New token for" in window.messages.text()
    assert len(demo.requests_to(REFRESH_PATH)) == 2


def test_a_failed_routine_refresh_still_shows(qtbot, demo):
    window, _service, _portal = signed_in_window(qtbot, demo, lifetime=120)
    demo.revoke_refresh_tokens()
    window.messages.clear()
    window.refresher.check()
    qtbot.waitUntil(lambda: window.messages.kind == "error", timeout=10000)
    assert "refused the refresh token" in window.messages.text()


# ----- item 16: what cannot work is disabled, and follows the state
def test_no_portal_disables_portal_token_and_send_actions(qtbot):
    window = open_window(qtbot, PortalService())
    actions = window.actions_by_name
    for name in ("sign_in", "sign_out", "edit", "remove", "paste", *TOKEN_ACTIONS, "send"):
        assert not actions[name].isEnabled(), name
    assert not window.console.editor.send.isEnabled()
    window.console.editor.target.setText("https://example.org/x")  # a full URL needs none
    assert window.console.editor.send.isEnabled() and actions["send"].isEnabled()
    window.console.editor.target.setText("/api/v2/Profile")
    assert not window.console.editor.send.isEnabled() and not actions["send"].isEnabled()
    assert "portal" in window.console.editor.send.toolTip().lower()


def test_signed_out_disables_sign_out_and_token_actions_live(qtbot, demo):
    window, _service, portal = signed_in_window(qtbot, demo)
    actions = window.actions_by_name
    assert window.sign_out_button.isEnabled() and actions["sign_out"].isEnabled()
    for name in (*TOKEN_ACTIONS, "send", "sign_in"):
        assert actions[name].isEnabled(), name
    window.sign_out()
    assert not window.sign_out_button.isEnabled() and not actions["sign_out"].isEnabled()
    for name in ("copy_token", "inspect"):
        assert not actions[name].isEnabled(), name
    assert not actions["refresh"].isEnabled()  # nothing to refresh without a refresh token
    assert actions["sign_in"].isEnabled() and actions["send"].isEnabled()
    assert not window.console.copy_curl_real.isEnabled()  # "with the real token": none
    window.sign_in.complete(portal, demo_tokens(demo))
    for name in (*TOKEN_ACTIONS, "sign_out"):
        assert actions[name].isEnabled(), name
    assert window.console.copy_curl_real.isEnabled()


# ----- item 21: `mct-desktop logout` in another process
def test_logout_by_another_process_is_noticed_and_the_token_never_sent(qtbot, demo):
    window, _service, _portal = signed_in_window(qtbot, demo)
    assert window.tokens.user.text() != "Not signed in"
    other = PortalService()  # the CLI: its own settings and vault, the same keychain
    other.sign_out(other.find("Demo"))
    window.watch.check()  # what focus-in, the timer and every send do
    qtbot.waitUntil(lambda: window.tokens.user.text() == "Not signed in", timeout=5000)
    assert not window.actions_by_name["copy_token"].isEnabled()
    assert "signed out" in window.messages.text().lower()


def test_a_send_after_another_process_logged_out_carries_no_token(qtbot, demo):
    window, _service, portal = signed_in_window(qtbot, demo)
    PortalService().sign_out(portal)  # no check in between: the send itself re-reads
    window.console.editor.target.setText("/api/v2/Profile")
    window.console.send()
    qtbot.waitUntil(lambda: not window.console.tab.busy, timeout=10000)
    sent = demo.requests_to("/api/v2/Profile")
    assert sent and all("authorization" not in {k.lower() for k in r.headers} for r in sent)
    qtbot.waitUntil(lambda: window.tokens.user.text() == "Not signed in", timeout=5000)
