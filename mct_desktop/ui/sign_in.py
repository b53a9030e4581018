"""One sign-in flow for the window and `mct-desktop login`: a backend captures, core stores."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.sign_in import SignInResult, complete_sign_in
from mct_desktop.core.tokens import TokenPair

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from mct_desktop.ui.browser_profiles import BrowserProfiles
    from mct_desktop.ui.login_view import LoginWindow


class SignInBackend(QObject):
    """One way of capturing a portal's tokens: a browser window of ours, the user's own…"""

    captured = Signal(object)  # TokenPair
    failed = Signal(str)  # a message for the user; the sign-in may go on (Try again)
    finished = Signal()  # the backend is gone (window closed, browser exited)
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


class EmbeddedBackend(SignInBackend):
    """The QtWebEngine sign-in window, with its "paste the Location instead" way out."""

    gone_message = "The sign-in window was closed before the tokens arrived."

    def __init__(
        self, portal: Portal, profiles: BrowserProfiles, parent: QObject | None = None
    ) -> None:
        super().__init__(portal, parent)
        # Imported here: QtWebEngine is heavy and must not delay the first paint.
        from mct_desktop.ui.login_view import LoginWindow

        self.window: LoginWindow = LoginWindow(portal, profiles.profile_for(portal))
        self._done = False
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.window.tokens_captured.connect(self.captured)
        self.window.login_failed.connect(self.failed)
        self.window.paste_requested.connect(self._on_paste_requested)
        self.window.closed.connect(self._on_closed)

    def start(self) -> None:
        self.window.show()
        self.window.start()

    def stop(self) -> None:
        if not self._done and shiboken6.isValid(self.window):
            self.window.close()  # emits closed
        self._on_closed()

    def _on_closed(self) -> None:
        if self._done:
            return
        self._done = True
        # Deleted later, not now: this may run inside the page's own signal. A page must
        # still die before its browser profile: BrowserProfiles.clear/dispose flush it.
        if shiboken6.isValid(self.window):
            self.window.hide()
            self.window.deleteLater()
        self.finished.emit()

    def _on_paste_requested(self) -> None:
        pair = ask_pasted_location(self.portal, self.window)
        if pair is not None:
            self.captured.emit(pair)


BackendFactory = Callable[[Portal], SignInBackend]


def default_backends(profiles: BrowserProfiles) -> dict[str, BackendFactory]:
    """The backends this app offers, by name; the user's own browser plugs in here."""
    return {"embedded": lambda portal: EmbeddedBackend(portal, profiles)}


def ask_pasted_location(portal: Portal, parent: QWidget | None) -> TokenPair | None:
    """The fallback: the user pastes the Callback's Location copied from another browser."""
    from mct_desktop.ui import paste_dialog  # dialogs load when first opened

    dialog = paste_dialog.PasteLocationDialog(portal, parent)
    accepted = dialog.exec() == paste_dialog.PasteLocationDialog.DialogCode.Accepted
    return dialog.pair if accepted else None


class SignInController(QObject):
    """Runs one sign-in at a time; whatever captures the tokens, complete_sign_in stores them."""

    started = Signal(object)  # Portal
    succeeded = Signal(object, object)  # Portal (as saved), SignInResult
    failed = Signal(object, str)  # Portal, message; the sign-in may go on
    ended = Signal(object, str)  # Portal, why: the backend went away before any tokens

    def __init__(
        self,
        service: PortalService,
        backends: Mapping[str, BackendFactory],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.backends = dict(backends)
        self.backend: SignInBackend | None = None

    @property
    def window(self) -> QWidget | None:
        """The running sign-in's own window, if it has one."""
        return self.backend.window if self.backend is not None else None

    def start(self, portal: Portal, backend: str = "embedded") -> None:
        """Begin a sign-in, ending the one under way (only one at a time)."""
        factory = self.backends[backend]
        self.cancel()
        started = factory(portal)
        started.setParent(self)
        self.backend = started
        started.captured.connect(lambda pair: self._on_captured(started, pair))
        started.failed.connect(lambda message: self._on_failed(started, message))
        started.finished.connect(lambda: self._on_finished(started))
        self.started.emit(portal)
        started.start()

    def cancel(self) -> None:
        """End the running sign-in, if any, without a word: the caller knows why."""
        backend, self.backend = self.backend, None
        if backend is not None:
            backend.stop()
            backend.deleteLater()

    def complete(self, portal: Portal, pair: TokenPair) -> SignInResult:
        """Store a captured pair (a backend's or a pasted one); the running sign-in ends."""
        self.cancel()
        result = complete_sign_in(self.service, portal, pair)
        self.succeeded.emit(self.service.settings.get(portal.key) or portal, result)
        return result

    def paste_location(self, portal: Portal, parent: QWidget | None) -> SignInResult | None:
        pair = ask_pasted_location(portal, parent)
        return self.complete(portal, pair) if pair is not None else None

    def _on_captured(self, backend: SignInBackend, pair: TokenPair) -> None:
        if backend is self.backend:
            self.complete(backend.portal, pair)

    def _on_failed(self, backend: SignInBackend, message: str) -> None:
        if backend is self.backend:
            self.failed.emit(backend.portal, message)

    def _on_finished(self, backend: SignInBackend) -> None:
        if backend is self.backend:
            self.backend = None
            backend.deleteLater()
            self.ended.emit(backend.portal, backend.gone_message)


class SignInFailed(Exception):
    """The sign-in did not end with tokens; the message says why, for the user."""


def sign_in_and_wait(
    controller: SignInController,
    portal: Portal,
    timeout: float | None,
    backend: str = "embedded",
    on_failed: Callable[[str], None] | None = None,
) -> SignInResult:
    """Run one sign-in to its end in a local event loop (for `mct-desktop login`)."""
    loop = QEventLoop()
    outcome: list[SignInResult | str] = []

    def finish(result: SignInResult | str) -> None:
        if not outcome:
            outcome.append(result)
        loop.quit()

    connections = [
        controller.succeeded.connect(lambda _portal, result: finish(result)),
        controller.ended.connect(lambda _portal, why: finish(why)),
        controller.failed.connect(lambda _portal, message: on_failed and on_failed(message)),
    ]
    timer = QTimer(controller)
    timer.setSingleShot(True)
    if timeout:
        timer.timeout.connect(
            lambda: finish(f"Timed out after {timeout:g} s waiting for the sign-in to finish.")
        )
        timer.start(int(timeout * 1000))
    try:
        controller.start(portal, backend)
        if not outcome:
            loop.exec()
    finally:
        timer.stop()
        timer.deleteLater()
        for connection in connections:
            QObject.disconnect(connection)
        controller.cancel()
    result = outcome[0] if outcome else "The sign-in was interrupted."
    if isinstance(result, str):
        raise SignInFailed(result)
    return result
