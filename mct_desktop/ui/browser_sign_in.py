"""Sign in with the user's own browser from the app: the DevTools runner in a worker thread."""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal

from mct_desktop.core.portal import Portal
from mct_desktop.core.redact import redact
from mct_desktop.core.session.browser.locate import (
    BrowserNotFoundError,
    BrowserSignInError,
    browser_label,
    find_browser,
)
from mct_desktop.core.tokens import TokenPair
from mct_desktop.ui.sign_in_backend import SignInBackend

log = logging.getLogger(__name__)

Runner = Callable[..., TokenPair]
SIGN_IN_TIMEOUT = 15 * 60.0  # the user types a password, maybe a second factor: be patient
_CLOSE_TIMEOUT = 15.0  # Browser.close, then the runner's own terminate/kill: seconds at most


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits through it, so delivery is queued."""

    status = Signal(str)
    done = Signal(object)  # TokenPair, or a message for the user


class _Worker:
    """One browser sign-in in a thread; the GUI thread owns its relay and drops it."""

    def __init__(self, portal: Portal, browser: str, runner: Runner, timeout: float) -> None:
        self.cancel = threading.Event()
        self.relay = _Relay()  # made here, in the GUI thread
        self._args = (portal, browser, runner, timeout)
        self.thread = threading.Thread(
            target=self._run, name=f"browser-sign-in-{portal.key}", daemon=True
        )

    def _run(self) -> None:
        portal, browser, runner, timeout = self._args
        outcome: TokenPair | str
        try:
            outcome = runner(
                portal,
                browser,
                timeout=timeout,
                cancel=self.cancel,
                on_status=self.relay.status.emit,
            )
        except BrowserSignInError as exc:
            outcome = str(exc)
        except Exception as exc:  # a bug must still reach the user, and the thread end cleanly
            log.exception("browser sign-in failed")
            outcome = f"The sign-in in {browser_label(browser)} failed: {redact(str(exc))}"
        self.relay.done.emit(outcome)


# Every worker not yet reaped, so that quitting the app closes every browser it started.
_workers: list[_Worker] = []
_hooked = False


def close_all_browsers(timeout: float = _CLOSE_TIMEOUT) -> bool:
    """Cancel every browser sign-in and wait until each browser is closed; True if all were."""
    for worker in _workers:
        worker.cancel.set()
    deadline = time.monotonic() + timeout
    for worker in list(_workers):
        worker.thread.join(max(deadline - time.monotonic(), 0.0))
    _reap()
    return not _workers


def running_sign_ins() -> int:
    """How many browser sign-ins are still running (or closing their browser)."""
    return sum(worker.thread.is_alive() for worker in _workers)


def _reap() -> None:
    # Only from the GUI thread: a relay must be deleted where it lives.
    _workers[:] = [worker for worker in _workers if worker.thread.is_alive()]


def _hook_quit() -> None:
    global _hooked
    if _hooked:
        return
    _hooked = True
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(close_all_browsers)
    atexit.register(close_all_browsers)  # e.g. `mct-desktop login` returning without exec()


class ExternalBrowserBackend(SignInBackend):
    """The portal's sign-in in the user's Chrome, Chromium, Edge or Brave (DevTools protocol)."""

    gone_message = "The browser sign-in ended before the tokens arrived."

    def __init__(
        self,
        portal: Portal,
        parent: QObject | None = None,
        runner: Runner | None = None,
        timeout: float = SIGN_IN_TIMEOUT,
    ) -> None:
        super().__init__(portal, parent)
        self.browser = portal.sign_in_browser or "chrome"
        self._runner = runner
        self._timeout = timeout
        self._worker: _Worker | None = None
        self._done = False

    @property
    def label(self) -> str:
        return browser_label(self.browser)

    def start(self) -> None:
        try:
            find_browser(self.browser)  # at once, with the places searched, not from a thread
        except BrowserNotFoundError as exc:
            self.failed.emit(str(exc))
            self.stop()
            return
        _hook_quit()
        # A browser still closing after a cancel may hold this portal's kept profile: let it go.
        for older in list(_workers):
            older.thread.join(_CLOSE_TIMEOUT)
        _reap()
        if self._runner is None:
            from mct_desktop.core.session.browser.runner import sign_in_with_browser

            self._runner = sign_in_with_browser
        worker = _Worker(self.portal, self.browser, self._runner, self._timeout)
        worker.relay.status.connect(self._on_status)
        worker.relay.done.connect(self._on_done)
        self._worker = worker
        _workers.append(worker)
        worker.thread.start()

    def stop(self) -> None:
        """Cancel now; the worker closes the browser (within a second or so) on its own."""
        if self._done:
            return
        self._done = True
        if self._worker is not None:
            self._worker.cancel.set()
        self.finished.emit()

    def _on_status(self, text: str) -> None:
        if not self._done:
            self.status.emit(text)

    def _on_done(self, outcome: object) -> None:
        if self._done:
            return  # cancelled: nobody waits for this outcome any more
        if isinstance(outcome, TokenPair):
            self.captured.emit(outcome)
            self.stop()
        else:
            self.failed.emit(str(outcome))
            self.stop()
