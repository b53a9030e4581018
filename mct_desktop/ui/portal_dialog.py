"""Add or edit a portal: address, name, identity provider, cookies, or service credentials."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.portal import (
    DEFAULT_AUTHORITY,
    IdentityProvider,
    Portal,
    PortalUrlError,
    ServiceAuth,
    normalise_authority,
    normalise_portal_url,
)
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.ui.message_bar import error_label


class PortalDialog(QDialog):
    """Validates on OK and keeps the dialog open with the reason when something is wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add portal")
        self.setMinimumWidth(500)
        self.base_url = ""
        self.service: ServiceAuth | None = None
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("contoso.azurefd.net or a pasted portal URL")
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("optional, e.g. Contoso production")
        self.user_mode = QRadioButton("A person signs in (browser)", self)
        self.service_mode = QRadioButton("Service-to-service (client credentials)", self)
        self.user_mode.setChecked(True)
        self.idp = QComboBox(self)
        self.idp.addItems([p.value for p in IdentityProvider])
        self.idp.setToolTip("How users of this portal sign in (used when refreshing tokens)")
        self.persistent = QCheckBox("Keep the browser sign-in (cookies) on disk", self)
        self.persistent.setToolTip(
            "Off by default: the sign-in browser is off the record and forgets everything "
            "when MCT Desktop closes."
        )
        self.tenant = QLineEdit(self)
        self.client_id = QLineEdit(self)
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText("kept in the system keychain only")
        self.api_uri = QLineEdit(self)
        self.api_uri.setPlaceholderText("api://<guid>")
        self.authority = QLineEdit(self)
        self.authority.setPlaceholderText(DEFAULT_AUTHORITY)
        self.error = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._build_layout()
        self._connect_signals()
        self._on_mode_changed()

    def _build_layout(self) -> None:
        top = QFormLayout()
        top.addRow("Portal address", self.url)
        top.addRow("Name", self.name)
        top.addRow("", self.user_mode)
        top.addRow("", self.service_mode)
        self.user_box = QGroupBox("Sign-in", self)
        user_form = QFormLayout(self.user_box)
        user_form.addRow("Identity provider", self.idp)
        user_form.addRow("", self.persistent)
        self.service_box = QGroupBox("Client credentials", self)
        service_form = QFormLayout(self.service_box)
        service_form.addRow("Tenant ID", self.tenant)
        service_form.addRow("Client ID", self.client_id)
        service_form.addRow("Client secret", self.secret)
        service_form.addRow("API URI", self.api_uri)
        service_form.addRow("Authority", self.authority)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.user_box)
        layout.addWidget(self.service_box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        self.url.textChanged.connect(lambda _text: self.error.clear())
        self.service_mode.toggled.connect(self._on_mode_changed)

    def _on_mode_changed(self) -> None:
        if self.url.isReadOnly():
            return  # edit mode: the sections shown were set by edit_mode
        service = self.service_mode.isChecked()
        self.service_box.setVisible(service)
        self.user_box.setVisible(not service)
        self.adjustSize()

    def _on_accept(self) -> None:
        try:
            self.base_url = normalise_portal_url(self.url.text())
        except PortalUrlError as exc:
            self._fail(str(exc), self.url)
            return
        self.service = None
        if self.service_mode.isChecked():
            fields = {
                "Tenant ID": self.tenant,
                "Client ID": self.client_id,
                "Client secret": self.secret,
                "API URI": self.api_uri,
            }
            for label, field in fields.items():
                if not field.text().strip():
                    self._fail(f"{label} is required for client credentials.", field)
                    return
            try:
                authority = normalise_authority(self.authority.text())
            except PortalUrlError as exc:
                self._fail(f"Authority: {exc}", self.authority)
                return
            self.service = ServiceAuth(
                self.tenant.text().strip(),
                self.client_id.text().strip(),
                self.api_uri.text().strip(),
                authority,
            )
        self.accept()

    def edit_mode(self, portal: Portal) -> None:
        """Show `portal` for editing its name and identity provider; its address stays."""
        self.setWindowTitle("Edit portal")
        self.url.setText(portal.base_url)
        self.url.setReadOnly(True)
        self.url.setToolTip(
            "The address keys the portal's tokens and history: add a new portal "
            "for another address."
        )
        self.name.setText(portal.name)
        self.idp.setCurrentText(portal.identity_provider.value)
        for widget in (self.user_mode, self.service_mode, self.service_box, self.persistent):
            widget.hide()
        # Client credentials do not use the identity provider: nothing to edit there.
        self.user_box.setVisible(portal.service is None)
        self.service_mode.setChecked(False)
        self.service_box.hide()
        self.name.setFocus()
        self.adjustSize()

    def _fail(self, message: str, field: QLineEdit) -> None:
        self.error.setText(message)
        field.setFocus()

    def take_secret(self) -> str:
        """The typed client secret, cleared from the widget as it is handed over."""
        secret = self.secret.text().strip()
        self.secret.clear()
        return secret

    @property
    def identity_provider(self) -> IdentityProvider:
        return IdentityProvider(self.idp.currentText())


def edit_portal(
    service: PortalService, portal: Portal, parent: QWidget | None = None
) -> Portal | None:
    """Portal ▸ Edit portal…: the add dialog on an existing portal; the edited portal, or None."""
    dialog = PortalDialog(parent)
    dialog.edit_mode(portal)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return service.edit_portal(portal, dialog.name.text(), dialog.identity_provider)
