"""What every way of signing in offers the controller: the backend base class."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from mct_desktop.core.portal import Portal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class SignInBackend(QObject):
    """One way of capturing a portal's tokens: a browser window of ours, the user's own…"""

    captured = Signal(object)  # TokenPair
    failed = Signal(str)  # a message for the user; the sign-in may go on (Try again)
    finished = Signal()  # the backend is gone (window closed, browser exited)
    status = Signal(str)  # progress for the user ("Starting chromium…")
    refused = Signal(str)  # the provider refuses this browser; a short reason
    switch_requested = Signal(str)  # the user asked to go on in this browser (name or path)
    # Said when the backend finishes before any tokens arrived.
    gone_message = "The sign-in ended before the tokens arrived."

    def __init__(self, portal: Portal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.portal = portal
        self.window: QWidget | None = None  # its own window, if it shows one

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        """End the sign-in now; `finished` follows. Safe from the backend's own signals."""
        raise NotImplementedError
