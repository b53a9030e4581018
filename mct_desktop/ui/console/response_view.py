"""The response half of the console: status, timing, size, and the body in several views."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.api.render import LARGE_TEXT, PreparedBody, line_starts, raw_text
from mct_desktop.core.api.response import ApiResponse, BodyType, human_size
from mct_desktop.ui import theme
from mct_desktop.ui.console.body_views import CsvModel, JsonTree, TextBodyView
from mct_desktop.ui.message_bar import MessageBar
from mct_desktop.ui.places import save_proposal


class ResponseView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.response: ApiResponse | None = None
        self.status = QLabel("No response yet. Send a request (Ctrl+Enter).", self)
        self.status.setStyleSheet("font-weight:bold")
        self.meta = QLabel(self)
        self.meta.setWordWrap(True)
        self.save = QPushButton("Save body as…", self)
        self.save.setEnabled(False)
        self.messages = MessageBar(self)
        self.tabs = QTabWidget(self)
        self.body = TextBodyView(self)
        self.tree = JsonTree(self)
        self.table = QTableView(self)
        self.headers = QTableWidget(0, 2, self)
        self.headers.setHorizontalHeaderLabels(["Header", "Value"])
        self.headers.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.headers.verticalHeader().hide()
        self.raw = TextBodyView(self)
        self._raw_loaded = False
        self.tabs.addTab(self.body, "Body")
        self.tabs.addTab(self.tree, "Tree")
        self.tabs.addTab(self.table, "Table")
        self.tabs.addTab(self.headers, "Headers")
        self.tabs.addTab(self.raw, "Raw")
        top = QHBoxLayout()
        top.addWidget(self.status)
        top.addWidget(self.meta, 1)
        top.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.messages)
        layout.addWidget(self.tabs, 1)
        self.save.clicked.connect(self._on_save)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._set_tab_visibility(BodyType.EMPTY)

    def clear(self) -> None:
        """Forget the previous response: nothing of it is shown, saved or kept on disk."""
        if self.response is not None:
            self.response.discard()
            self.response = None
        self.meta.setText("")
        self.save.setEnabled(False)
        self.messages.clear()
        self.headers.setRowCount(0)
        self.body.set_text("", highlight=False)
        self.tree.clear()
        self.table.setModel(None)
        self._raw_loaded = False
        self.raw.set_text("", highlight=False)
        self._set_tab_visibility(BodyType.EMPTY)

    def start(self, text: str) -> None:
        """A new request left: only its progress is shown until its outcome arrives."""
        self.clear()
        self.show_busy(text)

    def show_busy(self, text: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"font-weight:bold;color:{theme.colour('muted')}")

    def show_cancelled(self) -> None:
        """The user stopped the request: nothing arrived, and nothing went wrong."""
        self.clear()
        self.status.setText("Cancelled: no response")
        self.status.setStyleSheet(f"font-weight:bold;color:{theme.colour('muted')}")
        self.messages.show_info("Cancelled.")

    def show_error(self, message: str) -> None:
        self.clear()
        self.status.setText("No response")
        self.status.setStyleSheet(f"font-weight:bold;color:{theme.colour('error')}")
        self.meta.setText("")
        self.messages.show_error(message)

    def show_response(self, response: ApiResponse, prepared: PreparedBody) -> None:
        if self.response is not None and self.response is not response:
            self.response.discard()
        self.response = response
        self.status.setText(f"{response.status} {response.reason}")
        self.status.setStyleSheet(f"font-weight:bold;color:{theme.status_colour(response.status)}")
        self.meta.setText(self._meta(response))
        self.save.setEnabled(response.size > 0)
        self._show_messages(response, prepared)
        self.headers.setRowCount(len(response.headers))
        for row, (name, value) in enumerate(response.headers):
            self.headers.setItem(row, 0, QTableWidgetItem(name))
            self.headers.setItem(row, 1, QTableWidgetItem(value))
        self.body.set_text(prepared.text, highlight=prepared.highlight, starts=prepared.line_starts)
        if prepared.parsed is not None:
            self.tree.show_value(prepared.parsed)
        if prepared.rows:
            self.table.setModel(CsvModel(prepared.rows))
        self._raw_loaded = False
        self.raw.set_text("", highlight=False)
        self._set_tab_visibility(prepared.kind)

    def _meta(self, response: ApiResponse) -> str:
        parts = [f"{response.elapsed * 1000:.0f} ms", human_size(response.size)]
        if response.content_type:
            parts.append(response.content_type)
        if response.redirects:
            parts.append(f"{len(response.redirects)} redirect(s)")
        if response.refreshed_token:
            parts.append("token refreshed and request retried")
        if not response.token_sent:
            parts.append("sent without token")
        return "  ·  ".join(parts)

    def _show_messages(self, response: ApiResponse, prepared: PreparedBody) -> None:
        notes = [
            n for n in (response.note, prepared.note) if n and prepared.kind is not BodyType.EMPTY
        ]
        if response.status == 429:
            wait = response.retry_after or "unspecified"
            self.messages.show_warning(
                f"Rate limited (429): the portal asks to wait "
                f"{wait} s before retrying (Retry-After)."
            )
        elif response.status >= 400:
            message = _server_message(prepared)
            self.messages.show_error(
                f"HTTP {response.status} {response.reason}" + (f": {message}" if message else "")
            )
        elif notes:
            self.messages.show_info(" ".join(notes))
        else:
            self.messages.clear()
        if prepared.kind is BodyType.BINARY:
            name = response.filename or "response.bin"
            self.messages.show_info(f"{prepared.note} Suggested name: {name}")

    def _set_tab_visibility(self, kind: BodyType) -> None:
        self.tabs.setTabVisible(1, kind is BodyType.JSON)
        self.tabs.setTabVisible(2, kind is BodyType.CSV)
        self.tabs.setCurrentIndex(2 if kind is BodyType.CSV else 0)

    def _on_tab_changed(self, index: int) -> None:
        # The raw view is filled on first look: most users never open it.
        if self.tabs.widget(index) is self.raw and not self._raw_loaded and self.response:
            text, note = raw_text(self.response)
            starts = line_starts(text) if len(text) > LARGE_TEXT else None
            self.raw.set_text(text, highlight=False, starts=starts)
            if note:
                self.raw.status.setText(note)
            self._raw_loaded = True

    def _on_save(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.response is None:
            return
        proposed = self.response.filename or "response" + _extension(self.response)
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save response body", save_proposal(proposed)
        )
        if path:
            self.save_body(Path(path))

    def save_body(self, path: Path) -> None:
        assert self.response is not None
        try:
            self.response.save_to(path)
        except OSError as exc:
            self.messages.show_error(f"Could not save to {path}: {exc.strerror or exc}")
            return
        self.messages.show_success(f"Saved {self.response.size:,} bytes to {path}.")


def _server_message(prepared: PreparedBody) -> str:
    if isinstance(prepared.parsed, dict):
        for key in ("message", "error_description", "error", "title", "detail"):
            if isinstance(prepared.parsed.get(key), str):
                return str(prepared.parsed[key])[:300]
    return ""


def _extension(response: ApiResponse) -> str:
    return {
        "application/json": ".json",
        "text/csv": ".csv",
        "application/zip": ".zip",
        "application/pdf": ".pdf",
    }.get(response.content_type, ".bin")
