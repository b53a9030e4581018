"""Copy secrets to the clipboard and take them back after a while, unless replaced since."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication


class SecretClipboard(QObject):
    def __init__(self, clear_after_seconds: int = 30, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clear_after_seconds = clear_after_seconds
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._copied = ""

    def copy(self, text: str) -> str:
        """Copy and return a sentence for the user saying when it will be cleared."""
        QGuiApplication.clipboard().setText(text)
        self._copied = text
        if self.clear_after_seconds > 0:
            self._timer.start(self.clear_after_seconds * 1000)
            return f"cleared from the clipboard in {self.clear_after_seconds} s"
        return "stays on the clipboard"

    def _on_timeout(self) -> None:
        clipboard = QGuiApplication.clipboard()
        # Only take back what we put there: the user may have copied something else since.
        if clipboard.text() == self._copied:
            clipboard.clear()
        self._copied = ""
