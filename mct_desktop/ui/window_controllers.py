"""What the main window does, built right after its first paint (see MainWindow).

The sign-in controller, the token and portal actions, the keychain watch, the session clock
and the data out (its proxy button joins the status bar) are not on screen at the first
paint. They and the modules they bring (the token, keychain and request modules among them)
were half of what the window imported before it: 50 ms on a slow machine.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui.auto_refresh import AutoRefresher
from mct_desktop.ui.data_out import DataOut
from mct_desktop.ui.help_actions import HelpActions
from mct_desktop.ui.keychain_watch import KeychainWatch
from mct_desktop.ui.portal_actions import PortalActions
from mct_desktop.ui.session_clock import SessionClock
from mct_desktop.ui.sign_in import SignInController, default_backends
from mct_desktop.ui.token_actions import TokenActions
from mct_desktop.ui.window_parts import WindowParts


def build(window: WindowParts, parent: QMainWindow, manager: TokenManager | None) -> None:
    """Give `window` its controllers (ui/window_parts.py names them); `parent` is the same
    window as the Qt widget that owns them."""
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
    parent.statusBar().addPermanentWidget(window.data_out.proxy)
    parent.statusBar().addPermanentWidget(window.session_label)
