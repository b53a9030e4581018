"""The endpoint catalog: the portal's operations grouped by version and tag, filterable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.catalog.openapi import Catalog, Operation
from mct_desktop.core.catalog.schema_text import schema_text
from mct_desktop.core.catalog.search import filter_operations
from mct_desktop.core.markup import escape
from mct_desktop.ui.qt_namespace import (
    DISPLAY_ROLE,
    PLAIN_TEXT,
    RICH_TEXT,
    USER_ROLE,
    VERTICAL,
    Qt,
    set_enum,
)
from mct_desktop.ui.theme import colour, method_colour

_ROLE = USER_ROLE


_SUMMARY_CHARS = 60


def _label(operation: Operation) -> str:
    """`GET     /api/v1/users  List users`: the summary on the same line, kept short."""
    summary = " ".join(operation.summary.split())
    if len(summary) > _SUMMARY_CHARS:
        summary = summary[: _SUMMARY_CHARS - 1].rstrip() + "…"
    return f"{operation.method:<7} {operation.path}  {summary}".rstrip()


def count_text(count: int, noun: str = "operation") -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


class _ResultsModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.operations: list[Operation] = []

    def set_operations(self, operations: list[Operation]) -> None:
        self.beginResetModel()
        self.operations = operations
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.operations)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid():
            return None
        operation = self.operations[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _label(operation)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{operation.summary}\n{operation.version} · {operation.tag}".strip()
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(method_colour(operation.method)))
        if role == _ROLE:
            return operation
        return None


class _FilterEdit(QLineEdit):
    """Down/Enter move from the filter into the results, so the keyboard never leaves."""

    navigate = Signal(int)  # Qt key

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.navigate.emit(event.key())
            return
        super().keyPressEvent(event)


class EndpointCatalog(QWidget):
    operation_chosen = Signal(object)  # Operation
    refresh_requested = Signal()
    load_file_requested = Signal()
    load_url_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = Catalog()
        self.filter = _FilterEdit(self)
        self.filter.setPlaceholderText("Filter endpoints (Ctrl+K)")
        self.refresh = QPushButton("⟳", self)
        self.refresh.setToolTip("Fetch the portal's Swagger again")
        self.load_file = QPushButton("File…", self)
        self.load_file.setToolTip("Load an OpenAPI/Swagger document from a file")
        self.load_url = QPushButton("URL…", self)
        self.load_url.setToolTip(
            "Load an OpenAPI/Swagger document from a URL (fetched without the portal's token)"
        )
        for button in (self.refresh, self.load_file, self.load_url):
            button.setMaximumWidth(button.fontMetrics().horizontalAdvance(button.text()) + 24)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.linkActivated.connect(self._on_why)
        self._problem = ""
        self.matches = QLabel(self)  # "12 of 244 operations match", while filtering
        self.matches.hide()
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.results = QListView(self)
        self.results.setUniformItemSizes(True)
        self.model = _ResultsModel()
        self.results.setModel(self.model)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.results)
        self.docs = QTextBrowser(self)
        self.docs.setOpenExternalLinks(False)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.refresh)
        top.addWidget(self.load_file)
        top.addWidget(self.load_url)
        splitter = QSplitter(parent=self)
        set_enum(splitter, "orientation", VERTICAL)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.docs)
        splitter.setSizes([400, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.matches)
        layout.addWidget(splitter, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.filter.textChanged.connect(self.apply_filter)
        self.filter.navigate.connect(self._on_navigate)
        self.refresh.clicked.connect(self.refresh_requested)
        self.load_file.clicked.connect(self.load_file_requested)
        self.load_url.clicked.connect(self.load_url_requested)
        self.tree.currentItemChanged.connect(self._on_tree_current)
        self.tree.itemActivated.connect(self._on_tree_activated)
        self.results.selectionModel().currentChanged.connect(self._on_result_current)
        self.results.activated.connect(self._on_result_activated)

    def show_catalog(self, catalog: Catalog, source: str) -> None:
        self.catalog = catalog
        self.tree.clear()
        self.model.set_operations([])
        self.docs.clear()  # it described an operation of the previous spec
        groups: dict[tuple[str, str], QTreeWidgetItem] = {}
        versions: dict[str, QTreeWidgetItem] = {}
        for operation in sorted(
            catalog.operations, key=lambda o: (o.version, o.tag.lower(), o.path.lower())
        ):
            version = versions.get(operation.version)
            if version is None:
                title = catalog.titles.get(operation.version, "")
                version = versions[operation.version] = QTreeWidgetItem(
                    self.tree, [f"{operation.version}  {title}".strip()]
                )
                version.setExpanded(len(catalog.titles) <= 1)
            group = groups.get((operation.version, operation.tag))
            if group is None:
                group = groups[(operation.version, operation.tag)] = QTreeWidgetItem(
                    version, [operation.tag]
                )
            item = QTreeWidgetItem(group, [_label(operation)])
            item.setData(0, _ROLE, operation)
            item.setForeground(0, QBrush(QColor(method_colour(operation.method))))
            item.setToolTip(0, operation.summary)
        skipped = f"; {len(catalog.skipped)} part(s) skipped" if catalog.skipped else ""
        notes = "".join(f" ({note})" for note in catalog.notes)
        set_enum(self.status, "textFormat", PLAIN_TEXT)
        self.status.setText(f"{count_text(len(catalog.operations))} from {source}{skipped}{notes}")
        self.status.setToolTip("\n".join(catalog.skipped[:50]))
        self.status.setStyleSheet("")
        self.apply_filter(self.filter.text())

    def show_problem(self, message: str, kind: str = "error", prefix: str = "") -> None:
        """One short line in the sidebar: `prefix` and the message's first sentence; the
        whole explanation is in the tooltip and behind "Why?". `kind` is a theme colour
        role: `muted` for progress and hints, `warning` for an expected refusal."""
        head, rest = first_sentence(message)
        text = escape(prefix + head, quote=False)
        if rest:
            text += " <a href='#why'>Why?</a>"
        self._problem = prefix + message
        set_enum(self.status, "textFormat", RICH_TEXT)
        self.status.setText(text)
        self.status.setToolTip(self._problem)
        self.status.setStyleSheet(f"color:{colour(kind)}")

    def _on_why(self, _link: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, "Endpoints", self._problem)

    def apply_filter(self, text: str) -> None:
        if not text.strip():
            self.stack.setCurrentWidget(self.tree)
            self.matches.hide()
            return
        found = filter_operations(self.catalog.operations, text)
        self.model.set_operations(found)
        self.stack.setCurrentWidget(self.results)
        total = len(self.catalog.operations)
        verb = "matches" if len(found) == 1 else "match"
        self.matches.setText(f"{len(found):,} of {count_text(total)} {verb}")
        self.matches.show()
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0))
        else:
            self.docs.clear()

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def _on_navigate(self, key: int) -> None:
        view = self.results if self.stack.currentWidget() is self.results else self.tree
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            operation = self._current()
            if operation is not None:
                self.operation_chosen.emit(operation)
            return
        view.setFocus()

    def _current(self) -> Operation | None:
        if self.stack.currentWidget() is self.results:
            value = self.results.currentIndex().data(_ROLE)
        else:
            item = self.tree.currentItem()
            value = item.data(0, _ROLE) if item is not None else None
        return value if isinstance(value, Operation) else None

    def _on_tree_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        operation = item.data(0, _ROLE) if item is not None else None
        if isinstance(operation, Operation):
            self.docs.setHtml(describe(operation))

    def _on_tree_activated(self, item: QTreeWidgetItem) -> None:
        operation = item.data(0, _ROLE)
        if isinstance(operation, Operation):
            self.operation_chosen.emit(operation)

    def _on_result_current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        operation = index.data(_ROLE)
        if isinstance(operation, Operation):
            self.docs.setHtml(describe(operation))

    def _on_result_activated(self, index: QModelIndex) -> None:
        operation = index.data(_ROLE)
        if isinstance(operation, Operation):
            self.operation_chosen.emit(operation)


def describe(operation: Operation) -> str:
    """HTML documentation of an operation: parameters, body and response schemas."""
    parts = [
        f"<p><b style='color:{method_colour(operation.method)}'>{operation.method}</b> "
        f"<code>{escape(operation.path)}</code></p>"
    ]
    if operation.summary:
        parts.append(f"<p><b>{escape(operation.summary)}</b></p>")
    if operation.description:
        parts.append(f"<p>{escape(operation.description)}</p>")
    if operation.deprecated:
        parts.append(f"<p style='color:{colour('error')}'>Deprecated</p>")
    if operation.parameters:
        rows = "".join(
            f"<tr><td><code>{escape(p.name)}</code>{' <b>*</b>' if p.required else ''}</td>"
            f"<td>{escape(p.location)}</td><td>{escape(p.type)}"
            f"{' (' + escape(p.format) + ')' if p.format else ''}</td>"
            f"<td>{escape(', '.join(p.enum)) if p.enum else ''}"
            f"{' default ' + escape(p.default) if p.default is not None else ''}"
            f" {escape(p.description)}</td></tr>"
            for p in operation.parameters
        )
        parts.append(
            f"<p><b>Parameters</b> (<b>*</b> required)</p><table cellpadding='2'>{rows}</table>"
        )
    lookup = operation.resolver.lookup if operation.resolver is not None else None
    if operation.raw_body_schema is not None:
        parts.append(
            f"<p><b>Request body</b> ({escape(operation.body_content_type)})</p>"
            f"<pre>{escape(schema_text(operation.raw_body_schema, lookup))}</pre>"
        )
    for code, (text, schema) in operation.raw_responses.items():
        parts.append(f"<p><b>{escape(code)}</b> {escape(text)}</p>")
        if schema is not None:
            parts.append(f"<pre>{escape(schema_text(schema, lookup))}</pre>")
    return "".join(parts)


def first_sentence(message: str) -> tuple[str, str]:
    """(`A (b. c).`, `The rest.`): split after the first full stop outside parentheses."""
    depth = 0
    for i, char in enumerate(message):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "." and depth <= 0 and message[i + 1 : i + 2] == " ":
            return message[: i + 1], message[i + 2 :].strip()
    return message, ""
