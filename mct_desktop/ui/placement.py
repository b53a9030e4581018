"""Place a new top-level window where the user is looking: centred on its anchor window."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def centre_on(window: QWidget, anchor: QWidget | None = None) -> None:
    """Move `window` (before or after it is shown) to the centre of `anchor`, or of the screen.

    The result is kept inside the screen's available area with room for the title bar: a
    window manager would otherwise show a window placed at 0,0 with its title bar off-screen.
    """
    if anchor is not None and anchor.isVisible():
        target = anchor.frameGeometry()
        screen = anchor.screen()
    else:
        screen = window.screen() or QGuiApplication.primaryScreen()
        target = screen.availableGeometry()
    area = screen.availableGeometry()
    title = _title_bar_height(window, anchor)
    size = window.frameGeometry().size()
    width, height = min(size.width(), area.width()), min(size.height(), area.height() - title)
    top_left = target.center() - QPoint(width // 2, height // 2)
    box = QRect(top_left, size)
    x = max(area.left(), min(box.left(), area.right() - width + 1))
    y = max(area.top() + title, min(box.top(), area.bottom() - height + 1))
    window.move(x, y)


def _title_bar_height(window: QWidget, anchor: QWidget | None) -> int:
    """Room for the window manager's title bar above the window.

    The anchor's own title bar when the window manager has framed it (its real height);
    else what Qt's Fusion style guesses for a title bar, from the font. Asking the style
    (`PM_TitleBarHeight`) made PySide6 build QStyle's ~400 enum members: 4 ms of every
    sign-in window's start, for a guess.
    """
    if anchor is not None and anchor.isVisible():
        framed = anchor.geometry().top() - anchor.frameGeometry().top()
        if framed > 0:
            return framed
    return max(24, window.fontMetrics().height() + 10)
