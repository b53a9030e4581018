"""Add, edit and remove portals from the main window: the dialogs and what follows them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.message_bar import MessageBar
from mct_desktop.ui.sign_in import SignInController
from mct_desktop.ui.token_actions import TokenActions


class PortalActions(QObject):
    """The Portal menu's add/edit/remove; the window reloads its list on `changed`."""

    changed = Signal()  # the list of portals (or the active one) changed
    keychain_status = Signal(object)  # VaultStatus after a removal touched the keychain

    def __init__(
        self,
        service: PortalService,
        sign_in: SignInController,
        profiles: BrowserProfiles,
        token_actions: TokenActions,
        messages: MessageBar,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._sign_in = sign_in
        self._profiles = profiles
        self._token_actions = token_actions
        self._messages = messages
        self._window = parent  # the dialogs' parent

    def add(self) -> None:
        from mct_desktop.ui import portal_dialog  # dialogs load when first opened

        dialog = portal_dialog.PortalDialog(self._window)
        if dialog.exec() != portal_dialog.PortalDialog.DialogCode.Accepted:
            return
        portal = self._service.add_portal(
            dialog.base_url,
            dialog.name.text(),
            dialog.identity_provider,
            dialog.persistent.isChecked(),
        )
        if dialog.service is not None:
            portal = self._service.set_service_auth(portal, dialog.service, dialog.take_secret())
        self.changed.emit()
        if portal.service is not None:
            message = f"Added {portal.display_name}; getting a service token…"
            self._token_actions.refresh(portal, message)
        else:
            self._messages.show_info(f"Added {portal.display_name}. Sign in to capture its tokens.")

    def edit(self) -> None:
        from mct_desktop.ui import portal_dialog

        portal = self._service.active
        if portal and (edited := portal_dialog.edit_portal(self._service, portal, self._window)):
            self.changed.emit()
            self._messages.show_info(f"Saved {edited.display_name}.")

    def remove(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        portal = self._service.active
        if portal is None:
            return
        answer = QMessageBox.question(
            self._window,
            "Remove portal",
            f"Remove {portal.display_name} and delete its tokens from the keychain?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,  # Enter must not delete a portal
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._sign_in.cancel()  # its page must die before its browser profile
        self._profiles.clear(portal)
        self.keychain_status.emit(self._service.remove_portal(portal))
        self.changed.emit()
