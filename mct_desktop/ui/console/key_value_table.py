"""An editable two-column table of name/value pairs that always offers an empty last row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from mct_desktop.ui.qt_namespace import FOREGROUND_ROLE


class KeyValueTable(QTableWidget):
    edited = Signal()  # the user changed a name or a value (not set_pairs)

    def __init__(
        self, key_label: str = "Name", value_label: str = "Value", parent: QWidget | None = None
    ) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([key_label, value_label])
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, 180)
        self.verticalHeader().hide()
        # A header and a row: a short window gives its height to the response first.
        self.setMinimumHeight(self.horizontalHeader().sizeHint().height() * 2 + 4)
        self._fixed: list[tuple[str, str, str]] = []
        self.itemChanged.connect(self._on_item_changed)
        self._ensure_blank_row()

    def pairs(self) -> list[tuple[str, str]]:
        result = []
        for row in range(len(self._fixed), self.rowCount()):
            key = self._text(row, 0).strip()
            if key:
                result.append((key, self._text(row, 1)))
        return result

    def set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        self.blockSignals(True)
        for row in range(self.rowCount()):
            self.removeCellWidget(row, 1)
        self.setRowCount(0)
        for key, value, note in self._fixed:
            self._append_fixed(key, value, note)
        for key, value in pairs:
            self._append(key, value)
        self.blockSignals(False)
        self._ensure_blank_row()

    def set_fixed_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """Read-only, greyed rows on top (name, shown value, tooltip): what the app adds."""
        if rows == self._fixed:
            return
        pairs = self.pairs()
        self._fixed = list(rows)
        self.set_pairs(pairs)

    def fixed_rows(self) -> list[tuple[str, str]]:
        return [(self._text(r, 0), self._text(r, 1)) for r in range(len(self._fixed))]

    def _text(self, row: int, column: int) -> str:
        widget = self.cellWidget(row, column)
        if isinstance(widget, QComboBox):
            return widget.currentText()
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def describe(self, key: str, hint: str, choices: tuple[str, ...] = ()) -> None:
        """Explain a row (type, required, default) and offer a parameter's allowed values."""
        for row in range(len(self._fixed), self.rowCount()):
            if self._text(row, 0) != key:
                continue
            for column in (0, 1):
                item = self.item(row, column)
                if item is not None:
                    item.setToolTip(hint)
            if choices:
                combo = QComboBox(self)
                combo.setEditable(True)
                combo.addItems(list(choices))
                combo.setCurrentText(self._text(row, 1))
                combo.setToolTip(hint)
                combo.currentTextChanged.connect(self.edited)
                self.setCellWidget(row, 1, combo)

    def _append(self, key: str, value: str) -> None:
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, 0, QTableWidgetItem(key))
        self.setItem(row, 1, QTableWidgetItem(value))

    def _append_fixed(self, key: str, value: str, note: str) -> None:
        row = self.rowCount()
        self.insertRow(row)
        grey = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for column, text in enumerate((key, value)):
            item = QTableWidgetItem(text)  # read-only: see edit()
            item.setData(FOREGROUND_ROLE, grey)  # setForeground would build `Qt`'s enums
            item.setToolTip(note)
            self.setItem(row, column, item)

    def edit(  # type: ignore[override]
        self, index: QModelIndex | QPersistentModelIndex, *how: Any
    ) -> bool | None:
        """No editor opens on a fixed row, whatever the user does (a double click, F2,
        typing) or `editItem` asks: all of them go through this virtual. Only
        `openPersistentEditor` does not, and nothing calls it here. Item flags would also
        tell screen readers the cell is read-only, but `Qt.ItemFlag` builds the whole `Qt`
        namespace before the console is ready (see ui/qt_namespace.py)."""
        if index.row() < len(self._fixed):
            return False if how else None
        return super().edit(index, *how)

    def _ensure_blank_row(self) -> None:
        last = self.rowCount() - 1
        if last < len(self._fixed) or self._text(last, 0) or self._text(last, 1):
            self.blockSignals(True)
            self._append("", "")
            self.blockSignals(False)

    def _on_item_changed(self, _item: QTableWidgetItem) -> None:
        self._ensure_blank_row()
        self.edited.emit()
