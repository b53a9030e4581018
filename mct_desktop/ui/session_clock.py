"""The once-a-second tick: the token countdown and the status bar's `portal · user · time`."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from mct_desktop.core.session.claims import countdown
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.tokens import decode_jwt, utc_now
from mct_desktop.ui.token_panel import TokenPanel


class SessionClock(QObject):
    """Ticks from start() on; tick() also brings the shown state up to date at once."""

    def __init__(
        self, service: PortalService, panel: TokenPanel, label: QLabel, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.panel = panel
        self.label = label
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        self._timer.start()

    def tick(self) -> None:
        self.panel.tick()
        portal = self.service.active
        pair = self.service.tokens(portal) if portal else None
        if portal is None or pair is None:
            self.label.setText("Not signed in")
            return
        info = decode_jwt(pair.access_token)
        who = info.user if info else "signed in"
        self.label.setText(f"{portal.display_name} · {who} · {countdown(info, utc_now())}")
