"""Views of a response body: text (small or huge) with search, a lazy JSON tree, a CSV table."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QTimer,
)
from PySide6.QtGui import (
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.ui.console.json_highlighter import JsonHighlighter
from mct_desktop.ui.qt_namespace import DISPLAY_ROLE, Qt

CHUNK_CHARS = 64 * 1024  # appended per event-loop turn: a few ms each here
MAX_LINE_SHOWN = 4000  # characters of one line drawn in the big-text view
TREE_PAGE = 500  # children created per expansion of a large array or object


class LinesModel(QAbstractListModel):
    """The lines of a big text, sliced on demand: no text document is ever built."""

    def __init__(self, text: str, starts: array[int]) -> None:
        super().__init__()
        self.text = text
        self.starts = starts

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.starts)

    def line(self, row: int) -> str:
        end = self.starts[row + 1] if row + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[row] : end].rstrip("\n")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        line = self.line(index.row())
        if len(line) > MAX_LINE_SHOWN:
            # Laying out a megabyte-long line would freeze the view; the rest is one copy away.
            extra = len(line) - MAX_LINE_SHOWN
            return f"{line[:MAX_LINE_SHOWN]} … ({extra:,} more characters)"
        return line


class TextBodyView(QWidget):
    """Small texts: an editor-like view with colouring, filled in chunks between events.
    Big texts: a virtual list of lines, instant at any size. Both have the same search box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        self.view.setFont(mono)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setUndoRedoEnabled(False)
        # A one-column table, not a QListView: with 1.5 million rows a list view spends a
        # second laying them out, a table with fixed row heights a few milliseconds.
        self.lines = QTableView(self)
        self.lines.setFont(mono)
        self.lines.setShowGrid(False)
        self.lines.horizontalHeader().hide()
        self.lines.horizontalHeader().setStretchLastSection(True)
        rows = self.lines.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(QFontMetrics(mono).height() + 2)
        self.lines.setWordWrap(False)
        self.lines.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.lines.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.lines.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        QShortcut(QKeySequence.StandardKey.Copy, self.lines, self._copy_lines)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.lines)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search (Enter: next)")
        self.previous = QPushButton("↑", self)
        self.next = QPushButton("↓", self)
        self.status = QLabel(self)
        # One highlighter, attached or detached: a new one per response would pile up as
        # children of the document (found by the soak test: ~10 kB per request).
        self._highlighter = JsonHighlighter(self.view.document())
        self._highlighter.setDocument(None)
        self._model: LinesModel | None = None
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
        layout.addWidget(self.stack, 1)
        self.search.returnPressed.connect(lambda: self.find_text(backwards=False))
        self.next.clicked.connect(lambda: self.find_text(backwards=False))
        self.previous.clicked.connect(lambda: self.find_text(backwards=True))

    @property
    def loading(self) -> bool:
        return self._timer.isActive()

    def text(self) -> str:
        return self._model.text if self._model is not None else self.view.toPlainText()

    def set_text(self, text: str, *, highlight: bool, starts: array[int] | None = None) -> None:
        self._timer.stop()
        self._pending, self._offset = "", 0
        self.status.setText("")
        self._highlighter.setDocument(None)
        self.view.clear()
        if starts is not None:
            self._model = LinesModel(text, starts)
            self.lines.setModel(self._model)
            self.stack.setCurrentWidget(self.lines)
            self.status.setText(f"{len(starts):,} lines")
            return
        self._model = None
        self.lines.setModel(None)
        self.stack.setCurrentWidget(self.view)
        if highlight:
            self._highlighter.setDocument(self.view.document())
        if len(text) <= CHUNK_CHARS:
            self.view.setPlainText(text)
        else:
            self._pending = text
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
        found = (
            self._find_in_lines(needle, backwards)
            if self._model
            else self._find_in_editor(needle, backwards)
        )
        self.status.setText("" if found else "not found")
        return found

    def _find_in_editor(self, needle: str, backwards: bool) -> bool:
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        if self.view.find(needle, flags):
            return True
        cursor = self.view.textCursor()  # wrap around once
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start
        )
        self.view.setTextCursor(cursor)
        return self.view.find(needle, flags)

    def _find_in_lines(self, needle: str, backwards: bool) -> bool:
        model = self._model
        assert model is not None
        current = self.lines.currentIndex().row()
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        if backwards:
            limit = model.starts[current] if current > 0 else len(model.text)
            matches = list(pattern.finditer(model.text, 0, limit))
            match = matches[-1] if matches else None
        else:
            start = model.starts[current + 1] if 0 <= current < len(model.starts) - 1 else 0
            match = pattern.search(model.text, start) or pattern.search(model.text)
        if match is None:
            return False
        row = bisect_right(model.starts, match.start()) - 1
        index = model.index(row)
        self.lines.setCurrentIndex(index)
        self.lines.scrollTo(index, QTableView.ScrollHint.PositionAtCenter)
        return True

    def _copy_lines(self) -> None:
        if self._model is None:
            return
        rows = sorted({i.row() for i in self.lines.selectedIndexes()})
        QGuiApplication.clipboard().setText("\n".join(self._model.line(r) for r in rows))


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

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            row = self._rows[index.row()]
            return row[index.column()] if index.column() < len(row) else ""
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._header[section] if section < len(self._header) else ""
        return str(section + 1)
