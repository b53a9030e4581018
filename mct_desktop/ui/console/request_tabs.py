"""Request tabs: each holds its own editor, its own response and at most one request in flight."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.api.response import human_size
from mct_desktop.core.catalog.openapi import Operation
from mct_desktop.core.support.ui_state import MAX_TABS
from mct_desktop.ui.console.request_editor import RequestEditor
from mct_desktop.ui.console.response_view import ResponseView
from mct_desktop.ui.qt_namespace import VERTICAL, set_enum

EDITOR_HEIGHT = 230  # the editor's height while there is room (until the user drags)
RESPONSE_LINES = 18  # the response's comfortable height, in lines: the editor yields to it


class RequestTab(QSplitter):
    """One request: the editor above its response, and the state of its request in flight.

    Spare height goes to the response. When the window shrinks, the response gives up
    only its spare height; then the editor shrinks (down to its minimum), and only then
    the response: a 900×600 window still shows a dozen lines of the response.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        set_enum(self, "orientation", VERTICAL)
        self.editor = RequestEditor(self)
        self.response = ResponseView(self)
        self.addWidget(self.editor)
        self.addWidget(self.response)
        self.setChildrenCollapsible(False)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self._editor_height = EDITOR_HEIGHT
        self.splitterMoved.connect(self._on_moved)
        self.operation: Operation | None = None
        self.operation_body = ""  # the body the chosen operation filled in: not the user's
        self.cancel_event: threading.Event | None = None
        self.generation = 0
        self.started = 0.0
        self.received = 0
        self.ticker = QTimer(self)
        self.ticker.setInterval(100)

    def setSizes(self, sizes: Sequence[int]) -> None:
        """Restored or copied sizes: the editor's becomes the height it returns to."""
        if len(sizes) == 2 and sizes[0] > 0:
            self._editor_height = sizes[0]
        super().setSizes(sizes)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    @property
    def editor_height(self) -> int:
        """The editor's height while there is room: the default, or where the user left it."""
        return self._editor_height

    def _on_moved(self, position: int, _index: int) -> None:
        self._editor_height = position

    def _fit(self) -> None:
        total = self.height() - self.handleWidth()
        floor = self.editor.minimumSizeHint().height()
        if total <= floor:
            return
        comfortable = RESPONSE_LINES * self.fontMetrics().height()
        editor = max(floor, min(self._editor_height, total - comfortable))
        super().setSizes([editor, total - editor])

    @property
    def busy(self) -> bool:
        return self.cancel_event is not None

    def title(self) -> str:
        target = self.editor.target.text().strip()
        path = target.split("://", 1)[-1]
        text = f"{self.editor.method.currentText()} {path or 'New request'}"
        if len(text) > 32:
            text = text[:31] + "…"
        # A tab's `&` marks a mnemonic: `?a=1&b=2` would show "?a=1b=2" with b underlined.
        return ("● " if self.busy else "") + text.replace("&", "&&")

    def elapsed_text(self) -> str:
        elapsed = time.perf_counter() - self.started
        if self.received:
            return f"Receiving… {human_size(self.received)} · {elapsed:.1f} s"
        return f"Waiting for the server… {elapsed:.1f} s"


class RequestTabs(QTabWidget):
    """The tab bar over the requests; Ctrl+T / Ctrl+W / Ctrl+Tab reach it through the console."""

    tab_added = Signal(object)  # RequestTab
    switched = Signal()  # the user went to another tab (a click, Ctrl+Tab)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setUsesScrollButtons(True)
        self.tabCloseRequested.connect(self._on_close_requested)
        self.tabBarClicked.connect(lambda _index: self.switched.emit())

    def current(self) -> RequestTab:
        tab = self.currentWidget()
        assert isinstance(tab, RequestTab)
        return tab

    def all(self) -> list[RequestTab]:
        return [t for i in range(self.count()) if isinstance(t := self.widget(i), RequestTab)]

    def add(self, request: ApiRequest | None = None, *, select: bool = True) -> RequestTab | None:
        if self.count() >= MAX_TABS:
            return None
        tab = RequestTab(self)
        if self.count():  # a new tab looks like the one beside it, and returns to its height
            tab.setSizes([self.current().editor_height, 1])
        if request is not None:
            tab.editor.load(request)
        index = self.addTab(tab, tab.title())
        tab.editor.target.textChanged.connect(lambda: self.retitle(tab))
        tab.editor.method.currentIndexChanged.connect(lambda: self.retitle(tab))
        self.tab_added.emit(tab)
        if select:
            self.setCurrentIndex(index)
        return tab

    def retitle(self, tab: RequestTab) -> None:
        index = self.indexOf(tab)
        if index >= 0:
            self.setTabText(index, tab.title())
            self.setTabToolTip(index, tab.editor.target.text())

    def close_tab(self, tab: RequestTab) -> bool:
        """Close a tab (cancelling its request); the last tab stays, emptied instead."""
        if tab.cancel_event is not None:
            tab.cancel_event.set()
        tab.generation += 1
        tab.ticker.stop()
        tab.cancel_event = None
        tab.editor.set_busy(False)
        if self.count() == 1:
            tab.editor.load(ApiRequest())
            tab.operation = None
            tab.response.clear()
            tab.response.status.setText("No response yet. Send a request (Ctrl+Enter).")
            tab.response.status.setStyleSheet("font-weight:bold")
            self.retitle(tab)
            return False
        tab.response.clear()  # its spooled body goes with it
        self.removeTab(self.indexOf(tab))
        tab.deleteLater()
        return True

    def cycle(self, step: int = 1) -> None:
        if self.count() > 1:
            self.setCurrentIndex((self.currentIndex() + step) % self.count())
            self.switched.emit()

    def _on_close_requested(self, index: int) -> None:
        tab = self.widget(index)
        if isinstance(tab, RequestTab):
            self.close_tab(tab)
