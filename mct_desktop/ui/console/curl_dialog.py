"""Paste a curl command to turn it into a console request."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.api.curl import CurlImport, CurlParseError, from_curl
from mct_desktop.ui.message_bar import error_label


class CurlImportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import curl command")
        self.setMinimumSize(560, 280)
        self.result_import: CurlImport | None = None
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText("curl 'https://contoso.azurefd.net/api/v2/Profile' -H …")
        self.error = error_label(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Paste a curl command (from the browser's DevTools, docs or "
                "this app). Credentials in it are not imported.",
                self,
            )
        )
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)

    def _on_accept(self) -> None:
        try:
            self.result_import = from_curl(self.text.toPlainText())
        except CurlParseError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
