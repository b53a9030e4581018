"""While the first sign-in page loads, the start-up work that can wait holds back."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget


class PageFirst(QObject):
    """Holds deferred start-up work (the API console) until a sign-in page has loaded.

    The GUI thread is also Chromium's: building the console there (~40-70 ms) while the
    sign-in page loads delayed the page by as much. The page comes first; `released` follows
    its first load (after `settle_ms`, for the page to reach the screen: Chromium hands its
    frames over on this thread too), or `limit_ms` at the latest.
    """

    released = Signal()

    def __init__(
        self, parent: QObject | None = None, settle_ms: int = 200, limit_ms: int = 3000
    ) -> None:
        super().__init__(parent)
        self.holding = False
        self._settle_ms = settle_ms
        self._limit_ms = limit_ms

    def hold_for(self, window: QWidget | None) -> None:
        """Hold while this sign-in window loads its page (a window without one holds nothing)."""
        page = getattr(window, "page", None)
        if page is None or self.holding:
            return
        self.holding = True
        QTimer.singleShot(self._limit_ms, self, self.release)
        page.loadFinished.connect(self._on_page_loaded)

    def release(self) -> None:
        """Let the held work run, on the next turn of the event loop."""
        if self.holding:
            self.holding = False
            QTimer.singleShot(0, self, self.released.emit)

    def cancel(self) -> None:
        """Stop holding without `released`: the caller does the work itself now."""
        self.holding = False

    def _on_page_loaded(self) -> None:
        QTimer.singleShot(self._settle_ms, self, self.release)
