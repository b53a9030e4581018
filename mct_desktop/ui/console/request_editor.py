"""The request half of the console: method, path, params, headers, body; load() / to_request()."""

from __future__ import annotations

import re
from urllib.parse import quote

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.api.request import (
    METHODS,
    ApiRequest,
    BodyKind,
    RequestError,
    check_json,
    join_target,
    pretty_json,
    split_target,
)
from mct_desktop.core.catalog.openapi import Operation
from mct_desktop.core.catalog.search import parameter_hint, request_for
from mct_desktop.ui import theme
from mct_desktop.ui.console.json_highlighter import JsonHighlighter
from mct_desktop.ui.console.key_value_table import KeyValueTable

# `{courseId}` is a path parameter; `{{courseId}}` is a variable and left alone.
PATH_PARAMETER = re.compile(r"(?<!\{)\{([^{}/]+)\}(?!\})")

_BODY_LABELS = {
    BodyKind.NONE: "No body",
    BodyKind.JSON: "JSON",
    BodyKind.TEXT: "Raw text",
    BodyKind.FORM: "Form fields",
    BodyKind.MULTIPART: "File upload (multipart)",
}


class RequestEditor(QWidget):
    send_requested = Signal()
    cancel_requested = Signal()
    fetch_all_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.method = QComboBox(self)
        self.method.addItems(list(METHODS))
        self.target = QLineEdit(self)
        self.target.setPlaceholderText("/api/v2/Profile or a full URL  (Ctrl+L)")
        self.send = QPushButton("Send", self)
        self.send.setToolTip("Send the request (Ctrl+Enter)")
        self.send.setDefault(True)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.setEnabled(False)
        self.fetch_all = QPushButton("Fetch all…", self)
        self.fetch_all.setToolTip("Every page of this list into a .csv, .json or .ndjson file")
        self.timeout = QDoubleSpinBox(self)
        self.timeout.setRange(0.5, 3600)
        self.timeout.setDecimals(1)
        self.timeout.setValue(30)
        self.timeout.setSuffix(" s")
        self.timeout.setToolTip("Give up when the server has not answered after this long")
        self.path_params = KeyValueTable("Path parameter", "Value", self)
        self.params = KeyValueTable("Parameter", "Value", self)
        self.headers = KeyValueTable("Header", "Value", self)
        self.body_kind = QComboBox(self)
        for kind, label in _BODY_LABELS.items():
            self.body_kind.addItem(label, kind)
        self.format_button = QPushButton("Format JSON", self)
        self.body_text = QPlainTextEdit(self)
        self.body_text.setFont(mono)
        self.body_text.setPlaceholderText('{"name": "value"}')
        self.body_text.setMinimumHeight(self.body_text.fontMetrics().height() * 3)
        self._highlighter = JsonHighlighter(self.body_text.document())
        self.body_error = QLabel(self)
        self.body_error.setStyleSheet(f"color:{theme.colour('error')}")
        self.form = KeyValueTable("Field", "Value", self)
        self.file_field = QLineEdit("file", self)
        self.file_path = QLineEdit(self)
        self.file_path.setPlaceholderText("file to upload")
        self.browse = QPushButton("Choose…", self)
        self.tabs = QTabWidget(self)
        self._syncing = False
        self._busy = False
        self._blocked = ""
        self._send_tip = self.send.toolTip()
        self._build_layout()
        self._connect_signals()
        self._on_body_kind_changed()
        self._sync_path_params()

    def _build_layout(self) -> None:
        line = QHBoxLayout()
        line.addWidget(self.method)
        line.addWidget(self.target, 1)
        line.addWidget(self.timeout)
        line.addWidget(self.send)
        line.addWidget(self.cancel)
        line.addWidget(self.fetch_all)
        self.body_stack = QStackedWidget(self)
        self.body_stack.addWidget(QLabel("This request has no body.", self))
        text_page = QWidget(self)
        text_layout = QVBoxLayout(text_page)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.body_text, 1)
        text_layout.addWidget(self.body_error)
        self.body_stack.addWidget(text_page)
        self.body_stack.addWidget(self.form)
        upload = QWidget(self)
        upload_layout = QVBoxLayout(upload)
        upload_layout.setContentsMargins(0, 0, 0, 0)
        file_line = QHBoxLayout()
        file_line.addWidget(QLabel("Field", self))
        file_line.addWidget(self.file_field)
        file_line.addWidget(self.file_path, 1)
        file_line.addWidget(self.browse)
        upload_layout.addLayout(file_line)
        upload_layout.addWidget(QLabel("Other form fields:", self))
        self.upload_fields = KeyValueTable("Field", "Value", self)
        upload_layout.addWidget(self.upload_fields, 1)
        self.body_stack.addWidget(upload)
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        kind_line = QHBoxLayout()
        kind_line.addWidget(self.body_kind)
        kind_line.addStretch(1)
        kind_line.addWidget(self.format_button)
        body_layout.addLayout(kind_line)
        body_layout.addWidget(self.body_stack, 1)
        self.tabs.addTab(self.path_params, "Path")
        self.tabs.addTab(self.params, "Params")
        self.tabs.addTab(self.headers, "Headers")
        self.tabs.addTab(body, "Body")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(line)
        layout.addWidget(self.tabs, 1)

    def _connect_signals(self) -> None:
        self.send.clicked.connect(self.send_requested)
        self.target.returnPressed.connect(self.send_requested)
        self.cancel.clicked.connect(self.cancel_requested)
        self.fetch_all.clicked.connect(self.fetch_all_requested)
        self.method.currentTextChanged.connect(lambda m: self.fetch_all.setEnabled(m == "GET"))
        self.body_kind.currentIndexChanged.connect(self._on_body_kind_changed)
        self.body_text.textChanged.connect(self._on_body_text_changed)
        self.format_button.clicked.connect(self._on_format)
        self.browse.clicked.connect(self._on_browse)
        self.target.textChanged.connect(self._sync_path_params)
        self.target.textChanged.connect(self._on_target_changed)
        self.params.edited.connect(self._on_params_edited)

    # ----- model
    def current_kind(self) -> BodyKind:
        return BodyKind(self.body_kind.currentData())

    def to_request(self) -> ApiRequest:
        kind = self.current_kind()
        form = self.form.pairs() if kind is BodyKind.FORM else self.upload_fields.pairs()
        return ApiRequest(
            method=self.method.currentText(),
            target=self._filled_target(),
            query=self.params.pairs(),
            headers=self.headers.pairs(),
            body_kind=kind,
            body_text=self.body_text.toPlainText()
            if kind in (BodyKind.JSON, BodyKind.TEXT)
            else "",
            form=form if kind in (BodyKind.FORM, BodyKind.MULTIPART) else [],
            file_field=self.file_field.text().strip() or "file",
            file_path=self.file_path.text().strip(),
            timeout=self.timeout.value(),
        )

    def load(self, request: ApiRequest) -> None:
        index = self.method.findText(request.method.upper())
        self.method.setCurrentIndex(max(index, 0))
        # A query written into the target joins the table: one place holds the query.
        path, pairs = split_target(request.target.strip())
        pairs += request.query
        self._syncing = True
        self.target.setText(join_target(path, pairs))
        self.target.setCursorPosition(0)  # a long path shows its start in a narrow window
        self._syncing = False
        self.params.set_pairs(pairs)
        self.headers.set_pairs(request.headers)
        self.body_kind.setCurrentIndex(self.body_kind.findData(request.body_kind))
        self.body_text.setPlainText(request.body_text)
        self.form.set_pairs(request.form if request.body_kind is BodyKind.FORM else [])
        self.upload_fields.set_pairs(
            request.form if request.body_kind is BodyKind.MULTIPART else []
        )
        self.file_field.setText(request.file_field)
        self.file_path.setText(request.file_path)
        self.timeout.setValue(request.timeout)

    def load_operation(self, operation: Operation) -> None:
        """Fill in a catalog operation: method, template, defaults, body example, and each
        parameter's type and choices; a path with parameters opens their tab."""
        self.load(request_for(operation))
        tables = {"query": self.params, "path": self.path_params, "header": self.headers}
        for parameter in operation.parameters:
            table = tables.get(parameter.location)
            if table is not None:
                table.describe(parameter.name, parameter_hint(parameter), parameter.enum)
        if "{" in operation.path:
            self.tabs.setCurrentIndex(0)
            self.path_params.setFocus()

    def _filled_target(self) -> str:
        """The path (its query is the Params table's) with path parameter values put in,
        URL-encoded except `{{variables}}`; empty ones stay {x}."""
        target, _pairs = split_target(self.target.text().strip())
        values = {n: v.strip() for n, v in self.path_params.pairs() if v.strip()}

        def fill(match: re.Match[str]) -> str:
            value = values.get(match[1])
            if value is None:
                return match[0]
            encoded = quote(value, safe="")
            return re.sub(r"%7B%7B(.+?)%7D%7D", r"{{\1}}", encoded)

        return PATH_PARAMETER.sub(fill, target)

    def template(self) -> str:
        """The path as written, `{courseId}` unfilled and without its query."""
        return split_target(self.target.text().strip())[0]

    def _on_target_changed(self) -> None:
        if self._syncing:
            return
        _path, pairs = split_target(self.target.text().strip())
        if pairs != self.params.pairs():
            self._syncing = True
            self.params.set_pairs(pairs)
            self._syncing = False

    def _on_params_edited(self) -> None:
        if self._syncing:
            return
        path, pairs = split_target(self.target.text().strip())
        if pairs != self.params.pairs():
            self._syncing = True
            self.target.setText(join_target(path, self.params.pairs()))
            self._syncing = False

    def set_auth_headers(self, rows: list[tuple[str, str, str]]) -> None:
        """Show what the app adds to each request (masked), greyed and read-only."""
        self.headers.set_fixed_rows(rows)

    def _sync_path_params(self) -> None:
        names = PATH_PARAMETER.findall(split_target(self.target.text())[0])
        if [n for n, _ in self.path_params.pairs()] != names:
            known = dict(self.path_params.pairs())
            self.path_params.set_pairs([(n, known.get(n, "")) for n in names])
        self.tabs.setTabVisible(0, bool(names))
        if (
            names
            and self.tabs.currentIndex() != 0
            and not any(v for _, v in self.path_params.pairs())
        ):
            self.tabs.setCurrentIndex(0)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.send.setEnabled(not busy and not self._blocked)
        self.cancel.setEnabled(busy)

    def set_blocked(self, reason: str) -> None:
        """Send cannot work now (no portal for a path): greyed, and the tooltip says why."""
        self._blocked = reason
        self.send.setEnabled(not self._busy and not reason)
        self.send.setToolTip(reason or self._send_tip)

    # ----- body
    def _on_body_kind_changed(self) -> None:
        kind = self.current_kind()
        page = {
            BodyKind.NONE: 0,
            BodyKind.JSON: 1,
            BodyKind.TEXT: 1,
            BodyKind.FORM: 2,
            BodyKind.MULTIPART: 3,
        }[kind]
        self.body_stack.setCurrentIndex(page)
        # Only the page on show asks for height: the upload page must not make the editor
        # taller for a JSON body.
        for index in range(self.body_stack.count()):
            policy = QSizePolicy.Policy.Preferred if index == page else QSizePolicy.Policy.Ignored
            if (widget := self.body_stack.widget(index)) is not None:
                widget.setSizePolicy(policy, policy)
        self.format_button.setVisible(kind is BodyKind.JSON)
        self._on_body_text_changed()

    def _on_body_text_changed(self) -> None:
        text = self.body_text.toPlainText()
        problem = (
            check_json(text) if self.current_kind() is BodyKind.JSON and text.strip() else None
        )
        self.body_error.setText(str(problem) if problem else "")

    def _on_format(self) -> None:
        try:
            self.body_text.setPlainText(pretty_json(self.body_text.toPlainText()))
        except RequestError as exc:
            self.body_error.setText(str(exc))
            problem = check_json(self.body_text.toPlainText())
            if problem:
                block = self.body_text.document().findBlockByLineNumber(problem.line - 1)
                cursor = self.body_text.textCursor()
                cursor.setPosition(block.position() + max(problem.column - 1, 0))
                self.body_text.setTextCursor(cursor)
                self.body_text.setFocus()

    def _on_browse(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(self, "File to upload")
        if path:
            self.file_path.setText(path)
