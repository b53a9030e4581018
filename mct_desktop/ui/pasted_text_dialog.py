"""The paste box both paste dialogs share: parse on OK, say why not, never keep the text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.ui.message_bar import error_label


class PastedTextDialog(QDialog):
    """OK parses the text; a bad paste shows why and keeps the dialog open.

    Pasted text may hold credentials, so it leaves the widget (undo history included) once
    parsed and when the dialog is cancelled or closed."""

    # What `parse` raises for a bad paste; its message is shown to the user.
    parse_errors: tuple[type[Exception], ...] = (ValueError,)

    def __init__(
        self, title: str, intro: str, placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(placeholder)
        self.error = error_label(self)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(self._buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._buttons.accepted.connect(self._on_accept)
        self._buttons.rejected.connect(self.reject)

    def parse(self, text: str) -> None:
        """Keep what `text` holds, or raise one of `parse_errors`."""
        raise NotImplementedError

    def _on_accept(self) -> None:
        try:
            self.parse(self.text.toPlainText())
        except self.parse_errors as exc:
            self.error.setText(str(exc))
            return
        self.text.clear()  # the secret leaves the widget as soon as it is parsed
        self.accept()

    def reject(self) -> None:
        # Cancel, Esc and the window's close button all end here.
        self.text.clear()
        super().reject()
