"""Widgets driven through pytest-qt, offscreen."""

import re
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.tokens import TokenPair
from mct_desktop.demo import jwt
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.main_window import MainWindow
from mct_desktop.ui.paste_dialog import PasteLocationDialog
from mct_desktop.ui.portal_dialog import PortalDialog
from mct_desktop.ui.token_panel import TokenPanel

EXPIRES = int(time.time()) + 3200
ACCESS = jwt.sign(
    {
        "exp": EXPIRES,
        "name": "Ada Admin",
        "emails": ["ada@contoso.com"],
        "iss": "https://c.b2clogin.com/6f1d3e2a-4b5c-4d7e-8f90-a1b2c3d4e5f6/v2.0/",
    },
    b"k",
)
PAIR = TokenPair(ACCESS, "opaque+refresh/token=")
PORTAL = Portal("https://contoso.azurefd.net")


def make_panel(qtbot, clear_after=30):
    panel = TokenPanel(SecretClipboard(clear_after))
    qtbot.addWidget(panel)
    return panel


def test_token_panel_masks_reveals_and_copies(qtbot):
    panel = make_panel(qtbot)
    panel.show_pair(PORTAL, PAIR)
    assert panel.user.text() == "Ada Admin <ada@contoso.com>"
    # The token was made when this module loaded, and a busy run may reach this test minutes
    # later: what is shown must be the time the token really has left, to the second.
    shown = re.search(r"\(expires in (\d+):(\d\d)\)", panel.expiry.text())
    assert shown, panel.expiry.text()
    left = EXPIRES - time.time()
    assert abs(int(shown[1]) * 60 + int(shown[2]) - left) <= 2
    assert "tenant 6f1d3e2a" in panel.issuer.text()
    assert ACCESS not in panel.access.text.text()
    assert panel.access.text.text().startswith("eyJh…(")
    qtbot.mouseClick(panel.access.reveal, Qt.MouseButton.LeftButton)
    assert panel.access.text.text() == ACCESS
    qtbot.mouseClick(panel.access.reveal, Qt.MouseButton.LeftButton)
    assert ACCESS not in panel.access.text.text()
    with qtbot.waitSignal(panel.copied) as copied:
        qtbot.mouseClick(panel.refresh.copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == PAIR.refresh_token
    assert copied.args == ["The refresh token was copied; cleared from the clipboard in 30 s."]
    qtbot.mouseClick(panel.copy_header, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == f"Authorization: Bearer {ACCESS}"
    qtbot.mouseClick(panel.copy_curl, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == (
        f"curl --fail-with-body -H 'Authorization: Bearer {ACCESS}' "
        "https://contoso.azurefd.net/api/v2/Profile"
    )


def test_service_portal_copies_carry_client_type(qtbot):
    from mct_desktop.core.portal import ServiceAuth

    panel = make_panel(qtbot)
    service_portal = Portal("https://contoso.azurefd.net", service=ServiceAuth("t", "c", "api://x"))
    panel.show_pair(service_portal, TokenPair(ACCESS))
    assert "client credentials" in panel.refresh.text.text()
    qtbot.mouseClick(panel.copy_header, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == (
        f"Authorization: Bearer {ACCESS}\nClientType: Service"
    )


def test_copied_secret_is_cleared_unless_replaced(qtbot):
    panel = make_panel(qtbot, clear_after=1)
    panel.show_pair(PORTAL, PAIR)
    clipboard = QGuiApplication.clipboard()
    qtbot.mouseClick(panel.access.copy, Qt.MouseButton.LeftButton)
    assert clipboard.text() == ACCESS
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3000)
    qtbot.mouseClick(panel.access.copy, Qt.MouseButton.LeftButton)
    clipboard.setText("something the user copied since")
    qtbot.wait(1300)
    assert clipboard.text() == "something the user copied since"


def test_token_panel_without_tokens_disables_copy(qtbot):
    panel = make_panel(qtbot)
    panel.show_pair(None, None)
    assert panel.user.text() == "Not signed in"
    assert not panel.access.copy.isEnabled() and not panel.copy_header.isEnabled()


def test_portal_dialog_explains_a_bad_address_and_keeps_it(qtbot):
    dialog = PortalDialog()
    qtbot.addWidget(dialog)
    dialog.url.setText("http://contoso.azurefd.net")
    dialog._on_accept()
    assert "tokens would travel unencrypted" in dialog.error.text()
    assert dialog.result() == 0 and dialog.url.text() == "http://contoso.azurefd.net"
    dialog.url.setText("contoso.azurefd.net/ExternalAuthentication/Login")
    dialog._on_accept()
    assert dialog.base_url == "https://contoso.azurefd.net"


def test_paste_dialog_parses_or_says_why(qtbot):
    dialog = PasteLocationDialog(Portal("https://contoso.azurefd.net"))
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("https://contoso.azurefd.net/?error=denied&RefreshToken=zzzzzz")
    dialog._on_accept()
    assert "no access token" in dialog.error.text() and "zzzzzz" not in dialog.error.text()
    dialog.text.setPlainText(f"Location: https://x/#/r?accessToken={ACCESS}&refreshToken=a%2Bb")
    dialog._on_accept()
    assert dialog.pair == TokenPair(ACCESS, "a+b")
    assert dialog.text.toPlainText() == ""


def make_window(qtbot):
    service = PortalService()
    profiles = BrowserProfiles()
    window = MainWindow(service, profiles)
    qtbot.waitUntil(lambda: window.is_ready, timeout=5000)  # after the first paint
    qtbot.addWidget(window)
    return window, service


def test_main_window_stores_pasted_tokens_and_signs_out(qtbot, memory_keyring):
    window, service = make_window(qtbot)
    assert not window.sign_in_button.isEnabled()
    portal = service.add_portal("contoso.azurefd.net", "Contoso")
    window._reload_portals()
    window.sign_in.complete(portal, PAIR)
    assert window.messages.kind == "success"
    assert "Signed in as Ada Admin" in window.messages.text()
    assert window.tokens.user.text() == "Ada Admin <ada@contoso.com>"
    assert (
        memory_keyring.entries[("mct-desktop", "https://contoso.azurefd.net access_token")]
        == ACCESS
    )
    window.sign_out()
    assert memory_keyring.entries == {}
    assert window.tokens.user.text() == "Not signed in"


def test_main_window_restores_tokens_and_switches_portals(qtbot):
    service = PortalService()
    a = service.add_portal("a.example", "A")
    service.store_tokens(a, PAIR)
    service.add_portal("b.example", "B")
    window, _ = make_window(qtbot)
    assert window.portal_box.currentText() == "B (https://b.example)"
    assert window.tokens.user.text() == "Not signed in"
    window.portal_box.setCurrentIndex(0)
    assert window.tokens.user.text() == "Ada Admin <ada@contoso.com>"
    assert PortalService().active.key == "https://a.example"


def test_memory_only_keychain_is_shown_as_a_warning(qtbot):
    import keyring.backends.fail

    from mct_desktop.core.session.vault import TokenVault

    service = PortalService(vault=TokenVault(keyring.backends.fail.Keyring()))
    window = MainWindow(service, BrowserProfiles())
    qtbot.waitUntil(lambda: window.is_ready, timeout=5000)  # after the first paint
    qtbot.addWidget(window)
    assert window.keychain_bar.kind == "warning"
    assert "memory for this run only" in window.keychain_bar.text()
