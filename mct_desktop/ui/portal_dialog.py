"""Add a portal: address, display name, identity provider, browser profile choice."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from mct_desktop.core.portal import IdentityProvider, PortalUrlError, normalise_portal_url


class PortalDialog(QDialog):
    """Validates the address as the user types; OK only accepts a usable one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add portal")
        self.setMinimumWidth(460)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("contoso.azurefd.net or a pasted portal URL")
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("optional, e.g. Contoso production")
        self.idp = QComboBox(self)
        self.idp.addItems([p.value for p in IdentityProvider])
        self.idp.setToolTip("How users of this portal sign in (used when refreshing tokens)")
        self.persistent = QCheckBox(
            "Keep the browser sign-in (cookies) on disk for this portal", self
        )
        self.persistent.setToolTip(
            "Off by default: the sign-in browser is off the record and forgets everything "
            "when MCT Desktop closes."
        )
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b00020")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        form = QFormLayout(self)
        form.addRow("Portal address", self.url)
        form.addRow("Name", self.name)
        form.addRow("Identity provider", self.idp)
        form.addRow("", self.persistent)
        form.addRow("", self.error)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        self.url.textChanged.connect(lambda _text: self.error.clear())

    def _on_accept(self) -> None:
        try:
            self.base_url = normalise_portal_url(self.url.text())
        except PortalUrlError as exc:
            self.error.setText(str(exc))
            self.url.setFocus()
            return
        self.accept()

    @property
    def identity_provider(self) -> IdentityProvider:
        return IdentityProvider(self.idp.currentText())
