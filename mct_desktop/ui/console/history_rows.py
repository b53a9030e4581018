"""History rows: method, path and query on one line; status (in its colour), time, duration
on the next, so two `GET /api/v1/users` with other queries or outcomes are told apart."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QListWidgetItem, QStyledItemDelegate

if TYPE_CHECKING:
    # Named only when a row is painted: PySide6 builds QStyle's ~15 enums (400 members,
    # 4.5 ms and 0.3 MB) when the name is first imported, and an empty history needs none.
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

from mct_desktop.core.api.history import HistoryEntry
from mct_desktop.core.api.request import join_target, split_target
from mct_desktop.ui import theme
from mct_desktop.ui.qt_namespace import USER_ROLE, Qt

ROLE = USER_ROLE
_Index = QModelIndex | QPersistentModelIndex


def history_item(entry: HistoryEntry) -> QListWidgetItem:
    item = QListWidgetItem(f"{first_line(entry)}\n{outcome(entry)} · {details(entry)}")
    item.setData(ROLE, entry)
    item.setToolTip(entry.url + (f"\n{entry.error}" if entry.error else ""))
    return item


def first_line(entry: HistoryEntry) -> str:
    """`GET /api/v1/users?page=2`: the query typed in the path and the table's, together."""
    path, typed = split_target(entry.request.target)
    return f"{entry.method} {join_target(path, typed + list(entry.request.query))}"


def outcome(entry: HistoryEntry) -> str:
    return str(entry.status) if entry.status is not None else "error"


def details(entry: HistoryEntry) -> str:
    """`14:05:09 · 12 ms` today; the date too for older entries."""
    local = entry.sent_at.astimezone()
    today = datetime.now().astimezone().date()
    when = local.strftime("%H:%M:%S" if local.date() == today else "%Y-%m-%d %H:%M")
    timing = f" · {entry.elapsed_ms:.0f} ms" if entry.elapsed_ms is not None else ""
    return when + timing


def outcome_colour(entry: HistoryEntry) -> str:
    """The status colour, checked for contrast on this palette (see ui/theme.py)."""
    return theme.status_colour(entry.status if entry.status is not None else 600)


class HistoryDelegate(QStyledItemDelegate):
    """Draws the second line's status in its colour (a list item has one colour only)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        entry = index.data(ROLE)
        if not isinstance(entry, HistoryEntry):
            super().paint(painter, option, index)
            return
        from PySide6.QtWidgets import QStyle

        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ink = option.palette.color(role)
        rect = option.rect.adjusted(4, 2, -4, -2)
        metrics = option.fontMetrics
        line = metrics.height()
        elide = Qt.TextElideMode.ElideRight
        painter.save()
        painter.setPen(ink)
        top = rect.adjusted(0, 0, 0, -line)
        painter.drawText(top, 0, metrics.elidedText(first_line(entry), elide, rect.width()))
        status = outcome(entry)
        painter.setPen(ink if selected else QColor(outcome_colour(entry)))
        bottom = rect.adjusted(0, line, 0, 0)
        painter.drawText(bottom, 0, status)
        painter.setPen(ink)
        rest = f" · {details(entry)}"
        width = rect.width() - metrics.horizontalAdvance(status)
        painter.drawText(
            bottom.adjusted(metrics.horizontalAdvance(status), 0, 0, 0),
            0,
            metrics.elidedText(rest, elide, max(width, 0)),
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        height = option.fontMetrics.height() * 2 + 6
        return QSize(size.width(), max(size.height(), height))
