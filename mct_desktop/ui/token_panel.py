"""Shows a portal's token pair: who, issuer, expiry, masked tokens with reveal and copy."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from mct_desktop.core.token_summary import TokenSummary, summarize
from mct_desktop.core.tokens import TokenPair, utc_now


class _SecretField(QWidget):
    """A masked token with Reveal and Copy; the real value sits only in memory."""

    copied = Signal(str)  # what was copied, described without the secret

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label = label
        self._value = ""
        self._masked = ""
        self.text = QLineEdit(self)
        self.text.setReadOnly(True)
        self.text.setObjectName(f"{label}_text")
        self.reveal = QPushButton("Reveal", self)
        self.reveal.setCheckable(True)
        self.copy = QPushButton("Copy", self)
        self.copy.setToolTip(f"Copy the raw {label}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.reveal)
        layout.addWidget(self.copy)
        self.reveal.toggled.connect(self._on_reveal_toggled)
        self.copy.clicked.connect(self._on_copy)

    def set_secret(self, value: str, masked: str) -> None:
        self._value, self._masked = value, masked
        self.reveal.setChecked(False)
        self._on_reveal_toggled(False)
        for widget in (self.reveal, self.copy):
            widget.setEnabled(bool(value))

    def _on_reveal_toggled(self, shown: bool) -> None:
        self.text.setText(self._value if shown else self._masked)
        self.text.setCursorPosition(0)
        self.reveal.setText("Hide" if shown else "Reveal")

    def _on_copy(self) -> None:
        QGuiApplication.clipboard().setText(self._value)
        self.copied.emit(f"{self._label} copied to the clipboard")


class TokenPanel(QGroupBox):
    """The signed-in state of the active portal."""

    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Tokens", parent)
        self._pair: TokenPair | None = None
        self.user = QLabel(self)
        self.issuer = QLabel(self)
        self.expiry = QLabel(self)
        for label in (self.user, self.issuer, self.expiry):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        self.access = _SecretField("access token", self)
        self.refresh = _SecretField("refresh token", self)
        self.copy_header = QPushButton("Copy Authorization header", self)
        self.copy_header.setToolTip("Copy `Authorization: Bearer <access token>`")
        form = QFormLayout(self)
        form.addRow("Signed in as", self.user)
        form.addRow("Issuer", self.issuer)
        form.addRow("Expires", self.expiry)
        form.addRow("Access token", self.access)
        form.addRow("Refresh token", self.refresh)
        form.addRow("", self.copy_header)
        self._connect_signals()
        self.show_pair(None)

    def _connect_signals(self) -> None:
        self.access.copied.connect(self.copied)
        self.refresh.copied.connect(self.copied)
        self.copy_header.clicked.connect(self._on_copy_header)

    def show_pair(self, pair: TokenPair | None) -> None:
        self._pair = pair
        if pair is None:
            self.user.setText("Not signed in")
            self.issuer.setText("–")
            self.expiry.setText("–")
            self.access.set_secret("", "")
            self.refresh.set_secret("", "")
            self.copy_header.setEnabled(False)
            return
        self._show_summary(pair, summarize(pair, utc_now()))

    def _show_summary(self, pair: TokenPair, summary: TokenSummary) -> None:
        self.user.setText(summary.user)
        issuer = summary.issuer or "–"
        self.issuer.setText(f"{issuer}\ntenant {summary.tenant}" if summary.tenant else issuer)
        expiry = f"{summary.expires_local} ({summary.expires_relative})"
        self.expiry.setText(expiry)
        self.expiry.setStyleSheet("color:#b00020;font-weight:bold" if summary.expired else "")
        self.access.set_secret(pair.access_token, summary.access_masked)
        self.refresh.set_secret(pair.refresh_token or "", summary.refresh_masked)
        self.copy_header.setEnabled(True)

    def refresh_relative_times(self) -> None:
        if self._pair is not None:
            self._show_summary(self._pair, summarize(self._pair, utc_now()))

    def _on_copy_header(self) -> None:
        if self._pair is not None:
            QGuiApplication.clipboard().setText(f"Authorization: Bearer {self._pair.access_token}")
            self.copied.emit("Authorization header copied to the clipboard")
