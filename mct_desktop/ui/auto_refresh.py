"""Refreshes tokens in the background before they expire, while the app runs."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.token_client import SignInRequired
from mct_desktop.core.session.token_manager import NotSignedIn, TokenManager
from mct_desktop.ui.background import run_in_background

_MAX_BACKOFF = 300.0


class AutoRefresher(QObject):
    """Checks every few seconds; at most one refresh per portal in flight from this app.

    A refused refresh token parks the portal until the user signs in again; a network
    failure is retried with a growing pause (15 s, 30 s, ... 5 min).
    """

    refreshed = Signal(str)  # portal key
    failed = Signal(str, object)  # portal key, exception

    def __init__(
        self, manager: TokenManager, interval_ms: int = 10_000, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.manager = manager
        self._in_flight: set[str] = set()
        self._parked: set[str] = set()
        self._retry_at: dict[str, tuple[float, float]] = {}  # key -> (monotonic time, backoff)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self._timer.start()

    def is_parked(self, portal: Portal) -> bool:
        return portal.key in self._parked

    def reset(self, portal: Portal) -> None:
        """After a new sign-in: the portal is eligible again."""
        self._parked.discard(portal.key)
        self._retry_at.pop(portal.key, None)

    def check(self) -> None:
        for portal in self.manager.due():
            self.refresh(portal, force=False)

    def refresh(self, portal: Portal, *, force: bool) -> bool:
        """Start a refresh unless one is running, the portal is parked, or it is backing off."""
        key = portal.key
        if key in self._in_flight or (key in self._parked and not force):
            return False
        retry = self._retry_at.get(key)
        if retry and not force and time.monotonic() < retry[0]:
            return False
        self._in_flight.add(key)
        margin = self.manager.margin
        run_in_background(
            lambda: self.manager.ensure_fresh(portal, margin, force=force),
            lambda _pair: self._on_done(key),
            lambda exc: self._on_failed(key, exc),
            self,
        )
        return True

    def _on_done(self, key: str) -> None:
        self._in_flight.discard(key)
        self._parked.discard(key)
        self._retry_at.pop(key, None)
        self.refreshed.emit(key)

    def _on_failed(self, key: str, exc: BaseException) -> None:
        self._in_flight.discard(key)
        if isinstance(exc, SignInRequired | NotSignedIn):
            self._parked.add(key)
        else:
            # Network trouble, an unreadable answer, a busy lock: try again later, less often.
            backoff = min(self._retry_at.get(key, (0.0, 7.5))[1] * 2, _MAX_BACKOFF)
            self._retry_at[key] = (time.monotonic() + backoff, backoff)
        self.failed.emit(key, exc)
