"""One sign-in flow for the window and `mct-desktop login`: a backend captures, core stores."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.sign_in import SignInResult, complete_sign_in
from mct_desktop.core.tokens import TokenPair
from mct_desktop.ui.browser_sign_in import ExternalBrowserBackend
from mct_desktop.ui.sign_in_backend import SignInBackend

__all__ = ["EmbeddedBackend", "ExternalBrowserBackend", "SignInBackend", "SignInController"]

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from mct_desktop.ui.browser_profiles import BrowserProfiles
    from mct_desktop.ui.login_view import LoginWindow


class EmbeddedBackend(SignInBackend):
    """The QtWebEngine sign-in window, with its "paste the Location instead" way out."""

    gone_message = "The sign-in window was closed before the tokens arrived."

    def __init__(
        self, portal: Portal, profiles: BrowserProfiles, parent: QObject | None = None
    ) -> None:
        super().__init__(portal, parent)
        # Imported here: QtWebEngine is heavy and must not delay the first paint. The first
        # time, on a thread while Chromium starts (see ui/engine_start.py).
        from mct_desktop.ui import engine_start

        engine_start.start_once(_import_login_view)
        from mct_desktop.ui.login_view import LoginWindow

        self.window: LoginWindow = LoginWindow(portal, profiles.profile_for(portal))
        self._done = False
        self._inside = 0  # > 0 while the window's own code is on the stack
        self._connect_signals()

    # Bound methods, not lambdas: Qt drops a dead receiver's connections by itself.
    def _connect_signals(self) -> None:
        self.window.tokens_captured.connect(self._on_tokens_captured)
        self.window.login_failed.connect(self._on_login_failed)
        self.window.paste_requested.connect(self._on_paste_requested)
        self.window.closed.connect(self._on_closed)
        self.window.refused.connect(self._on_refused)
        self.window.switch_requested.connect(self._on_switch_requested)

    def _on_tokens_captured(self, pair: TokenPair) -> None:
        self._relay(self.captured.emit, pair)

    def _on_login_failed(self, message: str) -> None:
        self._relay(self.failed.emit, message)

    def _on_paste_requested(self) -> None:
        self._relay(self._paste)

    def _on_closed(self) -> None:
        self._relay(self.stop)

    def _on_refused(self, reason: str) -> None:
        self._relay(self.refused.emit, reason)

    def _on_switch_requested(self, browser: str) -> None:
        self._relay(self.switch_requested.emit, browser)

    def _relay(self, action: Callable[..., None], *args: object) -> None:
        self._inside += 1
        try:
            action(*args)
        finally:
            self._inside -= 1

    def start(self) -> None:
        self.window.show()
        self.window.start()

    def stop(self) -> None:
        if self._done:
            return
        self._done = True
        if shiboken6.isValid(self.window):
            self.window.hide()
            if self._inside:
                self.window.deleteLater()  # deleting it under its own feet would crash
            else:
                # Now, not later: a page must die before its browser profile, and the
                # caller (sign-out, removing the portal) is about to clear that profile.
                shiboken6.delete(self.window)
        self.finished.emit()

    def _paste(self) -> None:
        pair = ask_pasted_location(self.portal, self.window)
        if pair is not None:
            self.captured.emit(pair)


def _import_login_view() -> None:
    import mct_desktop.ui.login_view  # noqa: F401


BackendFactory = Callable[[Portal], SignInBackend]


def default_backends(profiles: BrowserProfiles) -> dict[str, BackendFactory]:
    """The backends this app offers, by name: ours, and the user's own browser."""
    return {
        "embedded": lambda portal: EmbeddedBackend(portal, profiles),
        "browser": ExternalBrowserBackend,
    }


def backend_for(portal: Portal) -> str:
    """The backend a portal signs in with: its remembered browser, else the embedded one."""
    return "browser" if portal.sign_in_browser else "embedded"


def ask_pasted_location(portal: Portal, parent: QWidget | None) -> TokenPair | None:
    """The fallback: the user pastes the Callback's Location copied from another browser."""
    from mct_desktop.ui import paste_dialog  # dialogs load when first opened

    dialog = paste_dialog.PasteLocationDialog(portal, parent)
    accepted = dialog.exec() == paste_dialog.PasteLocationDialog.DialogCode.Accepted
    return dialog.pair if accepted else None


class SignInController(QObject):
    """Runs one sign-in at a time; whatever captures the tokens, complete_sign_in stores them."""

    succeeded = Signal(object, object)  # Portal (as saved), SignInResult
    failed = Signal(object, str)  # Portal, message; the sign-in may go on
    ended = Signal(object, str)  # Portal, why: the backend went away before any tokens
    status = Signal(object, str)  # Portal, progress for the user
    refused = Signal(object, str)  # Portal, reason: its provider refuses the embedded browser
    switched = Signal(object)  # Portal (as saved) now signs in with another browser

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

    def start(self, portal: Portal, backend: str | None = None) -> None:
        """Begin a sign-in, ending the one under way (only one at a time).

        Without a `backend`, the portal's remembered choice decides (see backend_for).
        """
        backend = backend or backend_for(portal)
        factory = self.backends.get(backend)
        if factory is None:
            known = ", ".join(sorted(self.backends))
            raise ValueError(f"No sign-in backend is called {backend!r} (there are: {known}).")
        self.cancel()
        started = factory(portal)
        started.setParent(self)
        self.backend = started
        # Bound methods and sender(), not lambdas holding the backend: such a lambda
        # outliving the backend crashed the process when Qt deleted it (seen in tests).
        started.captured.connect(self._on_captured)
        started.failed.connect(self._on_failed)
        started.finished.connect(self._on_finished)
        started.status.connect(self._on_status)
        started.refused.connect(self._on_refused)
        started.switch_requested.connect(self._on_switch_requested)
        started.start()

    def use_browser(self, portal: Portal, browser: str) -> Portal:
        """Remember `browser` ("embedded", a name or a path) for the portal; say so."""
        saved = self.service.settings.get(portal.key)
        if saved is None:  # not kept yet (`mct-desktop login ADDRESS`): kept once signed in
            choice = "" if browser == "embedded" else browser
            updated = replace(portal, sign_in_browser=choice)
        else:
            updated = self.service.set_sign_in_browser(saved, browser)
        self.switched.emit(updated)
        return updated

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

    def _running_sender(self) -> SignInBackend | None:
        """The backend that sent the signal being handled, if it is the running one."""
        sender = self.sender()
        backend = self.backend
        return backend if backend is not None and sender is backend else None

    def _on_captured(self, pair: TokenPair) -> None:
        if (backend := self._running_sender()) is not None:
            self.complete(backend.portal, pair)

    def _on_failed(self, message: str) -> None:
        if (backend := self._running_sender()) is not None:
            self.failed.emit(backend.portal, message)

    def _on_status(self, text: str) -> None:
        if (backend := self._running_sender()) is not None:
            self.status.emit(backend.portal, text)

    def _on_refused(self, reason: str) -> None:
        if (backend := self._running_sender()) is not None:
            self.refused.emit(backend.portal, reason)

    def _on_switch_requested(self, browser: str) -> None:
        if (backend := self._running_sender()) is not None:
            self.start(self.use_browser(backend.portal, browser))

    def _on_finished(self) -> None:
        if (backend := self._running_sender()) is not None:
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
    on_refused: Callable[[str], None] | None = None,
    on_status: Callable[[str], None] | None = None,
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
        controller.refused.connect(lambda _portal, reason: on_refused and on_refused(reason)),
        controller.status.connect(lambda _portal, text: on_status and on_status(text)),
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
