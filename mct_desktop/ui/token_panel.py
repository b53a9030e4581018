"""Shows a portal's tokens: who, issuer, live expiry, masked tokens, copy and refresh actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from mct_desktop.core.portal import Portal
from mct_desktop.ui import theme
from mct_desktop.ui.clipboard import SecretClipboard

if TYPE_CHECKING:
    from mct_desktop.core.tokens import TokenPair

# The token modules are imported where a token is shown: the panel is on screen at the
# first paint, and the keychain is opened after it (see MainWindow._finish_start).


class _SecretField(QWidget):
    """A masked token with Reveal and Copy; the real value sits only in memory."""

    copied = Signal(str)  # a sentence for the user, without the secret

    def __init__(self, label: str, clipboard: SecretClipboard, parent: QWidget) -> None:
        super().__init__(parent)
        self._label = label
        self._clipboard = clipboard
        self._value = ""
        self._masked = ""
        self.text = QLineEdit(self)
        self.text.setReadOnly(True)
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
        when = self._clipboard.copy(self._value)
        self.copied.emit(f"The {self._label} was copied; {when}.")


class TokenPanel(QGroupBox):
    """The signed-in state of the active portal."""

    copied = Signal(str)
    inspect_requested = Signal()
    refresh_requested = Signal()

    def __init__(self, clipboard: SecretClipboard, parent: QWidget | None = None) -> None:
        super().__init__("Tokens", parent)
        self._clipboard = clipboard
        self._portal: Portal | None = None
        self._pair: TokenPair | None = None
        self.user = QLabel(self)
        self.issuer = QLabel(self)
        self.expiry = QLabel(self)
        for label in (self.user, self.issuer, self.expiry):
            # Qt.TextInteractionFlag.TextSelectableByMouse (1), through the property: naming
            # `Qt` builds its ~90 enums, 12 ms of the first paint (see qt_env.py).
            label.setProperty("textInteractionFlags", 1)
            label.setWordWrap(True)
        self.access = _SecretField("access token", clipboard, self)
        self.refresh = _SecretField("refresh token", clipboard, self)
        self.copy_header = QPushButton("Copy Authorization header", self)
        self.copy_header.setToolTip("Copy `Authorization: Bearer <access token>`")
        self.copy_curl = QPushButton("Copy curl", self)
        self.copy_curl.setToolTip("Copy a curl command for GET /api/v2/Profile with the token")
        self.inspect = QPushButton("Inspect…", self)
        self.inspect.setToolTip("Header and claims of the token, with a live countdown")
        self.refresh_now = QPushButton("Refresh now", self)
        self.refresh_now.setToolTip("Get a new token pair from the portal now")
        self._build_layout()
        self._connect_signals()
        self.show_pair(None, None)

    def _build_layout(self) -> None:
        actions = QHBoxLayout()
        for button in (self.copy_header, self.copy_curl, self.inspect):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.refresh_now)
        form = QFormLayout(self)
        form.addRow("Signed in as", self.user)
        form.addRow("Issuer", self.issuer)
        form.addRow("Expires", self.expiry)
        form.addRow("Access token", self.access)
        form.addRow("Refresh token", self.refresh)
        form.addRow("", actions)

    def _connect_signals(self) -> None:
        self.access.copied.connect(self.copied)
        self.refresh.copied.connect(self.copied)
        self.copy_header.clicked.connect(self._on_copy_header)
        self.copy_curl.clicked.connect(self._on_copy_curl)
        self.inspect.clicked.connect(self.inspect_requested)
        self.refresh_now.clicked.connect(self.refresh_requested)

    def show_pair(self, portal: Portal | None, pair: TokenPair | None) -> None:
        self._portal, self._pair = portal, pair
        has_token = pair is not None
        for button in (self.copy_header, self.copy_curl, self.inspect):
            button.setEnabled(has_token)
        self.refresh_now.setEnabled(
            portal is not None and (has_token or portal.service is not None)
        )
        if pair is None:
            self.user.setText("Not signed in")
            self.issuer.setText("–")
            self.expiry.setText("–")
            self.expiry.setStyleSheet("")
            self.access.set_secret("", "")
            self.refresh.set_secret("", "")
            return
        from mct_desktop.core.session.token_summary import summarize
        from mct_desktop.core.tokens import utc_now

        summary = summarize(pair, utc_now())
        self.user.setText(summary.user)
        issuer = summary.issuer or "–"
        self.issuer.setText(f"{issuer}\ntenant {summary.tenant}" if summary.tenant else issuer)
        self.access.set_secret(pair.access_token, summary.access_masked)
        refresh_text = summary.refresh_masked
        if portal is not None and portal.service is not None:
            refresh_text = "none: client credentials are used to renew"
        self.refresh.set_secret(pair.refresh_token or "", refresh_text)
        self.tick()

    def tick(self) -> None:
        """Update the live countdown (called every second)."""
        if self._pair is None:
            return
        from mct_desktop.core.session.claims import countdown
        from mct_desktop.core.session.token_summary import summarize
        from mct_desktop.core.tokens import decode_jwt, utc_now

        now = utc_now()
        summary = summarize(self._pair, now)
        left = countdown(decode_jwt(self._pair.access_token), now)
        self.expiry.setText(f"{summary.expires_local} ({left})")
        self.expiry.setStyleSheet(
            f"color:{theme.colour('error')};font-weight:bold" if summary.expired else ""
        )

    def _on_copy_header(self) -> None:
        if self._pair is not None and self._portal is not None:
            from mct_desktop.core.api.auth_headers import authorization_headers

            headers = authorization_headers(self._portal, self._pair.access_token)
            when = self._clipboard.copy("\n".join(f"{k}: {v}" for k, v in headers.items()))
            self.copied.emit(f"The Authorization header was copied; {when}.")

    def _on_copy_curl(self) -> None:
        if self._pair is not None and self._portal is not None:
            # Imported here: the curl parser it comes with cost 3 ms of the first paint.
            from mct_desktop.core.api.curl import curl_command

            when = self._clipboard.copy(curl_command(self._portal, self._pair.access_token))
            self.copied.emit(f"A curl command for GET /api/v2/Profile was copied; {when}.")
