"""The API console: edit a request, send it off the GUI thread, show and record the response."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.api.client import ApiClient, ApiError, Cancelled
from mct_desktop.core.api.curl import to_curl
from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.render import PreparedBody, prepare
from mct_desktop.core.api.request import ApiRequest, RequestError
from mct_desktop.core.api.response import ApiResponse, human_size
from mct_desktop.core.catalog.openapi import Operation
from mct_desktop.core.catalog.search import missing_required
from mct_desktop.core.catalog.spec_loader import SpecService
from mct_desktop.core.portal import Portal, origin_of
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import AuthError
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui.background import run_in_background
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.console.catalog_loader import CatalogLoader
from mct_desktop.ui.console.curl_dialog import CurlImportDialog
from mct_desktop.ui.console.endpoint_catalog import EndpointCatalog
from mct_desktop.ui.console.history_panel import HistoryPanel
from mct_desktop.ui.console.request_editor import RequestEditor
from mct_desktop.ui.console.response_view import ResponseView
from mct_desktop.ui.message_bar import MessageBar


@dataclass
class _Outcome:
    response: ApiResponse
    prepared: PreparedBody


class _Progress(QObject):
    # Emitted from the worker thread; delivered on the GUI thread.
    received = Signal(int, object)


class ApiConsole(QWidget):
    sent = Signal()  # a response arrived (the main window refreshes token state)
    busy = Signal(str)  # "Waiting for the server… 3.2 s" while a request runs, then ""

    def __init__(
        self,
        service: PortalService,
        manager: TokenManager,
        store: RequestStore,
        clipboard: SecretClipboard,
        parent: QWidget | None = None,
        cookies: Callable[[Portal], dict[str, str]] | None = None,
        shortcuts: bool = True,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.manager = manager
        self.cookies = cookies or (lambda _portal: {})
        self.client = ApiClient(manager)
        self.catalog = EndpointCatalog(self)
        self.operation: Operation | None = None
        self.specs = CatalogLoader(
            self.catalog, service, SpecService(self.client), self.cookies, self
        )
        self._shortcuts = shortcuts
        self.store = store
        self.clipboard = clipboard
        self.editor = RequestEditor(self)
        self.response = ResponseView(self)
        self.history = HistoryPanel(store, self)
        self.history.insertTab(0, self.catalog, "Endpoints")
        self.history.setCurrentIndex(0)
        self.messages = MessageBar(self)
        self.copy_curl = QToolButton(self)
        self.copy_curl.setText("Copy as curl")
        self.copy_curl.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.copy_curl)
        self.copy_curl_real = menu.addAction("Copy as curl with the real token")
        self.copy_curl.setMenu(menu)
        self.import_curl = QPushButton("Import curl…", self)
        self.save_request = QPushButton("Save…", self)
        self._cancel: threading.Event | None = None
        self._generation = 0
        self._started = 0.0
        self._received = 0
        self._ticker = QTimer(self)
        self._ticker.setInterval(100)
        self._progress = _Progress(self)
        self._build_layout()
        self._connect_signals()
        self.portal_changed()

    def _build_layout(self) -> None:
        tools = QHBoxLayout()
        tools.addWidget(self.copy_curl)
        tools.addWidget(self.import_curl)
        tools.addWidget(self.save_request)
        tools.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.messages)
        self.vertical = QSplitter(Qt.Orientation.Vertical, self)
        self.vertical.addWidget(self.editor)
        self.vertical.addWidget(self.response)
        self.vertical.setSizes([220, 380])
        left_layout.addWidget(self.vertical, 1)
        self.horizontal = QSplitter(Qt.Orientation.Horizontal, self)
        self.horizontal.addWidget(self.history)
        self.horizontal.addWidget(left)
        self.horizontal.setSizes([340, 760])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.horizontal)

    def _connect_signals(self) -> None:
        self.editor.send_requested.connect(self.send)
        self.editor.cancel_requested.connect(self.cancel)
        if self._shortcuts:  # standalone; in the main window its menus own these keys
            for keys in ("Ctrl+Return", "Ctrl+Enter"):
                QShortcut(QKeySequence(keys), self, self.send)
            QShortcut(QKeySequence("Ctrl+L"), self, self.focus_target)
            QShortcut(QKeySequence("Ctrl+K"), self, self.focus_catalog)
        else:
            QShortcut(QKeySequence("Ctrl+Enter"), self, self.send)  # the keypad's Enter
        self.catalog.operation_chosen.connect(self.use_operation)
        self.catalog.refresh_requested.connect(lambda: self.specs.load(from_network=True))
        self.catalog.load_file_requested.connect(self.specs.choose_file)
        self.catalog.load_url_requested.connect(self.specs.ask_url)
        self.copy_curl.clicked.connect(self.copy_as_curl)
        self.copy_curl_real.triggered.connect(lambda: self._copy_curl(real_token=True))
        self.import_curl.clicked.connect(self.import_curl_command)
        self.save_request.clicked.connect(self._on_save_request)
        self.history.open_requested.connect(self.editor.load)
        self.history.resend_requested.connect(self._on_resend)
        self._ticker.timeout.connect(self._on_tick)
        self._progress.received.connect(self._on_progress)

    @property
    def portal(self) -> Portal | None:
        return self.service.active

    def portal_changed(self) -> None:
        portal = self.portal
        key = portal.key if portal else ""
        if key != self.history.portal_key or not self.catalog.catalog.operations:
            self.history.set_portal(key)
            self.specs.load(from_network=True)

    def focus_catalog(self) -> None:
        self.history.setCurrentWidget(self.catalog)
        self.catalog.focus_filter()

    # ----- catalog (loading is CatalogLoader's: self.specs)
    def load_spec(self, *, from_network: bool) -> None:
        """Load the active portal's spec again (after a sign-in, say)."""
        self.specs.load(from_network=from_network)

    def use_operation(self, operation: Operation) -> None:
        """Fill the request from a catalog operation; its required parameters are checked
        on send."""
        self.operation = operation
        self.editor.load_operation(operation)
        self.messages.show_info(
            f"{operation.method} {operation.path}: {operation.summary or 'no summary'}"
        )

    def focus_target(self) -> None:
        self.editor.target.setFocus()
        self.editor.target.selectAll()

    # ----- sending
    def send(self) -> None:
        if self._cancel is not None:
            return  # one request at a time; Cancel first
        request = self.editor.to_request()
        portal = self.portal
        try:
            self._check_parameters(request)
            request.validate()
            url = request.url(portal)
        except RequestError as exc:
            self.messages.show_error(str(exc))
            return
        consent = self._token_consent(portal, url)
        if consent is None:
            return
        self.messages.clear()
        self._start(portal, request, url, consent)

    def _check_parameters(self, request: ApiRequest) -> None:
        """Required parameters first: a request with a hole in its path never leaves."""
        empty = re.findall(r"\{([^{}/]+)\}", request.target)
        if empty:
            raise RequestError("Fill in the path parameter(s): " + ", ".join(empty) + ".")
        operation = self.operation
        if operation is not None and self.editor.target.text().strip() == operation.path:
            missing = missing_required(operation, request.query, request.headers)
            if missing:
                raise RequestError("Required parameter(s) missing: " + ", ".join(missing) + ".")

    def _token_consent(self, portal: Portal | None, url: str) -> bool | None:
        """False/True for another origin (the user chooses), None when they cancelled."""
        if portal is None or origin_of(url) == portal.base_url:
            return False
        if self.service.tokens(portal) is None:
            return False
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Send the token elsewhere?",
            f"{url} is not on {portal.display_name}. Send the request without "
            "the portal's token, or send the token to that other server?",
            parent=self,
        )
        without = box.addButton("Send without token", QMessageBox.ButtonRole.AcceptRole)
        with_token = box.addButton("Send with token", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(without)
        box.exec()
        clicked = box.clickedButton()
        if clicked is with_token:
            return True
        return False if clicked is without else None

    def _start(self, portal: Portal | None, request: ApiRequest, url: str, consent: bool) -> None:
        self._generation += 1
        generation = self._generation
        cancel = self._cancel = threading.Event()
        self._started = time.perf_counter()
        self._received = 0
        self.editor.set_busy(True)
        self.response.show_busy("Sending…")
        self._ticker.start()
        last_emit = [0.0]

        def progress(received: int, total: int | None) -> None:
            now = time.perf_counter()
            if now - last_emit[0] > 0.1:  # at most ten updates a second
                last_emit[0] = now
                self._progress.received.emit(received, total)

        portal_key = portal.key if portal else ""

        def work() -> _Outcome:
            try:
                response = self.client.send(
                    portal, request, token_to_other_origin=consent, cancel=cancel, progress=progress
                )
            except (ApiError, AuthError, RequestError) as exc:
                if not isinstance(exc, Cancelled):
                    self.store.record(portal_key, request, url, error=str(exc))
                raise
            self.store.record(
                portal_key,
                request,
                url,
                status=response.status,
                elapsed_ms=response.elapsed * 1000,
                size=response.size,
            )
            try:
                return _Outcome(response, prepare(response))
            except BaseException:
                response.discard()  # a spooled body must not outlive a failed rendering
                raise

        run_in_background(
            work,
            lambda outcome: self._on_done(generation, outcome),
            lambda exc: self._on_failed(generation, exc),
            self,
        )

    def cancel(self) -> None:
        if self._cancel is None:
            return
        self._cancel.set()
        self._generation += 1  # a late result of the cancelled request is ignored
        self._finish()
        self.response.show_error("Cancelled.")

    def _finish(self) -> None:
        self._cancel = None
        self._ticker.stop()
        self.editor.set_busy(False)
        self.busy.emit("")

    def _on_done(self, generation: int, outcome: _Outcome) -> None:
        if generation != self._generation:
            outcome.response.discard()
            return
        self._finish()
        self.response.show_response(outcome.response, outcome.prepared)
        self.history.show_latest()
        self.sent.emit()

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._finish()
        if isinstance(exc, AuthError):
            self.response.show_error(f"{exc}")
        elif isinstance(exc, ApiError | RequestError):
            self.response.show_error(str(exc))
        else:
            self.response.show_error(f"Unexpected error: {type(exc).__name__}: {exc}")
        self.history.show_latest()
        self.sent.emit()

    def _on_tick(self) -> None:
        elapsed = time.perf_counter() - self._started
        if self._received:
            text = f"Receiving… {human_size(self._received)} · {elapsed:.1f} s"
        else:
            text = f"Waiting for the server… {elapsed:.1f} s"
        self.response.show_busy(text)
        if elapsed > 1:  # only long requests are worth a word in the status bar
            self.busy.emit(text)

    def _on_progress(self, received: int, _total: object) -> None:
        self._received = received

    def _on_resend(self, request: ApiRequest) -> None:
        self.editor.load(request)
        self.send()

    # ----- curl and saving
    def _copy_curl(self, *, real_token: bool) -> None:
        request = self.editor.to_request()
        portal = self.portal
        token = None
        if real_token:
            pair = self.service.tokens(portal) if portal else None
            if pair is None:
                self.messages.show_error("Not signed in: there is no token to copy.")
                return
            # No question: the action says it copies the token; the clipboard clears it.
            token = pair.access_token
        try:
            line = to_curl(request, portal, token)
        except RequestError as exc:
            self.messages.show_error(str(exc))
            return
        when = self.clipboard.copy(line)
        hint = "" if token else " Set the variable first: export MCT_TOKEN=$(mct-desktop token)"
        self.messages.show_info(f"curl command copied; {when}.{hint}")

    def copy_as_curl(self) -> None:
        self._copy_curl(real_token=False)

    def splitters(self) -> dict[str, QSplitter]:
        return {"console.sides": self.horizontal, "console.request": self.vertical}

    def import_curl_command(self) -> None:
        dialog = CurlImportDialog(self)
        if dialog.exec() == CurlImportDialog.DialogCode.Accepted and dialog.result_import:
            imported = dialog.result_import
            self.editor.load(imported.request)
            notes = " ".join(imported.notes)
            self.messages.show_info("curl command imported." + (f" {notes}" if notes else ""))

    def _on_save_request(self) -> None:
        request = self.editor.to_request()
        if not request.target:
            self.messages.show_error("Enter a path before saving the request.")
            return
        text, ok = QInputDialog.getText(
            self,
            "Save request",
            "Group / name:",
            text=f"General / {request.method} {request.target}",
        )
        if not ok or not text.strip():
            return
        group, _, name = text.rpartition("/")
        self.history.save_request(group.strip() or "General", name.strip(), request)
        self.messages.show_success(f"Saved as {group.strip() or 'General'} / {name.strip()}.")

    def shutdown(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
        if self.response.response is not None:
            self.response.response.discard()
        self.client.close()
