"""Window polish (issue 13, item 18): Downloads, Remove's default, Edit portal, curl from the
clipboard, messages that name the portal once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.portal import IdentityProvider
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import SignInRequired
from mct_desktop.core.session.token_manager import NotSignedIn, TokenManager
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.console.console import ApiConsole
from mct_desktop.ui.console.curl_dialog import CurlImportDialog
from mct_desktop.ui.main_window import MainWindow
from mct_desktop.ui.portal_dialog import edit_portal
from tests.support import sign_in_over_http


def _on_modal(callback, seen):
    """Run `callback(dialog)` on the next modal dialog (and record it), then let it close."""

    def poll():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(box)
        callback(box)

    QTimer.singleShot(20, poll)


def _window(qtbot):
    service = PortalService()
    window = MainWindow(service, BrowserProfiles())
    qtbot.waitUntil(lambda: window.is_ready, timeout=5000)
    qtbot.addWidget(window)
    return window, service


def test_save_body_proposes_the_downloads_folder(qtbot, demo, isolated_home, monkeypatch):
    downloads = isolated_home / "Downloads"
    downloads.mkdir(parents=True)
    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), pair)
    console = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    qtbot.addWidget(console)
    console.show()
    console.editor.load(ApiRequest("GET", "/api/v2/Profile"))
    with qtbot.waitSignal(console.sent, timeout=20000):
        console.send()
    qtbot.waitUntil(lambda: console.response.save.isEnabled(), timeout=20000)
    proposed = []
    from PySide6.QtWidgets import QFileDialog  # the view imports it when Save is clicked

    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda _parent, _title, path: (proposed.append(path), ("", ""))[1],
    )
    console.response.save.click()
    assert len(proposed) == 1
    assert Path(proposed[0]).parent == downloads
    assert Path(proposed[0]).name.startswith("response")
    console.shutdown()


def test_remove_portal_defaults_to_no(qtbot):
    window, service = _window(qtbot)
    service.add_portal("https://contoso.azurefd.net", "Contoso")
    window._reload_portals()
    seen: list = []
    defaults: list = []

    def inspect(box):
        defaults.append(box.standardButton(box.defaultButton()))
        box.reject()

    _on_modal(inspect, seen)
    window.remove_button.click()
    assert defaults == [QMessageBox.StandardButton.No]
    assert [p.name for p in service.portals] == ["Contoso"]


def test_add_edit_remove_through_the_window_keep_list_and_messages_in_step(qtbot):
    window, service = _window(qtbot)
    seen: list = []

    def add(dialog):
        dialog.url.setText("contoso.azurefd.net")
        dialog.name.setText("Contoso")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    _on_modal(add, seen)
    window.add_button.click()
    assert [p.name for p in service.portals] == ["Contoso"]
    assert window.portal_box.currentText() == "Contoso (https://contoso.azurefd.net)"
    assert window.messages.text() == "Added Contoso. Sign in to capture its tokens."
    assert window.remove_button.isEnabled() and window.actions_by_name["edit"].isEnabled()

    def rename(dialog):
        dialog.name.setText("Contoso production")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    _on_modal(rename, seen)
    window.actions_by_name["edit"].trigger()
    assert window.portal_box.currentText() == "Contoso production (https://contoso.azurefd.net)"
    assert window.messages.text() == "Saved Contoso production."

    _on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click(), seen)
    window.actions_by_name["remove"].trigger()
    assert len(seen) == 3
    assert service.portals == [] and PortalService().portals == []
    assert window.portal_box.count() == 0
    assert not window.remove_button.isEnabled() and not window.actions_by_name["edit"].isEnabled()
    assert window.messages.text() == "Add a portal to start: its address is enough."


def test_edit_portal_changes_name_and_identity_provider(qtbot):
    service = PortalService()
    portal = service.add_portal("https://contoso.azurefd.net", "Contoso")
    seen: list = []

    def fill(dialog):
        assert dialog.windowTitle() == "Edit portal"
        assert dialog.url.isReadOnly() and dialog.url.text() == portal.base_url
        assert dialog.name.text() == "Contoso"
        assert not dialog.service_mode.isVisible()
        dialog.name.setText("Contoso production")
        dialog.idp.setCurrentText("AZUREAD")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    _on_modal(fill, seen)
    edited = edit_portal(service, portal)
    assert seen and edited is not None
    assert (edited.name, edited.identity_provider) == (
        "Contoso production",
        IdentityProvider.AZUREAD,
    )
    saved = PortalService().find("Contoso production")
    assert saved.base_url == portal.base_url
    assert saved.refresh_url.endswith("/RefreshToken/AZUREAD")


def test_edit_portal_cancelled_changes_nothing(qtbot):
    service = PortalService()
    portal = service.add_portal("https://contoso.azurefd.net", "Contoso")
    _on_modal(lambda dialog: dialog.reject(), [])
    assert edit_portal(service, portal) is None
    assert PortalService().find("Contoso") == portal


@pytest.mark.parametrize(
    ("clipboard", "prefilled"),
    [
        ("curl 'https://contoso.azurefd.net/api/v2/Profile' -H 'Accept: */*'", True),
        ("# from the docs\n\ncurl -X GET https://x.example/api/v1/users", True),
        ('curl.exe "https://x.example/api"', True),
        ("https://contoso.azurefd.net/api/v2/Profile", False),
        ("curly braces {}", False),
        ("", False),
    ],
)
def test_import_curl_prefills_from_the_clipboard(qtbot, clipboard, prefilled):
    QGuiApplication.clipboard().setText(clipboard)
    dialog = CurlImportDialog()
    qtbot.addWidget(dialog)
    assert dialog.text.toPlainText() == (clipboard if prefilled else "")
    assert ("from the clipboard" in dialog.intro.text()) == prefilled
    QGuiApplication.clipboard().clear()


def test_refresh_failures_name_the_portal_once(qtbot):
    window, service = _window(qtbot)
    portal = service.add_portal("https://contoso.azurefd.net", "Demo portal")
    window._reload_portals()
    window.token_actions._on_refresh_failed(
        portal.key, NotSignedIn(f"No token is stored for {portal.display_name}; sign in first.")
    )
    assert window.messages.text() == "No token is stored for Demo portal; sign in first."
    window.token_actions._on_refresh_failed(
        portal.key, SignInRequired("The refresh token was refused.")
    )
    assert window.messages.text() == "Demo portal: The refresh token was refused."


def test_portal_menu_edits_the_active_portal_and_greys_out_what_needs_one(qtbot):
    window, service = _window(qtbot)
    actions = window.actions_by_name
    assert not any(actions[n].isEnabled() for n in ("edit", "remove", "sign_in", "sign_out"))
    service.add_portal("https://contoso.azurefd.net", "Contoso")
    window._reload_portals()
    assert all(actions[n].isEnabled() for n in ("edit", "remove", "sign_in"))
    assert not actions["sign_out"].isEnabled()  # signed out already (issue 13, item 16)

    def rename(dialog):
        dialog.name.setText("Contoso production")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    seen: list = []
    _on_modal(rename, seen)
    actions["edit"].trigger()
    assert seen
    assert window.portal_box.currentText().startswith("Contoso production")
    assert PortalService().active.name == "Contoso production"
