"""The main window: pick a portal, sign in, see, copy, inspect and refresh its tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.claims import countdown
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import AuthNetworkError, SignInRequired
from mct_desktop.core.session.token_manager import NotSignedIn, TokenManager
from mct_desktop.core.session.token_summary import summarize
from mct_desktop.core.session.vault import VaultStatus
from mct_desktop.core.support.ui_state import UiState
from mct_desktop.core.tokens import TokenPair, decode_jwt, utc_now
from mct_desktop.ui.auto_refresh import AutoRefresher
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.menus import build_menus
from mct_desktop.ui.message_bar import MessageBar
from mct_desktop.ui.token_panel import TokenPanel
from mct_desktop.ui.window_state import (
    restore_console_state,
    restore_window_state,
    save_window_state,
)

if TYPE_CHECKING:
    from mct_desktop.core.api.history import RequestStore
    from mct_desktop.ui.console.console import ApiConsole
    from mct_desktop.ui.login_view import LoginWindow


class MainWindow(QMainWindow):
    def __init__(
        self,
        service: PortalService,
        profiles: BrowserProfiles,
        manager: TokenManager | None = None,
        store: RequestStore | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.profiles = profiles
        self.login_window: LoginWindow | None = None  # imported lazily, see start_sign_in
        self.console: ApiConsole  # built after the first paint, see _attach_console
        manager = manager or TokenManager(service)
        self.refresher = AutoRefresher(manager, parent=self)
        self.clipboard = SecretClipboard(service.settings.clipboard_clear_seconds, self)
        self.setWindowTitle("MCT Desktop")
        self.resize(1100, 760)
        self.portal_box = QComboBox(self)
        self.portal_box.setMinimumWidth(320)
        self.add_button = QPushButton("Add portal…", self)
        self.remove_button = QPushButton("Remove", self)
        self.keychain_bar = MessageBar(self)
        self.messages = MessageBar(self)
        self.tokens = TokenPanel(self.clipboard, self)
        # The console is built right after the first paint (see _finish_start): it and
        # what it imports are the larger part of the app's start-up.
        self._console_parts = (manager, store, profiles)
        self.console_page = QWidget(self)
        QVBoxLayout(self.console_page).setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(self)
        self.session_label = QLabel(self)
        self.busy_label = QLabel(self)
        self.busy_cancel = QPushButton("Cancel", self)
        self.busy_cancel.hide()
        self.ui_state = UiState()
        self.menus: dict[str, QMenu] = {}
        self.sign_in_button = QPushButton("Sign in", self)
        self.sign_in_button.setDefault(True)
        self.paste_button = QPushButton("Paste Location URL…", self)
        self.sign_out_button = QPushButton("Sign out", self)
        self.sign_out_button.setToolTip(
            "Remove this portal's tokens from the keychain and clear its browser data"
        )
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._build_layout()
        self._connect_signals()
        self.actions_by_name = build_menus(self)
        restore_window_state(self, self.ui_state)
        self._clock.start()
        self.refresher.start()
        if service.settings.load_warning:
            self.messages.show_error(service.settings.load_warning)
        self._starting = True  # the keychain is not asked before the first paint
        self._reload_portals()
        # Finish starting once the window has painted (or soon anyway, if it is never shown).
        central = self.centralWidget()
        assert central is not None
        central.installEventFilter(self)
        QTimer.singleShot(300, self._finish_start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._starting and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._finish_start)  # after this paint reached the screen
        return super().eventFilter(watched, event)

    def _finish_start(self) -> None:
        """After the first paint: build the console, open the keychain, show the tokens."""
        if not self._starting or not shiboken6.isValid(self):  # done, or closed meanwhile
            return
        self._attach_console()
        self._starting = False
        self._show_portal()
        self.refresher.check()

    def _attach_console(self) -> None:
        # Imported here, after the first paint: this is most of the app's start-up cost.
        from mct_desktop.core.api import history
        from mct_desktop.ui.console import console as console_module

        manager, store, profiles = self._console_parts
        self.console = console_module.ApiConsole(
            self.service,
            manager,
            store or history.RequestStore(),
            self.clipboard,
            self.console_page,
            cookies=profiles.cookies_for,
            shortcuts=False,  # the menus own the keys; two owners would cancel each other
        )
        layout = self.console_page.layout()
        assert layout is not None
        layout.addWidget(self.console)
        self.console.sent.connect(self._show_portal)
        self.console.busy.connect(self._on_busy)
        self.busy_cancel.clicked.connect(self.console.cancel)
        self.console.editor.send.setToolTip(self.actions_by_name["send"].toolTip())
        restore_console_state(self, self.ui_state)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Portal", self))
        top.addWidget(self.portal_box, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        top.addSpacing(16)
        top.addWidget(self.sign_in_button)
        top.addWidget(self.paste_button)
        top.addWidget(self.sign_out_button)
        tokens_page = QWidget(self)
        tokens_layout = QVBoxLayout(tokens_page)
        tokens_layout.addWidget(self.tokens)
        tokens_layout.addStretch(1)
        self.tabs.addTab(self.console_page, "API console")
        self.tabs.addTab(tokens_page, "Tokens")
        layout = QVBoxLayout()
        layout.addLayout(top)
        layout.addWidget(self.keychain_bar)
        layout.addWidget(self.messages)
        layout.addWidget(self.tabs, 1)
        central = QWidget(self)
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.statusBar().addWidget(self.busy_label)
        self.statusBar().addWidget(self.busy_cancel)
        self.statusBar().addPermanentWidget(self.session_label)

    def _connect_signals(self) -> None:
        self.portal_box.currentIndexChanged.connect(self._on_portal_chosen)
        self.add_button.clicked.connect(self.add_portal)
        self.remove_button.clicked.connect(self._on_remove_portal)
        self.sign_in_button.clicked.connect(self.start_sign_in)
        self.paste_button.clicked.connect(self.paste_location)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.tokens.copied.connect(self.messages.show_info)
        self.tokens.inspect_requested.connect(self.inspect_token)
        self.tokens.refresh_requested.connect(self.refresh_token)
        self.refresher.refreshed.connect(self._on_refreshed)
        self.refresher.failed.connect(self._on_refresh_failed)
        self._clock.timeout.connect(self._on_clock)

    # ----- portals
    @property
    def portal(self) -> Portal | None:
        return self.service.active

    def _reload_portals(self) -> None:
        self.portal_box.blockSignals(True)
        self.portal_box.clear()
        for portal in self.service.portals:
            label = f"{portal.name} ({portal.base_url})" if portal.name else portal.base_url
            self.portal_box.addItem(label, portal.key)
        active = self.portal
        if active is not None:
            self.portal_box.setCurrentIndex(self.portal_box.findData(active.key))
        self.portal_box.blockSignals(False)
        self._show_portal()

    def _show_portal(self) -> None:
        portal = self.portal
        for widget in (self.remove_button, self.sign_in_button, self.sign_out_button):
            widget.setEnabled(portal is not None)
        is_user = portal is not None and portal.service is None
        self.paste_button.setEnabled(is_user)
        self.paste_button.setVisible(portal is None or is_user)
        self.sign_in_button.setText("Get token" if portal and portal.service else "Sign in")
        if self._starting:
            self.tokens.user.setText("Opening the keychain…")
            return
        self.tokens.show_pair(portal, self.service.tokens(portal) if portal else None)
        self.console.portal_changed()
        self._on_clock()
        if portal is None:
            self.messages.show_info("Add a portal to start: its address is enough.")
        self._show_keychain_status(self.service.vault.status)

    def _on_clock(self) -> None:
        if self._starting:
            return
        self.tokens.tick()
        portal = self.portal
        pair = self.service.tokens(portal) if portal else None
        if portal is None or pair is None:
            self.session_label.setText("Not signed in")
            return
        info = decode_jwt(pair.access_token)
        who = info.user if info else "signed in"
        self.session_label.setText(f"{portal.display_name} · {who} · {countdown(info, utc_now())}")

    def _on_portal_chosen(self, index: int) -> None:
        key = self.portal_box.itemData(index)
        portal = self.service.settings.get(key) if key else None
        if portal is not None:
            self.service.set_active(portal)
            self.messages.clear()
        self._show_portal()

    def add_portal(self) -> None:
        from mct_desktop.ui import portal_dialog  # dialogs load when first opened

        dialog = portal_dialog.PortalDialog(self)
        if dialog.exec() != portal_dialog.PortalDialog.DialogCode.Accepted:
            return
        portal = self.service.add_portal(
            dialog.base_url,
            dialog.name.text(),
            dialog.identity_provider,
            dialog.persistent.isChecked(),
        )
        if dialog.service is not None:
            portal = self.service.set_service_auth(portal, dialog.service, dialog.take_secret())
        self._reload_portals()
        if portal.service is not None:
            self._refresh(portal, f"Added {portal.display_name}; getting a service token…")
        else:
            self.messages.show_info(f"Added {portal.display_name}. Sign in to capture its tokens.")

    def _on_remove_portal(self) -> None:
        portal = self.portal
        if portal is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove portal",
            f"Remove {portal.display_name} and delete its tokens from the keychain?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,  # Enter must not delete a portal
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._close_login_window()
        self.profiles.clear(portal)
        self._show_keychain_status(self.service.remove_portal(portal))
        self._reload_portals()

    # ----- sign-in
    def start_sign_in(self) -> None:
        portal = self.portal
        if portal is None:
            return
        if portal.service is not None:
            self._refresh(portal, "Getting a service token…")
            return
        if self.login_window is not None:
            self.login_window.close()
        # Imported here: QtWebEngine is heavy and must not delay the first paint.
        from mct_desktop.ui.login_view import LoginWindow

        window = LoginWindow(portal, self.profiles.profile_for(portal))
        window.tokens_captured.connect(lambda pair: self._on_tokens_captured(portal, pair))
        window.login_failed.connect(self.messages.show_error)
        window.paste_requested.connect(self.paste_location)
        window.closed.connect(lambda: self._forget_login_window(window))
        self.login_window = window
        window.show()
        window.start()
        self.messages.show_info(f"Signing in to {portal.display_name} in the browser window…")

    def _close_login_window(self) -> None:
        """Delete the sign-in window now: its page must die before its browser profile."""
        window, self.login_window = self.login_window, None
        if window is not None and shiboken6.isValid(window):
            window.hide()
            shiboken6.delete(window)

    def _forget_login_window(self, window: LoginWindow) -> None:
        if self.login_window is window:
            self.login_window = None
        window.deleteLater()

    def _on_tokens_captured(self, portal: Portal, pair: TokenPair) -> None:
        status = self.service.store_tokens(portal, pair)
        self.refresher.reset(portal)
        if self.login_window is not None:
            self.login_window.close()
        self._show_portal()
        summary = summarize(pair, utc_now())
        where = "the keychain" if status.persistent else "memory only (see above)"
        self.messages.show_success(f"Signed in as {summary.user}; tokens stored in {where}.")
        self._finish_start()  # a sign-in faster than the first paint still finds a console
        self.tabs.setCurrentWidget(self.console_page)
        self.console.load_spec(from_network=True)  # an administrator now sees the Swagger

    def paste_location(self) -> None:
        portal = self.portal
        if portal is None:
            return
        from mct_desktop.ui import paste_dialog

        dialog = paste_dialog.PasteLocationDialog(portal, self)
        accepted = paste_dialog.PasteLocationDialog.DialogCode.Accepted
        if dialog.exec() == accepted and dialog.pair:
            self._on_tokens_captured(portal, dialog.pair)

    def sign_out(self) -> None:
        portal = self.portal
        if portal is None:
            return
        self._close_login_window()
        self.profiles.clear(portal)
        status = self.service.sign_out(portal)
        self.refresher.reset(portal)
        self._show_portal()
        self.messages.show_info(
            f"Signed out of {portal.display_name}: tokens and browser data removed."
        )
        self._show_keychain_status(status)

    # ----- tokens
    def inspect_token(self) -> None:
        portal = self.portal
        pair = self.service.tokens(portal) if portal else None
        if portal is not None and pair is not None:
            from mct_desktop.ui import token_inspector

            token_inspector.TokenInspector(portal, pair, self.clipboard, self).exec()

    def refresh_token(self) -> None:
        if (portal := self.portal) is not None:
            self._refresh(portal, f"Refreshing the token of {portal.display_name}…")

    def _refresh(self, portal: Portal, message: str) -> None:
        if self.refresher.refresh(portal, force=True):
            self.messages.show_info(message)
            self.tokens.refresh_now.setEnabled(False)

    def _on_refreshed(self, key: str) -> None:
        portal = self.service.settings.get(key)
        if portal is None or self.portal is None or portal.key != self.portal.key:
            return
        self._show_portal()
        pair = self.service.tokens(portal)
        if pair is not None:
            summary = summarize(pair, utc_now())
            self.messages.show_success(
                f"New token for {summary.user}, expires {summary.expires_relative}."
            )

    def _on_refresh_failed(self, key: str, exc: object) -> None:
        portal = self.service.settings.get(key)
        if portal is None:
            return
        self._show_portal()
        # Most of these messages name the portal already: "Demo portal: … for Demo portal".
        said = str(exc) if portal.display_name in str(exc) else f"{portal.display_name}: {exc}"
        if isinstance(exc, SignInRequired | NotSignedIn):
            action = "Sign in again" if portal.service is None else "Try again"
            self.messages.show_error(said, (action, lambda: self._sign_in_to(portal)))
        elif isinstance(exc, AuthNetworkError):
            self.messages.show_warning(f"{said} Retrying automatically.")
        else:
            self.messages.show_error(said)

    def _sign_in_to(self, portal: Portal) -> None:
        self.service.set_active(portal)
        self._reload_portals()
        self.start_sign_in()

    def _show_keychain_status(self, status: VaultStatus) -> None:
        if status.persistent:
            self.keychain_bar.clear()
        else:
            self.keychain_bar.show_warning(status.problem)

    # ----- menus
    def copy_access_token(self) -> None:
        portal = self.portal
        pair = self.service.tokens(portal) if portal else None
        if pair is None:
            self.messages.show_error("Not signed in: there is no access token to copy.")
            return
        when = self.clipboard.copy(pair.access_token)
        self.messages.show_info(f"The access token was copied; {when}.")

    def copy_diagnostics(self) -> None:
        from mct_desktop.core.support.diagnostics import diagnostics
        from mct_desktop.ui.about_dialog import versions

        status = self.service.vault.status
        text = diagnostics(
            {**versions(), "keychain": status.backend, "keychain problem": status.problem or "none"}
        )
        when = self.clipboard.copy(text)
        self.messages.show_info(
            f"Diagnostics (versions and the recent log, with secrets removed) were copied; {when}."
        )

    def show_about(self) -> None:
        from mct_desktop.ui.about_dialog import AboutDialog

        status = self.service.vault.status
        keychain = status.backend if status.persistent else f"memory only: {status.problem}"
        AboutDialog(keychain, self).exec()

    def _on_busy(self, text: str) -> None:
        self.busy_label.setText(text)
        self.busy_cancel.setVisible(bool(text))

    def closeEvent(self, event: QCloseEvent) -> None:
        save_window_state(self, self.ui_state)
        if not self._starting:
            self.console.shutdown()
        super().closeEvent(event)
