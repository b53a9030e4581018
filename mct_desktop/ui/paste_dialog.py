"""Fallback sign-in: paste the Callback's Location URL copied from another browser."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.callback import CallbackError, parse_callback_location
from mct_desktop.core.tokens import TokenPair
from mct_desktop.ui.message_bar import error_label

_HOW_TO = (
    "<b>When the sign-in cannot be completed here</b> (some corporate policies block "
    "embedded browsers):<ol>"
    "<li>In your usual browser, open the developer tools (F12), Network tab, "
    "with “Preserve log” on.</li>"
    "<li>Open <code>{login}</code> and sign in.</li>"
    "<li>Select the <code>Callback</code> request and copy the value of its "
    "<code>Location</code> response header.</li>"
    "<li>Paste it below. It is parsed here and stored in the keychain only.</li></ol>"
)


class PasteLocationDialog(QDialog):
    """Parses on OK; a bad paste shows why (values masked) and keeps the dialog open."""

    def __init__(self, portal: Portal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Paste Callback Location - {portal.display_name}")
        self.setMinimumWidth(560)
        self.pair: TokenPair | None = None
        intro = QLabel(_HOW_TO.format(login=portal.login_url), self)
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText("https://…?AccessToken=…&RefreshToken=…")
        self.error = error_label(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)

    def _on_accept(self) -> None:
        try:
            self.pair = parse_callback_location(self.text.toPlainText())
        except CallbackError as exc:
            self.error.setText(str(exc))
            return
        self.text.clear()  # the secret leaves the widget as soon as it is parsed
        self.accept()
