"""An inline message strip: errors appear where the user is looking, not in a log."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from mct_desktop.ui.theme import is_dark

_DARK_STYLES = {
    "error": "background:#4a1418;color:#ffb4ba;border:1px solid #8a2a33;",
    "warning": "background:#3f3413;color:#f3d98b;border:1px solid #7a6326;",
    "success": "background:#163a1a;color:#a6e3a9;border:1px solid #2f6b35;",
    "info": "background:#14283d;color:#a9cdf2;border:1px solid #2d4f73;",
}
_STYLES = {
    "error": "background:#fde7e9;color:#8a0010;border:1px solid #f1aeb5;",
    "warning": "background:#fff4ce;color:#5c4400;border:1px solid #e5c76b;",
    "success": "background:#dff6dd;color:#0e5a12;border:1px solid #9fd89f;",
    "info": "background:#e8f1fb;color:#0b3d6b;border:1px solid #a9c8ea;",
}


class MessageBar(QFrame):
    """One message at a time, optionally with one action button (e.g. "Sign in again")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.action = QPushButton(self)
        self.action.hide()
        self._callback: Callable[[], None] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action)
        self.action.clicked.connect(self._on_action)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def _show(self, kind: str, text: str, action: tuple[str, Callable[[], None]] | None) -> None:
        self.kind = kind
        self.setObjectName(f"message_{kind}")
        styles = _DARK_STYLES if is_dark() else _STYLES
        self.setStyleSheet(
            f"MessageBar {{{styles[kind]} border-radius:4px;}}"
            f"QLabel {{{styles[kind].split(';border')[0]}; border:none;}}"
        )
        self.label.setText(text)
        if action is None:
            self._callback = None
            self.action.hide()
        else:
            self.action.setText(action[0])
            self._callback = action[1]
            self.action.show()
        self.show()

    def show_error(self, text: str, action: tuple[str, Callable[[], None]] | None = None) -> None:
        self._show("error", text, action)

    def show_warning(self, text: str, action: tuple[str, Callable[[], None]] | None = None) -> None:
        self._show("warning", text, action)

    def show_success(self, text: str) -> None:
        self._show("success", text, None)

    def show_info(self, text: str) -> None:
        self._show("info", text, None)

    def clear(self) -> None:
        self.kind = ""
        self.label.setText("")
        self._callback = None
        self.hide()

    def _on_action(self) -> None:
        if self._callback is not None:
            self._callback()


def error_label(parent: QWidget) -> QLabel:
    """The red line under a dialog's fields that says why OK did not close it."""
    label = QLabel(parent)
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color:#b00020")
    return label
