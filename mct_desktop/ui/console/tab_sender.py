"""Run one tab's request off the GUI thread, record it, and show only its own outcome."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from mct_desktop.core.api.client import ApiClient, ApiError, Cancelled
from mct_desktop.core.api.history import HistoryUnavailable, RequestStore
from mct_desktop.core.api.render import PreparedBody, prepare
from mct_desktop.core.api.request import ApiRequest, RequestError
from mct_desktop.core.api.response import ApiResponse
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.token_client import AuthError
from mct_desktop.ui.background import run_in_background
from mct_desktop.ui.console.request_tabs import RequestTab


@dataclass
class _Outcome:
    """A finished send: the response, its body prepared for the views, and why history
    could not record it ("" when it did)."""

    response: ApiResponse
    prepared: PreparedBody
    unrecorded: str = ""


@dataclass(frozen=True)
class Job:
    """What leaves: `request` as resolved; `typed` (with `{{variables}}`) is what history keeps."""

    portal: Portal | None
    request: ApiRequest
    typed: ApiRequest
    url: str
    consent: bool


class TabSender(QObject):
    finished = Signal(object)  # the RequestTab whose request ended (response or error)
    history_failed = Signal(str)  # the response is shown; history could not record it
    # Emitted from the worker thread, delivered on the GUI thread. It lives on this object,
    # not on the tab: a tab closed mid-request is deleted while its worker still reports.
    _received = Signal(object, int, int)

    def __init__(
        self,
        store: RequestStore,
        parent: QObject,
        recheck: Callable[[Portal], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._recheck = recheck  # re-reads the keychain: another process may have signed out
        self._received.connect(self._on_received)

    def start(self, tab: RequestTab, job: Job, client: ApiClient) -> None:
        tab.generation += 1
        generation = tab.generation
        cancel = tab.cancel_event = threading.Event()
        tab.started = time.perf_counter()
        tab.received = 0
        tab.editor.set_busy(True)
        tab.response.start("Sending…")  # the previous response goes, its spooled body too
        tab.ticker.start()
        last_emit = [0.0]

        def progress(received: int, total: int | None) -> None:
            now = time.perf_counter()
            if now - last_emit[0] > 0.1 and not cancel.is_set():  # ten updates a second
                last_emit[0] = now
                self._received.emit(tab, generation, received)

        portal_key = job.portal.key if job.portal else ""

        def work() -> _Outcome:
            if self._recheck is not None and job.portal is not None:
                self._recheck(job.portal)  # a token deleted elsewhere is dropped from memory
            try:
                response = client.send(
                    job.portal,
                    job.request,
                    token_to_other_origin=job.consent,
                    cancel=cancel,
                    progress=progress,
                )
            except (ApiError, AuthError, RequestError) as exc:
                if not isinstance(exc, Cancelled):
                    self._record(portal_key, job, error=str(exc))  # the error is what counts
                raise
            unrecorded = self._record(
                portal_key,
                job,
                status=response.status,
                elapsed_ms=response.elapsed * 1000,
                size=response.size,
            )
            try:
                return _Outcome(response, prepare(response), unrecorded)
            except BaseException:
                response.discard()  # a spooled body must not outlive a failed rendering
                raise

        run_in_background(
            work,
            lambda outcome: self._on_done(tab, generation, outcome),
            lambda exc: self._on_failed(tab, generation, exc),
            self,
        )

    def _record(self, portal_key: str, job: Job, **outcome: Any) -> str:
        """Record the request in history; a history that fails loses no response (worker
        thread). Returns what went wrong, or ""."""
        try:
            self.store.record(portal_key, job.typed, job.url, **outcome)
        except HistoryUnavailable as exc:
            logging.getLogger(__name__).warning("history not recorded: %s", exc.__cause__)
            return str(exc)
        return ""

    def _on_received(self, tab: RequestTab, generation: int, received: int) -> None:
        if generation == tab.generation:
            tab.received = received

    def cancel(self, tab: RequestTab) -> None:
        if tab.cancel_event is None:
            return
        tab.cancel_event.set()
        tab.generation += 1  # a late result of the cancelled request is ignored
        self._finish(tab)
        tab.response.show_cancelled()

    def _finish(self, tab: RequestTab) -> None:
        tab.cancel_event = None
        tab.ticker.stop()
        tab.editor.set_busy(False)

    def _on_done(self, tab: RequestTab, generation: int, outcome: _Outcome) -> None:
        if generation != tab.generation:
            outcome.response.discard()
            return
        self._finish(tab)
        tab.response.show_response(outcome.response, outcome.prepared)
        self.finished.emit(tab)
        if outcome.unrecorded:
            self.history_failed.emit(outcome.unrecorded)

    def _on_failed(self, tab: RequestTab, generation: int, exc: BaseException) -> None:
        if generation != tab.generation:
            return
        self._finish(tab)
        if isinstance(exc, ApiError | RequestError | AuthError):
            tab.response.show_error(str(exc))
        else:
            tab.response.show_error(f"Unexpected error: {type(exc).__name__}: {exc}")
        self.finished.emit(tab)
