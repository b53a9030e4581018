"""What the main window holds, named once for it and for ui/window_controllers.py, which
builds the part that comes after the first paint (main_window imports that module, so it
cannot import main_window back, not even for types)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

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
    from mct_desktop.ui.sign_in import SignInController
    from mct_desktop.ui.token_actions import TokenActions
    from mct_desktop.ui.token_panel import TokenPanel


class WindowParts:
    """Annotations only, a base of MainWindow: no code, nothing imported at run time."""

    # Built by the window before its first paint.
    service: PortalService
    profiles: BrowserProfiles
    clipboard: SecretClipboard
    messages: MessageBar
    tokens: TokenPanel
    ui_state: UiState
    # Built right after it, or at once when something needs them sooner (a sign-in started
    # before it, a key pressed meanwhile): see window_controllers.build.
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
