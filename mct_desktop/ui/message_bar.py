"""An inline message strip: errors appear where the user is looking, not in a log."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from mct_desktop.ui import theme


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
        ink, background, border = theme.message_style(kind)
        self.setStyleSheet(
            f"MessageBar {{background:{background};color:{ink};border:1px solid {border};"
            "border-radius:4px;}"
            f"QLabel {{background:{background};color:{ink};border:none;}}"
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
    label.setStyleSheet(f"color:{theme.colour('error')}")
    return label
