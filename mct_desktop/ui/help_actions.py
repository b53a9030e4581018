"""The Help menu: copy redacted diagnostics, show the About box."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.message_bar import MessageBar


class HelpActions(QObject):
    """What the Help menu does; both report the keychain in use."""

    def __init__(
        self,
        service: PortalService,
        clipboard: SecretClipboard,
        messages: MessageBar,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.clipboard = clipboard
        self.messages = messages
        self._parent = parent  # the About box opens over it

    def copy_diagnostics(self) -> None:
        # Loaded when asked: the About module reads the Chromium version (QtWebEngine).
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
        AboutDialog(keychain, self._parent).exec()
