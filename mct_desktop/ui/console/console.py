"""The API console: edit a request, send it off the GUI thread, show and record the response."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.api.auth_headers import ADDED, shown_auth_headers
from mct_desktop.core.api.client import ApiClient
from mct_desktop.core.api.curl import to_curl
from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.request import ApiRequest, RequestError
from mct_desktop.core.api.variables import VariableStore, offered, substitute
from mct_desktop.core.catalog.openapi import Operation
from mct_desktop.core.catalog.search import missing_required
from mct_desktop.core.catalog.spec_loader import SpecService
from mct_desktop.core.portal import Portal, origin_of
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.console.catalog_loader import CatalogLoader
from mct_desktop.ui.console.console_rules import (
    ask_token_consent,
    clear_errors_on_edit,
    clear_on,
    send_blocked,
)
from mct_desktop.ui.console.endpoint_catalog import EndpointCatalog
from mct_desktop.ui.console.history_panel import HistoryPanel
from mct_desktop.ui.console.request_editor import PATH_PARAMETER, RequestEditor
from mct_desktop.ui.console.request_tabs import RequestTab, RequestTabs
from mct_desktop.ui.console.response_view import ResponseView
from mct_desktop.ui.console.save_request import save_request
from mct_desktop.ui.console.tab_sender import Job, TabSender
from mct_desktop.ui.console.variables_panel import VariablesPanel
from mct_desktop.ui.message_bar import MessageBar


class ApiConsole(QWidget):
    sent = Signal()  # a response arrived (the main window refreshes token state)
    busy = Signal(str)  # "Waiting for the server… 3.2 s" while a request runs, then ""
    sendable = Signal(bool)  # whether Send can work for the current tab (portal, URL)

    def __init__(
        self,
        service: PortalService,
        manager: TokenManager,
        store: RequestStore,
        clipboard: SecretClipboard,
        parent: QWidget | None = None,
        cookies: Callable[[Portal], dict[str, str]] | None = None,
        shortcuts: bool = True,
        variables: VariableStore | None = None,
        messages: MessageBar | None = None,
        taken_keys: Collection[str] = (),
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.manager = manager
        self.cookies = cookies or (lambda _portal: {})
        self.client = ApiClient(manager)
        self.catalog = EndpointCatalog(self)
        self.specs = CatalogLoader(
            self.catalog, service, SpecService(self.client), self.cookies, self
        )
        self._shortcuts = shortcuts
        self._taken_keys = taken_keys  # held by the window's menus (not looked up: 4 ms)
        self.store = store
        self.clipboard = clipboard
        # Re-read before each send: `mct-desktop logout` elsewhere means no token goes out.
        self.runner = TabSender(store, self, recheck=service.stored_tokens)
        self.requests = RequestTabs(self)
        self.new_tab_button = QToolButton(self)
        self.new_tab_button.setText("+")
        self.new_tab_button.setToolTip("New request tab (Ctrl+T)")
        self.requests.setCornerWidget(self.new_tab_button)  # top right
        self.history = HistoryPanel(store, self)
        self.history.insertTab(0, self.catalog, "Endpoints")
        self.variables = VariablesPanel(variables or VariableStore(), self._secrets, self)
        self.history.addTab(self.variables, "Variables")
        self.history.setCurrentIndex(0)
        self._own_messages = messages is None  # standalone: a strip in the tool row
        self.messages = messages or MessageBar(self, compact=True)
        self.copy_curl = QToolButton(self)
        self.copy_curl.setText("Copy as curl")
        self.copy_curl.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.copy_curl)
        self.copy_curl_real = menu.addAction("Copy as curl with the real token")
        self.copy_curl.setMenu(menu)
        self.import_curl = QPushButton("Import curl…", self)
        self.save_request = QPushButton("Save…", self)
        self._build_layout()
        self._connect_signals()
        self.requests.add()
        self.portal_changed()

    def _build_layout(self) -> None:
        tools = QHBoxLayout()
        tools.addWidget(self.copy_curl)
        tools.addWidget(self.import_curl)
        tools.addWidget(self.save_request)
        # Standalone, messages sit beside the buttons: showing one moves nothing below.
        tools.addWidget(self.messages, 1) if self._own_messages else tools.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.requests, 1)
        self.horizontal = QSplitter(parent=self)  # horizontal
        self.horizontal.addWidget(self.history)
        self.horizontal.addWidget(left)
        self.horizontal.setSizes([310, 790])  # the sidebar's four tab titles, unelided
        self.horizontal.setStretchFactor(1, 1)  # it keeps its width; the request side gives
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.horizontal)

    def _connect_signals(self) -> None:
        self.requests.tab_added.connect(self._on_tab_added)
        self.requests.currentChanged.connect(self._on_tab_changed)
        self.new_tab_button.clicked.connect(self.new_tab)
        keys: dict[str, Callable[[], object]] = {
            "Ctrl+T": self.new_tab,
            "Ctrl+W": self.close_tab,
            "Ctrl+Tab": self.next_tab,
            "Ctrl+Shift+Tab": lambda: self.requests.cycle(-1),
            "Ctrl+Enter": self.send,  # the keypad's Enter
        }
        if self._shortcuts:  # standalone; in the main window its menus own these keys
            keys |= {"Ctrl+Return": self.send, "Ctrl+L": self.focus_target}
            keys["Ctrl+K"] = self.focus_catalog
        for sequence, slot in keys.items():
            if QKeySequence(sequence).toString() not in self._taken_keys:  # the menu's wins
                # Window-wide, but only while the console is shown (a hidden widget's
                # shortcut does not fire): Ctrl+Tab on the Tokens page stays the window's.
                QShortcut(QKeySequence(sequence), self, slot)
        self.catalog.operation_chosen.connect(self.use_operation)
        self.catalog.refresh_requested.connect(lambda: self.specs.load(from_network=True))
        self.catalog.load_file_requested.connect(self.specs.choose_file)
        self.catalog.load_url_requested.connect(self.specs.ask_url)
        self.copy_curl.clicked.connect(self.copy_as_curl)
        self.copy_curl_real.triggered.connect(lambda: self._copy_curl(real_token=True))
        self.import_curl.clicked.connect(self.import_curl_command)
        self.save_request.clicked.connect(self._on_save_request)
        self.history.open_requested.connect(self.open_request)
        self.history.resend_requested.connect(self._on_resend)
        self.history.currentChanged.connect(self._on_sidebar_changed)
        self.runner.finished.connect(self._on_finished)
        self.runner.history_failed.connect(self.messages.show_warning)
        self.variables.refused.connect(self.messages.show_error)
        clear_on(self.messages, self.catalog.filter.textEdited, self.history.open_requested)
        clear_on(self.messages, self.requests.switched)  # by the user: start-up says on

    def _on_tab_added(self, tab: RequestTab) -> None:
        tab.editor.send_requested.connect(self.send)
        tab.editor.cancel_requested.connect(self.cancel)
        tab.ticker.timeout.connect(lambda: self._on_tick(tab))
        tab.editor.path_params.edited.connect(self._on_sidebar_changed)
        tab.editor.params.edited.connect(self._on_sidebar_changed)
        # The token may have been refreshed or removed since: the Headers tab shows it now.
        tab.editor.tabs.currentChanged.connect(lambda _i: self._show_auth_headers(tab))
        self._show_auth_headers(tab)
        tab.editor.target.textChanged.connect(lambda: self._gate(tab))
        clear_errors_on_edit(self.messages, tab.editor)
        self._gate(tab)

    def _on_tab_changed(self, _index: int) -> None:
        if self.requests.count():
            tab = self.requests.current()
            self.busy.emit(tab.elapsed_text() if tab.busy else "")
            self.sendable.emit(self.can_send())

    # ----- tabs (Ctrl+T, Ctrl+W, Ctrl+Tab)
    @property
    def tab(self) -> RequestTab:
        return self.requests.current()

    @property
    def editor(self) -> RequestEditor:
        return self.requests.current().editor

    @property
    def response(self) -> ResponseView:
        return self.requests.current().response

    @property
    def vertical(self) -> QSplitter:
        return self.requests.current()

    @property
    def operation(self) -> Operation | None:
        return self.requests.current().operation

    @operation.setter
    def operation(self, operation: Operation | None) -> None:
        self.requests.current().operation = operation

    def new_tab(self, request: ApiRequest | None = None) -> None:
        if self.requests.add(request if isinstance(request, ApiRequest) else None) is None:
            self.messages.show_error("Close a request tab first: 30 are open.")
            return
        self.focus_target()

    def close_tab(self) -> None:
        self.requests.close_tab(self.tab)
        self._on_tab_changed(self.requests.currentIndex())  # a closed busy tab: bar cleared

    def next_tab(self) -> None:
        self.requests.cycle(1)

    def tab_requests(self) -> tuple[list[ApiRequest], int]:
        """Every tab's request as typed, and the current tab's index (for ui-state)."""
        return [t.editor.to_request() for t in self.requests.all()], self.requests.currentIndex()

    def restore_tabs(self, requests: list[ApiRequest], current: int) -> None:
        """Reopen the tabs of the last run (sanitised by UiState) in place of the blank one."""
        if not requests:
            return
        first = self.requests.all()[0]
        first.editor.load(requests[0])
        for request in requests[1:]:
            self.requests.add(request, select=False)
        if 0 <= current < self.requests.count():
            self.requests.setCurrentIndex(current)

    @property
    def portal(self) -> Portal | None:
        return self.service.active

    def portal_changed(self) -> None:
        portal = self.portal
        key = portal.key if portal else ""
        if key != self.variables.portal_key or not self.requests.count():
            self.variables.set_portal(key)
        self._show_auth_headers()
        for tab in self.requests.all():
            self._gate(tab)
        if key != self.history.portal_key or not self.catalog.catalog.operations:
            self.history.set_portal(key)
            self.specs.load(from_network=True)

    def can_send(self) -> bool:
        return not send_blocked(self.portal, self.editor.target.text())

    def _gate(self, tab: RequestTab) -> None:
        tab.editor.set_blocked(send_blocked(self.portal, tab.editor.target.text()))
        if tab is self.tab:
            self.sendable.emit(self.can_send())

    def _secrets(self) -> tuple[str, ...]:
        portal = self.portal
        pair = self.service.tokens(portal) if portal else None
        return (pair.access_token,) if pair else ()

    def _show_auth_headers(self, tab: RequestTab | None = None) -> None:
        """The Headers tab shows, greyed and masked, what the app adds to portal requests."""
        portal = self.portal
        pair = self.service.tokens(portal) if portal else None
        note = f"{ADDED} to requests to {portal.base_url if portal else ''}; never stored"
        shown = shown_auth_headers(portal, pair.access_token if pair else None) if portal else []
        rows = [(name, value, note) for name, value in shown]
        self.copy_curl_real.setEnabled(pair is not None)  # no token, nothing real to copy
        for each in [tab] if tab else self.requests.all():
            each.editor.set_auth_headers(rows)

    def focus_catalog(self) -> None:
        self.history.setCurrentWidget(self.catalog)
        self.catalog.focus_filter()

    # ----- catalog (loading is CatalogLoader's: self.specs)
    def load_spec(self, *, from_network: bool) -> None:
        """Load the active portal's spec again (after a sign-in, say)."""
        self._show_auth_headers()
        self.specs.load(from_network=from_network)

    def use_operation(self, operation: Operation) -> None:
        """Fill the request from a catalog operation (its params replace the table's); its
        required parameters are checked on send. A body the user changed is replaced only
        if they say so."""
        tab = self.requests.current()
        body = tab.editor.body_text.toPlainText()
        if body.strip() and body != tab.operation_body and not self._replace_body(operation):
            return
        self.operation = operation
        self.editor.load_operation(operation)
        tab.operation_body = tab.editor.body_text.toPlainText()
        self.messages.show_info(
            f"{operation.method} {operation.path}: {operation.summary or 'no summary'}"
        )

    def _replace_body(self, operation: Operation) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            "Replace the request body?",
            f"{operation.method} {operation.path} replaces the request body in the editor.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def focus_target(self) -> None:
        self.editor.target.setFocus()
        self.editor.target.selectAll()

    # ----- sending (the worker is TabSender's; one request in flight per tab)
    def resolved(self, typed: ApiRequest) -> ApiRequest:
        """`typed` with its `{{variables}}` filled; RequestError names the unresolved."""
        return substitute(typed, self.variables.values())

    def send(self) -> None:
        tab = self.tab
        if tab.busy:
            return  # one request at a time per tab; Cancel first
        typed = tab.editor.to_request()
        portal = self.portal
        try:
            request = self.resolved(typed)
            self._check_parameters(tab, request)
            request.validate()
            url = request.url(portal)
        except RequestError as exc:
            self.messages.show_error(str(exc))
            return
        consent = self._token_consent(portal, url)
        if consent is None:
            return
        self.messages.clear()
        self._show_auth_headers(tab)
        self.runner.start(tab, Job(portal, request, typed, url, consent), self.client)
        self.requests.retitle(tab)

    def _check_parameters(self, tab: RequestTab, request: ApiRequest) -> None:
        """Required parameters first: a request with a hole in its path never leaves."""
        empty = PATH_PARAMETER.findall(request.target)
        if empty:
            raise RequestError("Fill in the path parameter(s): " + ", ".join(empty) + ".")
        operation = tab.operation
        if operation is not None and tab.editor.template() == operation.path:
            missing = missing_required(operation, request.query, request.headers)
            if missing:
                raise RequestError("Required parameter(s) missing: " + ", ".join(missing) + ".")

    def _token_consent(self, portal: Portal | None, url: str) -> bool | None:
        """False/True for another origin (the user chooses), None when they cancelled."""
        if portal is None or origin_of(url) == portal.base_url:
            return False
        if self.service.tokens(portal) is None:
            return False
        return ask_token_consent(self, portal, url)

    def cancel(self) -> None:
        tab = self.tab
        if tab.busy:
            self.runner.cancel(tab)
            self.requests.retitle(tab)
            self.busy.emit("")

    def _on_finished(self, tab: RequestTab) -> None:
        self.requests.retitle(tab)
        if tab is self.tab:
            self.busy.emit("")
        self.history.show_latest()
        self.sent.emit()

    def _on_tick(self, tab: RequestTab) -> None:
        text = tab.elapsed_text()
        tab.response.show_busy(text)
        if tab is self.tab and time.perf_counter() - tab.started > 1:
            self.busy.emit(text)  # only long requests are worth a word in the status bar

    def _on_sidebar_changed(self, _index: int = -1) -> None:
        if self.history.currentWidget() is self.variables:  # path parameters first
            pairs = self.editor.path_params.pairs() + self.editor.params.pairs()
            self.variables.set_offers(offered(pairs, self.variables.values()))

    def open_request(self, request: ApiRequest) -> None:
        """Into this tab, or a new one while this tab's request runs (it is not disturbed)."""
        if self.tab.busy:
            self.new_tab(request)
        else:
            self.editor.load(request)

    def _on_resend(self, request: ApiRequest) -> None:
        self.open_request(request)
        self.send()

    # ----- curl and saving
    def _copy_curl(self, *, real_token: bool) -> None:
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
            line = to_curl(self.resolved(self.editor.to_request()), portal, token)
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
        # Loaded when first used: curl's option tables and the parser are 0.6 MB.
        from mct_desktop.ui.console.curl_dialog import CurlImportDialog

        dialog = CurlImportDialog(self)
        if dialog.exec() == CurlImportDialog.DialogCode.Accepted and dialog.result_import:
            imported = dialog.result_import
            self.open_request(imported.request)
            notes = " ".join(imported.notes)
            self.messages.show_info("curl command imported." + (f" {notes}" if notes else ""))

    def _on_save_request(self) -> None:
        save_request(self, self.history, self.editor.to_request(), self.messages)

    def shutdown(self) -> None:
        for tab in self.requests.all():
            if tab.cancel_event is not None:
                tab.cancel_event.set()
            if tab.response.response is not None:
                tab.response.response.discard()
        self.client.close()
