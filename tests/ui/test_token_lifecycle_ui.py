"""Refresh now, automatic refresh, sign-in-again state, inspector, service portals (GUI)."""

import shiboken6
from PySide6.QtCore import Qt

from mct_desktop.core.portal import Portal, ServiceAuth
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.core.tokens import utc_now
from mct_desktop.demo.accounts import (
    SERVICE_API_URI,
    SERVICE_CLIENT_ID,
    SERVICE_CLIENT_SECRET,
    TENANT_ID,
)
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.main_window import MainWindow
from mct_desktop.ui.portal_dialog import PortalDialog
from mct_desktop.ui.token_inspector import TokenInspector
from tests.support import REFRESH_PATH, demo_tokens, fast_client


def window_for(qtbot, demo, lifetime=3600):
    pair = demo_tokens(demo, lifetime=lifetime)
    service = PortalService()
    portal = service.add_portal(demo.url, "Demo")
    service.store_tokens(portal, pair)
    window = MainWindow(service, BrowserProfiles(), TokenManager(service, fast_client))
    qtbot.waitUntil(lambda: window.is_ready, timeout=5000)  # after the first paint
    qtbot.addWidget(window)
    window.show()
    return window, service, portal, pair


def test_refresh_now_replaces_the_tokens(qtbot, demo):
    window, service, portal, old = window_for(qtbot, demo)
    qtbot.mouseClick(window.tokens.refresh_now, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.messages.kind == "success", timeout=10000)
    new = service.tokens(portal)
    assert new != old and len(demo.requests_to(REFRESH_PATH)) == 1
    assert window.tokens.access._value == new.access_token
    assert "New token for Ada Admin" in window.messages.text()


def test_tokens_near_expiry_are_refreshed_automatically_once(qtbot, demo):
    window, service, portal, old = window_for(qtbot, demo, lifetime=120)  # inside 5 min margin
    qtbot.waitUntil(lambda: service.tokens(portal) != old, timeout=10000)
    window.refresher.check()
    window.refresher.check()
    qtbot.wait(300)
    assert len(demo.requests_to(REFRESH_PATH)) == 1


def test_refused_refresh_shows_sign_in_again_in_one_click(qtbot, demo):
    window, service, portal, old = window_for(qtbot, demo)
    demo.revoke_refresh_tokens()
    window.refresher.refresh(portal, force=True)
    qtbot.waitUntil(lambda: window.messages.kind == "error", timeout=10000)
    assert "refused the refresh token" in window.messages.text()
    assert window.messages.action.isVisible() and window.messages.action.text() == "Sign in again"
    assert window.refresher.is_parked(portal)
    assert service.tokens(portal) == old  # nothing lost
    window.refresher.check()
    qtbot.wait(200)
    assert len(demo.requests_to(REFRESH_PATH)) == 1  # parked: no hammering
    qtbot.mouseClick(window.messages.action, Qt.MouseButton.LeftButton)
    try:
        assert window.sign_in.window is not None and window.sign_in.window.isVisible()
    finally:
        shiboken6.delete(window.sign_in.window)
        window.profiles.dispose()


def test_network_failure_is_a_warning_and_keeps_tokens(qtbot, demo):
    window, service, portal, old = window_for(qtbot, demo)
    demo.stop()
    window.refresher.refresh(portal, force=True)
    qtbot.waitUntil(lambda: window.messages.kind == "warning", timeout=15000)
    assert "Retrying automatically" in window.messages.text()
    assert service.tokens(portal) == old


def test_service_portal_gets_a_token_with_one_click(qtbot, demo):
    service = PortalService()
    portal = service.add_portal(demo.url, "Demo service")
    service.set_service_auth(
        portal,
        ServiceAuth(TENANT_ID, SERVICE_CLIENT_ID, SERVICE_API_URI, demo.url),
        SERVICE_CLIENT_SECRET,
    )
    window = MainWindow(service, BrowserProfiles(), TokenManager(service, fast_client))
    qtbot.waitUntil(lambda: window.is_ready, timeout=5000)  # after the first paint
    qtbot.addWidget(window)
    window.show()
    assert window.sign_in_button.text() == "Get token"
    assert window.sign_in_button.isVisible() and not window.paste_button.isVisible()
    qtbot.mouseClick(window.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.messages.kind == "success", timeout=10000)
    assert window.tokens.user.text() == SERVICE_CLIENT_ID


def test_portal_dialog_service_mode_validates(qtbot):
    dialog = PortalDialog()
    qtbot.addWidget(dialog)
    dialog.url.setText("contoso.azurefd.net")
    dialog.service_mode.setChecked(True)
    dialog._on_accept()
    assert dialog.error.text() == "Tenant ID is required for client credentials."
    for field, text in (
        (dialog.tenant, "t"),
        (dialog.client_id, "c"),
        (dialog.secret, "s"),
        (dialog.api_uri, "api://x"),
        (dialog.authority, "login.microsoftonline.us"),
    ):
        field.setText(text)
    dialog._on_accept()
    assert dialog.service == ServiceAuth("t", "c", "api://x", "https://login.microsoftonline.us")
    assert dialog.take_secret() == "s" and dialog.secret.text() == ""


def test_inspector_shows_claims_countdown_and_opaque_refresh(qtbot, demo):
    pair = demo_tokens(demo)
    inspector = TokenInspector(Portal(demo.url), pair, SecretClipboard())
    qtbot.addWidget(inspector)
    rows = {
        inspector.claims.item(r, 0).text(): inspector.claims.item(r, 1).text()
        for r in range(inspector.claims.rowCount())
    }
    assert rows["name"] == "Ada Admin"
    assert rows["emails"] == "admin@contoso.demo"
    assert "(in 59 min)" in rows["exp"] or "(in 1 h)" in rows["exp"]
    assert inspector.countdown.text().startswith(
        "expires in 59:"
    ) or inspector.countdown.text().startswith("expires in 1 h")
    assert inspector.tenant.text() == TENANT_ID
    assert inspector.idp.text() == "LocalAccount"
    header = {inspector.header.item(r, 0).text() for r in range(inspector.header.rowCount())}
    assert header == {"alg", "typ", "kid"}
    inspector.which.setCurrentIndex(1)
    assert inspector.opaque.isVisibleTo(inspector) and not inspector.tabs.isVisibleTo(inspector)
    assert "Opaque token" in inspector.opaque.text()
    assert inspector.countdown.text() == "opaque token: expiry unknown"
    assert utc_now()  # the countdown ticks from the real clock
