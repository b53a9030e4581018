"""Copy secrets to the clipboard and take them back after a while, unless replaced since.

One rule for every copy of a secret (a token, a header or curl command holding one,
diagnostics): it goes through SecretClipboard, which clears it after the configured
delay and asks clipboard managers not to keep it. No confirmation dialog: every such
copy is an action whose label says it copies the token, and a question on one path
only (the console had one, the Tokens tab and the inspector did not) protected nothing.
"""

from __future__ import annotations

import atexit

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QGuiApplication

# KDE's Klipper and clipboard managers that follow it (and KeePassXC's convention) leave
# an entry carrying this hint out of their history.
PASSWORD_HINT = "x-kde-passwordManagerHint"


def _take_back_at_exit() -> None:
    """A secret still on the clipboard goes with the app, not after it.

    Also needed by Qt: mime data we set, still held by the clipboard while the interpreter
    shuts down, crashed the process on exit (measured under Xvfb).
    """
    if QGuiApplication.instance() is None:
        return
    clipboard = QGuiApplication.clipboard()
    data = clipboard.mimeData()
    if data is not None and data.hasFormat(PASSWORD_HINT):
        clipboard.clear()


atexit.register(_take_back_at_exit)


class SecretClipboard(QObject):
    def __init__(self, clear_after_seconds: int = 30, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clear_after_seconds = clear_after_seconds
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self._copied = ""

    @property
    def clear_pending(self) -> bool:
        """True while a copied secret waits to be taken back."""
        return self._timer.isActive()

    def copy(self, text: str) -> str:
        """Copy and return a sentence for the user saying when it will be cleared."""
        data = QMimeData()
        data.setText(text)
        data.setData(PASSWORD_HINT, b"secret")
        QGuiApplication.clipboard().setMimeData(data)
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
