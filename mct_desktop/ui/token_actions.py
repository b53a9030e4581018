"""The token actions of the main window: refresh, inspect, copy, and what refreshes report."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import AuthNetworkError, SignInRequired
from mct_desktop.core.session.token_manager import NotSignedIn
from mct_desktop.core.session.token_summary import summarize
from mct_desktop.core.tokens import utc_now
from mct_desktop.ui.auto_refresh import AutoRefresher
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.message_bar import MessageBar
from mct_desktop.ui.token_panel import TokenPanel


class TokenActions(QObject):
    """Acts on the active portal's tokens and reports in the window's message bar."""

    changed = Signal()  # the tokens on show may have changed
    sign_in_requested = Signal(object)  # Portal: the user chose "Sign in again"

    def __init__(
        self,
        service: PortalService,
        refresher: AutoRefresher,
        clipboard: SecretClipboard,
        messages: MessageBar,
        panel: TokenPanel,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.refresher = refresher
        self.clipboard = clipboard
        self.messages = messages
        self.panel = panel
        self._parent = parent  # dialogs open over it
        # Portals whose refresh the user asked for: only those are confirmed in green.
        # Routine background refreshes stay quiet (a short-lived token renews often).
        self._announce: set[str] = set()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.panel.inspect_requested.connect(self.inspect_token)
        self.panel.refresh_requested.connect(self.refresh_token)
        self.refresher.refreshed.connect(self._on_refreshed)
        self.refresher.failed.connect(self._on_refresh_failed)

    def inspect_token(self) -> None:
        portal = self.service.active
        pair = self.service.tokens(portal) if portal else None
        if portal is not None and pair is not None:
            from mct_desktop.ui import token_inspector

            token_inspector.TokenInspector(portal, pair, self.clipboard, self._parent).exec()

    def refresh_token(self) -> None:
        if (portal := self.service.active) is not None:
            self.refresh(portal, f"Refreshing the token of {portal.display_name}…")

    def refresh(self, portal: Portal, message: str) -> None:
        """A refresh the user asked for: said when it starts and confirmed when it lands."""
        self._announce.add(portal.key)
        if self.refresher.refresh(portal, force=True):
            self.messages.show_info(message)
            self.panel.refresh_now.setEnabled(False)

    def copy_access_token(self) -> None:
        portal = self.service.active
        pair = self.service.tokens(portal) if portal else None
        if pair is None:
            self.messages.show_error("Not signed in: there is no access token to copy.")
            return
        when = self.clipboard.copy(pair.access_token)
        self.messages.show_info(f"The access token was copied; {when}.")

    def _on_refreshed(self, key: str) -> None:
        portal = self.service.settings.get(key)
        active = self.service.active
        announce = key in self._announce
        self._announce.discard(key)
        if portal is None or active is None or portal.key != active.key:
            return
        self.changed.emit()
        pair = self.service.tokens(portal)
        if pair is not None and announce:
            summary = summarize(pair, utc_now())
            self.messages.show_success(
                f"New token for {summary.user}, expires {summary.expires_relative}."
            )

    def _on_refresh_failed(self, key: str, exc: object) -> None:
        portal = self.service.settings.get(key)
        self._announce.discard(key)
        if portal is None:
            return
        self.changed.emit()
        # Most of these messages name the portal already: "Demo portal: … for Demo portal".
        said = str(exc) if portal.display_name in str(exc) else f"{portal.display_name}: {exc}"
        if isinstance(exc, SignInRequired | NotSignedIn):
            action = "Sign in again" if portal.service is None else "Try again"
            self.messages.show_error(said, (action, lambda: self.sign_in_requested.emit(portal)))
        elif isinstance(exc, AuthNetworkError):
            self.messages.show_warning(f"{said} Retrying automatically.")
        else:
            self.messages.show_error(said)
