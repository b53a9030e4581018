"""Notices when another process (`mct-desktop logout`, `login`) changed the active tokens."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.tokens import TokenPair
from mct_desktop.ui.background import run_in_background

INTERVAL_MS = 30_000
_MIN_GAP = 2.0  # seconds: focus flapping between windows asks the keychain once


class KeychainWatch(QObject):
    """Re-reads the active portal's entry off the GUI thread: on a timer, when the window
    regains focus, and before every send. One keychain read each time: cheap."""

    changed = Signal(object, bool)  # Portal, True when its tokens are gone (signed out)

    def __init__(self, service: PortalService, parent: QObject) -> None:
        super().__init__(parent)
        self.service = service
        self._last = 0.0
        self._reading = False
        self._started = False
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        """Once the window has painted: a window activated before that (every start under a
        window manager) must not open the keychain ahead of its first paint (80-100 ms)."""
        self._started = True
        self._timer.start()

    def check_soon(self) -> None:
        """On focus-in: at most one read every couple of seconds."""
        if time.monotonic() - self._last >= _MIN_GAP:
            self.check()

    def check(self) -> None:
        portal = self.service.active
        if portal is None or self._reading or not self._started:
            return
        self._last = time.monotonic()
        self._reading = True
        seen = self.service.tokens(portal)
        run_in_background(
            lambda: self.service.stored_tokens(portal),
            lambda now: self._on_read(portal, seen, now),
            lambda _exc: self._on_read(portal, seen, seen),  # unreadable: no news
            self,
        )

    def _on_read(self, portal: Portal, seen: TokenPair | None, now: TokenPair | None) -> None:
        self._reading = False
        if now != seen:
            self.changed.emit(portal, now is None)
