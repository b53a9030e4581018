"""Views of a response body: progressive text with search, a lazy JSON tree, a CSV table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QFontDatabase, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.ui.console.json_highlighter import JsonHighlighter

CHUNK_CHARS = 128 * 1024  # appended per event-loop turn: keeps each stall short
TREE_PAGE = 500  # children created per expansion of a large array or object


class ProgressiveText(QWidget):
    """A read-only text view that fills in chunks between events, with a search box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setUndoRedoEnabled(False)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search (Enter: next, Shift+Enter: previous)")
        self.previous = QPushButton("↑", self)
        self.next = QPushButton("↓", self)
        self.status = QLabel(self)
        self._highlighter: JsonHighlighter | None = None
        self._pending = ""
        self._offset = 0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._feed)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.previous)
        bar.addWidget(self.next)
        bar.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.search.returnPressed.connect(lambda: self.find_text(backwards=False))
        self.next.clicked.connect(lambda: self.find_text(backwards=False))
        self.previous.clicked.connect(lambda: self.find_text(backwards=True))

    @property
    def loading(self) -> bool:
        return self._timer.isActive()

    def set_text(self, text: str, *, highlight: bool) -> None:
        self._timer.stop()
        if self._highlighter is not None:
            self._highlighter.setDocument(None)
            self._highlighter = None
        self.view.clear()
        if highlight:
            self._highlighter = JsonHighlighter(self.view.document())
        self._pending, self._offset = text, 0
        self.status.setText("")
        if len(text) <= CHUNK_CHARS:
            self.view.setPlainText(text)
            self._pending = ""
        else:
            self._timer.start()

    def _feed(self) -> None:
        end = min(self._offset + CHUNK_CHARS, len(self._pending))
        # Cut at a line end so that no line is split across two inserts.
        newline = self._pending.rfind("\n", self._offset, end)
        if end < len(self._pending) and newline > self._offset:
            end = newline + 1
        cursor = QTextCursor(self.view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(self._pending[self._offset : end])
        self._offset = end
        total = len(self._pending)
        self.status.setText(f"{self._offset * 100 // total}% shown" if end < total else "")
        if end >= total:
            self._timer.stop()
            self._pending = ""

    def find_text(self, *, backwards: bool) -> bool:
        needle = self.search.text()
        if not needle:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        if self.view.find(needle, flags):
            self.status.setText("")
            return True
        cursor = self.view.textCursor()  # wrap around once
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start
        )
        self.view.setTextCursor(cursor)
        found = self.view.find(needle, flags)
        self.status.setText("" if found else "not found")
        return found


class JsonTree(QTreeWidget):
    """A JSON value as a tree whose children are created when a node is expanded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Key", "Value"])
        self.setColumnWidth(0, 260)
        self._values: dict[int, tuple[Any, int]] = {}  # id(item) -> (value, children shown)
        self.itemExpanded.connect(self._on_expanded)

    def show_value(self, value: Any) -> None:
        self.clear()
        self._values.clear()
        self._add_children(self.invisibleRootItem(), value, 0)

    def _add_children(self, parent: QTreeWidgetItem, value: Any, start: int) -> None:
        entries = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        for key, child in entries[start : start + TREE_PAGE]:
            item = QTreeWidgetItem(parent, [str(key), _summary(child)])
            if isinstance(child, dict | list) and child:
                self._values[id(item)] = (child, 0)
                item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        remaining = len(entries) - start - TREE_PAGE
        if remaining > 0:
            more = QTreeWidgetItem(parent, [f"… {remaining:,} more", "expand to show"])
            self._values[id(more)] = (value, start + TREE_PAGE)
            more.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            more.setData(0, Qt.ItemDataRole.UserRole, "more")

    def _on_expanded(self, item: QTreeWidgetItem) -> None:
        entry = self._values.pop(id(item), None)
        if entry is None:
            return
        value, start = entry
        if item.data(0, Qt.ItemDataRole.UserRole) == "more":
            parent = item.parent() or self.invisibleRootItem()
            parent.removeChild(item)
            self._add_children(parent, value, start)
        else:
            self._add_children(item, value, start)


def _summary(value: Any) -> str:
    if isinstance(value, dict):
        return f"{{{len(value)} keys}}"
    if isinstance(value, list):
        return f"[{len(value)} items]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class CsvModel(QAbstractTableModel):
    """Rows of a CSV report; the first row is the header."""

    def __init__(self, rows: list[list[str]]) -> None:
        super().__init__()
        self._header = rows[0] if rows else []
        self._rows = rows[1:]
        self._width = max((len(r) for r in rows), default=0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._width

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            row = self._rows[index.row()]
            return row[index.column()] if index.column() < len(row) else ""
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._header[section] if section < len(self._header) else ""
        return str(section + 1)
