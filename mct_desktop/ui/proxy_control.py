"""The local proxy from the app: a status-bar button to start, stop and copy its address."""

from __future__ import annotations

import contextlib
import errno
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.ui.message_bar import MessageBar

if TYPE_CHECKING:
    from mct_desktop.core.api.proxy import ApiProxy
    from mct_desktop.core.session.token_manager import TokenManager
    from mct_desktop.core.support.ui_state import UiState

PORT_KEY = "proxy.port"


class ProxyControl(QWidget):
    """Owns at most one ApiProxy, bound to the portal that was active when it started."""

    changed = Signal()  # started or stopped (menus retitle their action)
    _served = Signal(str)  # a request line, from the proxy's threads

    def __init__(
        self,
        service: PortalService,
        manager: TokenManager,
        ui_state: UiState,
        messages: MessageBar,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.manager = manager
        self.ui_state = ui_state
        self.messages = messages
        self.server: ApiProxy | None = None
        self.requests = 0
        self.button = QToolButton(self)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setAutoRaise(True)
        self.menu = QMenu(self.button)
        self.toggle_action = QAction("Start local proxy", self)
        self.copy_action = QAction("Copy address", self)
        self.port_action = QAction("Port…", self)
        for action in (self.toggle_action, self.copy_action, self.port_action):
            self.menu.addAction(action)
        self.button.setMenu(self.menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        self._connect_signals()
        self._show()

    def _connect_signals(self) -> None:
        self.toggle_action.triggered.connect(self.toggle)
        self.copy_action.triggered.connect(self.copy_address)
        self.port_action.triggered.connect(self.choose_port)
        self._served.connect(self._on_served)

    @property
    def port(self) -> int:
        value = self.ui_state.get(PORT_KEY, 0)
        return value if isinstance(value, int) and 0 <= value < 65536 else 0

    @property
    def running(self) -> bool:
        return self.server is not None

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    def toggle(self) -> None:
        if self.running:
            self.stop()
        else:
            self.start()

    def start(self, portal: Portal | None = None) -> bool:
        portal = portal or self.service.active
        if self.running:
            return True
        if portal is None:
            self.messages.show_error("Add a portal first: the proxy serves one portal's API.")
            return False
        if portal.service is None and self.service.tokens(portal) is None:
            self.messages.show_error(f"Sign in to {portal.display_name} before starting the proxy.")
            return False
        from mct_desktop.core.api.proxy import ApiProxy  # loaded when first used

        server = ApiProxy(portal, self.manager, port=self.port, on_request=self._record)
        try:
            server.start()
        except OSError as exc:
            server.stop()
            self.messages.show_error(_bind_error(self.port, exc))
            return False
        self.server, self.requests = server, 0
        self.ui_state.set(PORT_KEY, server.port)  # the same address next time: queries keep working
        self._show()
        self.messages.show_info(
            f"Proxy serving {portal.display_name} at {server.url}; any program on this computer "
            "can use it while it runs."
        )
        self.changed.emit()
        return True

    def stop(self) -> None:
        server, self.server = self.server, None
        if server is None:
            return
        server.stop()
        self._show()
        self.messages.show_info(f"Proxy stopped after {self.requests:,} requests.")
        self.changed.emit()

    def copy_address(self) -> None:
        if self.server is not None:
            QGuiApplication.clipboard().setText(self.server.url)
            self.messages.show_info(f"{self.server.url} copied.")

    def choose_port(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        port, ok = QInputDialog.getInt(
            self,
            "Local proxy port",
            "Port on 127.0.0.1 (0: any free port); used from the next start:",
            self.port,
            0,
            65535,
        )
        if ok:
            self.set_port(port)

    def set_port(self, port: int) -> None:
        self.ui_state.set(PORT_KEY, port)
        self.ui_state.save()

    def _record(self, line: str) -> None:
        # RuntimeError: the window is gone while a last request finished; nobody listens.
        with contextlib.suppress(RuntimeError):
            self._served.emit(line)

    def _on_served(self, line: str) -> None:
        self.requests += 1
        self.button.setToolTip(f"{self._tip()}\nLast: {line}")
        self._show(tooltip=False)

    def _tip(self) -> str:
        if self.server is None:
            return "The portal's API on 127.0.0.1 with a fresh token, for Excel, Power BI, scripts"
        return f"Serving {self.server.portal.base_url} at {self.server.url}"

    def _show(self, tooltip: bool = True) -> None:
        if self.server is None:
            self.button.setText("Proxy: off")
        else:
            count = f"{self.requests:,} request{'s' if self.requests != 1 else ''}"
            self.button.setText(f"Proxy: {self.server.url} · {count}")
        if tooltip:
            self.button.setToolTip(self._tip())
        self.toggle_action.setText("Stop local proxy" if self.server else "Start local proxy")
        self.copy_action.setEnabled(self.server is not None)

    def shutdown(self) -> None:
        """The app quits: the proxy stops with it."""
        server, self.server = self.server, None
        if server is not None:
            server.stop()


def _bind_error(port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"Port {port} is in use by another program: choose another port (Portal ▸ "
            "Local proxy port…) or stop that program."
        )
    if exc.errno == errno.EACCES:
        return f"Port {port} needs administrator rights here: choose one above 1023."
    return f"Cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}."
