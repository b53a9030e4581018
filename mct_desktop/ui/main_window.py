"""The main window: pick a portal, sign in, see, copy, inspect and refresh its tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.support.ui_state import UiState
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.data_out import menu_slots
from mct_desktop.ui.menus import build_menus
from mct_desktop.ui.message_bar import MessageBar
from mct_desktop.ui.page_first import PageFirst
from mct_desktop.ui.sign_in_choice import SignInChoice
from mct_desktop.ui.token_panel import TokenPanel
from mct_desktop.ui.window_parts import WindowParts
from mct_desktop.ui.window_state import (
    restore_console_state,
    restore_window_state,
    save_window_state,
)

if TYPE_CHECKING:
    from mct_desktop.core.api.history import RequestStore
    from mct_desktop.core.session.sign_in import SignInResult
    from mct_desktop.core.session.token_manager import TokenManager
    from mct_desktop.core.session.vault import VaultStatus
    from mct_desktop.ui.console.console import ApiConsole


class MainWindow(QMainWindow, WindowParts):
    """What is on screen is built first; what the window does comes right after its first
    paint: the controllers (_build_controllers), then the console and the keychain."""

    # The console is attached and the keychain opened (both wait for the first paint).
    ready = Signal()

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
        self.console: ApiConsole  # built after the first paint, see _attach_console
        self._manager = manager
        self._has_controllers = False
        self.clipboard = SecretClipboard(service.settings.clipboard_clear_seconds, self)
        self.page_first = PageFirst(self)  # a sign-in page started early loads first
        self.setWindowTitle("MCT Desktop")
        self.resize(1100, 760)
        self.portal_box = QComboBox(self)
        self.portal_box.setMinimumWidth(170)  # 900 px fits the row, the sign-in choice included
        self.add_button = QPushButton("Add portal…", self)
        self.remove_button = QPushButton("Remove", self)
        self.keychain_bar = MessageBar(self)
        self.messages = MessageBar(self, compact=True)  # in the status bar: nothing moves
        self.tokens = TokenPanel(self.clipboard, self)
        # The console is built right after the first paint (see _finish_start): it and
        # what it imports are the larger part of the app's start-up.
        self._store = store
        self.console_page = QWidget(self)
        QVBoxLayout(self.console_page).setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(self)
        self.busy_label = QLabel(self)
        self.busy_cancel = QPushButton("Cancel", self)
        self.busy_cancel.hide()
        self.ui_state = UiState()
        self.sign_in_button = QPushButton("Sign in", self)
        self.sign_in_button.setDefault(True)
        self.sign_in_choice = SignInChoice(
            self.sign_in_button,
            lambda: self._built().sign_in,
            self.messages,
            self.start_sign_in,
            self,
        )
        self.paste_button = QPushButton("Paste Location URL…", self)
        self.sign_out_button = QPushButton("Sign out", self)
        self.sign_out_button.setToolTip(
            "Remove this portal's tokens from the keychain and clear its browser data"
        )
        self._build_layout()
        slots = self._menu_slots()
        self._connect_signals(slots)
        self.actions_by_name = build_menus(self, slots)
        # Shown on the buttons that do the same, so the keys are discoverable there too.
        self.tokens.refresh_now.setToolTip(self.actions_by_name["refresh"].toolTip())
        restore_window_state(self, self.tabs, self.ui_state)
        if service.settings.load_warning:
            self.messages.show_error(service.settings.load_warning)
        self._starting = True  # the keychain is not asked before the first paint
        self._reload_portals()
        # Finish starting once the window has painted (or soon anyway, if it is never shown).
        central = self.centralWidget()
        assert central is not None
        central.installEventFilter(self)
        QTimer.singleShot(300, self._finish_start)

    @property
    def sign_in_window(self) -> QWidget | None:
        """The embedded sign-in window, if one was opened (app._teardown deletes it first)."""
        return self.sign_in.window if self._has_controllers else None

    @property
    def is_ready(self) -> bool:
        """True once `ready` was emitted: the console exists and the tokens are shown."""
        return not self._starting

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._starting and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._finish_start)  # after this paint reached the screen
        return super().eventFilter(watched, event)

    def _finish_start(self) -> None:
        """After the first paint: build the console, open the keychain, show the tokens."""
        if not self._starting or not shiboken6.isValid(self):  # done, or closed meanwhile
            return
        self._build_controllers()
        if self.page_first.holding:  # released once the sign-in page has loaded
            return
        self._attach_console()
        self._starting = False
        self._show_portal()
        self.clock.start()
        self.watch.start()
        self.refresher.check()
        self.ready.emit()

    def _built(self) -> MainWindow:
        """This window with its controllers, built now if the first paint has not come yet."""
        self._build_controllers()
        return self

    def _build_controllers(self) -> None:
        """What the window does (ui/window_controllers.py), and its signals."""
        if self._has_controllers:
            return
        from mct_desktop.ui import window_controllers  # after the first paint, like the console

        window_controllers.build(self, self, self._manager)  # as its parts, as the widget
        self._connect_controllers()
        self.refresher.start()
        self._has_controllers = True  # only once complete: closeEvent relies on it

    def _connect_controllers(self) -> None:
        self.portal_actions.changed.connect(self._reload_portals)
        self.portal_actions.keychain_status.connect(self._show_keychain_status)
        self.token_actions.changed.connect(self._show_portal)
        self.token_actions.sign_in_requested.connect(self._on_sign_in_requested)
        self.sign_in.succeeded.connect(self._on_signed_in)
        self.sign_in.failed.connect(lambda _portal, message: self.messages.show_error(message))
        self.sign_in.ended.connect(self._on_sign_in_ended)
        self.sign_in.status.connect(self.sign_in_choice.on_status)
        self.sign_in.switched.connect(self.sign_in_choice.on_switched)
        self.watch.changed.connect(self._on_tokens_changed_elsewhere)

    def _attach_console(self) -> None:
        # Imported here, after the first paint: this is most of the app's start-up cost.
        from mct_desktop.core.api import history
        from mct_desktop.ui.console import console as console_module

        self.console = console_module.ApiConsole(
            self.service,
            self.manager,
            self._store or history.RequestStore(),
            self.clipboard,
            self.console_page,
            cookies=self.profiles.cookies_for,
            shortcuts=False,  # the menus own the keys; two owners would cancel each other
            taken_keys={
                action.shortcut().toString()
                for action in self.actions_by_name.values()
                if not action.shortcut().isEmpty()
            },
            messages=self.messages,  # one place for messages, below everything
        )
        layout = self.console_page.layout()
        assert layout is not None
        layout.addWidget(self.console)
        self.console.sent.connect(self._show_portal)
        self.console.busy.connect(self._on_busy)
        self.console.sendable.connect(self.actions_by_name["send"].setEnabled)
        self.busy_cancel.clicked.connect(self.console.cancel)
        self.console.editor.send.setToolTip(self.actions_by_name["send"].toolTip())
        self.data_out.attach(self.console, self.actions_by_name)
        restore_console_state(self.console, self.ui_state)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Portal", self))
        top.addWidget(self.portal_box, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        top.addSpacing(16)
        top.addWidget(self.sign_in_button)
        top.addWidget(self.sign_in_choice.menu_button)
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
        self.statusBar().addWidget(self.messages, 1)
        self.statusBar().addWidget(self.busy_label)
        self.statusBar().addWidget(self.busy_cancel)

    def _connect_signals(self, slots: dict[str, Callable[[], object]]) -> None:
        self.portal_box.currentIndexChanged.connect(self._on_portal_chosen)
        self.add_button.clicked.connect(slots["add"])
        self.remove_button.clicked.connect(slots["remove"])
        self.sign_in_button.clicked.connect(self.start_sign_in)
        self.paste_button.clicked.connect(self.paste_location)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.tokens.copied.connect(self.messages.show_info)
        self.page_first.released.connect(self._finish_start)

    def _menu_slots(self) -> dict[str, Callable[[], object]]:
        # Lambdas: the controllers and the console are built after the first paint.
        return {
            "add": lambda: self._built().portal_actions.add(),
            "edit": lambda: self._built().portal_actions.edit(),
            "remove": lambda: self._built().portal_actions.remove(),
            "sign_in": self.start_sign_in,
            "paste": self.paste_location,
            "sign_out": self.sign_out,
            "quit": self.close,
            "send": lambda: self.console.send(),
            "cancel": lambda: self.console.cancel(),
            "path": lambda: self.console.focus_target(),
            "filter": lambda: self.console.focus_catalog(),
            "curl": lambda: self.console.copy_as_curl(),
            "import": lambda: self.console.import_curl_command(),
            "copy_token": lambda: self._built().token_actions.copy_access_token(),
            "refresh": lambda: self._built().token_actions.refresh_token(),
            "inspect": lambda: self._built().token_actions.inspect_token(),
            "diagnostics": lambda: self._built().help_actions.copy_diagnostics(),
            "about": lambda: self._built().help_actions.show_about(),
        } | menu_slots(lambda: self._built().data_out)  # Export, proxy, Copy as…

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
        pair = self.service.tokens(portal) if portal and not self._starting else None
        for widget in (self.remove_button, self.sign_in_button):
            widget.setEnabled(portal is not None)
        self.sign_out_button.setEnabled(pair is not None)
        is_user = portal is not None and portal.service is None
        self.paste_button.setEnabled(is_user)
        self.paste_button.setVisible(portal is None or is_user)
        # The menu says what can be done now, like the buttons do.
        for name in ("edit", "remove", "sign_in", "export"):
            self.actions_by_name[name].setEnabled(portal is not None)
        self.actions_by_name["paste"].setEnabled(is_user)
        self.sign_in_choice.show_portal(portal)  # the button says which browser signs in
        if self._starting:
            self.tokens.user.setText("Opening the keychain…")
            self._enable_token_actions()
            return
        self.tokens.show_pair(portal, pair)
        self._enable_token_actions()
        self.console.portal_changed()
        self.clock.tick()
        if portal is None:
            self.messages.show_info("Add a portal to start: its address is enough.")
        self._show_keychain_status(self.service.vault.status)

    def _enable_token_actions(self) -> None:
        """Token actions as the token panel's buttons: only what can work now."""
        has_token = self.tokens.inspect.isEnabled()
        for name in ("copy_token", "inspect", "sign_out"):
            self.actions_by_name[name].setEnabled(has_token)
        self.actions_by_name["refresh"].setEnabled(self.tokens.refresh_now.isEnabled())
        self.actions_by_name["send"].setEnabled(not self._starting and self.console.can_send())

    def _on_tokens_changed_elsewhere(self, portal: Portal, signed_out: bool) -> None:
        if self.portal is None or portal.key != self.portal.key:
            return
        self.refresher.reset(portal)
        self._show_portal()
        if signed_out:
            self.messages.show_info(
                f"{portal.display_name} was signed out elsewhere (mct-desktop logout?); "
                "its token is no longer sent."
            )

    def changeEvent(self, event: QEvent) -> None:
        # Back from a terminal where `mct-desktop logout` may have run: look again.
        # Before the controllers exist the watch is yet to start, and will look then.
        activated = event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
        if activated and self._has_controllers:
            self.watch.check_soon()
        super().changeEvent(event)

    def _on_portal_chosen(self, index: int) -> None:
        key = self.portal_box.itemData(index)
        portal = self.service.settings.get(key) if key else None
        if portal is not None:
            self.service.set_active(portal)
            self.messages.clear()
        self._show_portal()

    # ----- sign-in
    def start_sign_in(self) -> None:
        portal = self.portal
        if portal is None:
            return
        self._build_controllers()  # a sign-in started before the first paint
        if portal.service is not None:
            self.token_actions.refresh(portal, "Getting a service token…")
            return
        # Said first: a browser not found here replaces it with the places searched.
        self.messages.show_info(f"Signing in to {portal.display_name} in the browser window…")
        self.sign_in.start(portal)
        if self._starting:
            self.page_first.hold_for(self.sign_in.window)

    def paste_location(self) -> None:
        if (portal := self.portal) is not None:
            self._built().sign_in.paste_location(portal, self)

    def _on_signed_in(self, portal: Portal, result: SignInResult) -> None:
        self.refresher.reset(portal)
        if self._starting:
            # Signed in before the console was built (it waits for the sign-in page): the
            # tokens go on screen now, the console is built on the next turn.
            self.tokens.show_pair(portal, self.service.tokens(portal))
            QTimer.singleShot(0, self, lambda: self._finish_sign_in(portal, result))
            return
        self._finish_sign_in(portal, result)

    def _finish_sign_in(self, portal: Portal, result: SignInResult) -> None:
        self._show_portal()
        where = "the keychain" if result.persistent else "memory only (see above)"
        self.messages.show_success(f"Signed in as {result.user}; tokens stored in {where}.")
        self.page_first.cancel()
        self._finish_start()  # a sign-in faster than the first paint still finds a console
        self.tabs.setCurrentWidget(self.console_page)
        self.console.load_spec(from_network=True)  # an administrator now sees the Swagger

    def _on_sign_in_ended(self, _portal: Portal, why: str) -> None:
        # Only "Signing in…" gives way: an error the sign-in showed stays readable.
        if self.messages.text().startswith("Signing in to "):
            self.messages.show_info(why)

    def _on_sign_in_requested(self, portal: Portal) -> None:
        self.service.set_active(portal)
        self._reload_portals()
        self.start_sign_in()

    def sign_out(self) -> None:
        portal = self.portal
        if portal is None:
            return
        self._build_controllers()
        self.sign_in.cancel()  # its page must die before its browser profile
        self.profiles.clear(portal)
        status = self.service.sign_out(portal)
        self.refresher.reset(portal)
        self._show_portal()
        self.messages.show_info(
            f"Signed out of {portal.display_name}: tokens and browser data removed."
        )
        self._show_keychain_status(status)

    def _show_keychain_status(self, status: VaultStatus) -> None:
        if status.persistent:
            self.keychain_bar.clear()
        else:
            self.keychain_bar.show_warning(status.problem)

    def _on_busy(self, text: str) -> None:
        self.busy_label.setText(text)
        self.busy_cancel.setVisible(bool(text))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._has_controllers:  # else nothing was started: closed before the first paint
            self.sign_in.cancel()  # its browser window or process goes with the app
            self.data_out.shutdown()  # the proxy never outlives the app
        console = None if self._starting else self.console
        save_window_state(self, self.tabs, console, self.ui_state)
        if console is not None:
            console.shutdown()
        super().closeEvent(event)
