"""What the main window does, built right after its first paint (see MainWindow).

The sign-in controller, the token and portal actions, the keychain watch, the session clock
and the data out (its proxy button joins the status bar) are not on screen at the first
paint. They and the modules they bring (the token, keychain and request modules among them)
were half of what the window imported before it: 50 ms on a slow machine.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.core.support.ui_state import UiState
from mct_desktop.ui.auto_refresh import AutoRefresher
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.data_out import DataOut
from mct_desktop.ui.help_actions import HelpActions
from mct_desktop.ui.keychain_watch import KeychainWatch
from mct_desktop.ui.message_bar import MessageBar
from mct_desktop.ui.portal_actions import PortalActions
from mct_desktop.ui.session_clock import SessionClock
from mct_desktop.ui.sign_in import SignInController, default_backends
from mct_desktop.ui.token_actions import TokenActions
from mct_desktop.ui.token_panel import TokenPanel


class Window(Protocol):
    """What `build` reads from the main window and sets on it (named here, not imported:
    main_window imports this module)."""

    service: PortalService
    profiles: BrowserProfiles
    clipboard: SecretClipboard
    messages: MessageBar
    tokens: TokenPanel
    ui_state: UiState
    manager: TokenManager
    refresher: AutoRefresher
    sign_in: SignInController
    watch: KeychainWatch
    token_actions: TokenActions
    help_actions: HelpActions
    portal_actions: PortalActions
    session_label: QLabel
    clock: SessionClock
    data_out: DataOut

    def statusBar(self) -> QStatusBar: ...


def build(window: Window, parent: QWidget, manager: TokenManager | None) -> None:
    """Give `window` its controllers, as the attributes it declares for them; `parent` is
    the same window as a widget (the protocol cannot say both), their owner."""
    service, messages, clipboard = window.service, window.messages, window.clipboard
    window.manager = manager or TokenManager(service)
    window.refresher = AutoRefresher(window.manager, parent=parent)
    window.sign_in = SignInController(service, default_backends(window.profiles), parent)
    window.watch = KeychainWatch(service, parent)  # `mct-desktop logout` elsewhere
    window.token_actions = TokenActions(
        service, window.refresher, clipboard, messages, window.tokens, parent
    )
    window.help_actions = HelpActions(service, clipboard, messages, parent)
    window.portal_actions = PortalActions(
        service, window.sign_in, window.profiles, window.token_actions, messages, parent
    )
    window.session_label = QLabel(parent)
    window.clock = SessionClock(service, window.tokens, window.session_label, parent)
    window.data_out = DataOut(service, window.manager, window.ui_state, messages, parent)
    window.statusBar().addPermanentWidget(window.data_out.proxy)
    window.statusBar().addPermanentWidget(window.session_label)
