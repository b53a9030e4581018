"""An inline message strip: errors appear where the user is looking, not in a log."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

_STYLES = {
    "error": "background:#fde7e9;color:#8a0010;border:1px solid #f1aeb5;",
    "warning": "background:#fff4ce;color:#5c4400;border:1px solid #e5c76b;",
    "success": "background:#dff6dd;color:#0e5a12;border:1px solid #9fd89f;",
    "info": "background:#e8f1fb;color:#0b3d6b;border:1px solid #a9c8ea;",
}


class MessageBar(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.kind = ""
        self.hide()

    def _show(self, kind: str, text: str) -> None:
        self.kind = kind
        self.setStyleSheet(_STYLES[kind] + "padding:6px 8px;border-radius:4px;")
        self.setText(text)
        self.show()

    def show_error(self, text: str) -> None:
        self._show("error", text)

    def show_warning(self, text: str) -> None:
        self._show("warning", text)

    def show_success(self, text: str) -> None:
        self._show("success", text)

    def show_info(self, text: str) -> None:
        self._show("info", text)

    def clear(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()
