"""A padlock drawn with QPainter: no emoji font or icon theme needed on any system.

It is drawn as filled paths with a texture brush because the sign-in window names no `Qt`
enum (why: ui/qt_namespace.py). Every QPainter call that takes a pen or a colour (`setPen`,
`setBrush`, `QPen(colour)`) builds that namespace too: resolving the call checks its
`Qt.PenStyle` or `Qt.GlobalColor` overload. `fillPath` with a QBrush has none.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPixmap,
)

_TRANSPARENT = QColor(0, 0, 0, 0)


def lock_pixmap(height: int, palette: QPalette) -> QPixmap:
    """A closed padlock `height` pixels tall in the palette's text colour (HiDPI-sharp)."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen else 1.0
    size = max(10, height)
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(_TRANSPARENT)
    # The shackle: an arch over the body, as the outline of a stroke.
    shackle = QRectF(size * 0.28, size * 0.08, size * 0.44, size * 0.5)
    arch = QPainterPath()
    arch.moveTo(shackle.left(), size * 0.48)
    arch.lineTo(shackle.left(), shackle.center().y())
    arch.arcTo(shackle, 180, -180)
    arch.lineTo(shackle.right(), size * 0.48)
    stroker = QPainterPathStroker()
    stroker.setWidth(max(1.5, size / 9))
    # The body.
    body = QPainterPath()
    body.addRoundedRect(QRectF(size * 0.16, size * 0.45, size * 0.68, size * 0.5), 2, 2)
    colour = QPixmap(1, 1)  # a one-pixel tile: a solid brush without a colour overload
    colour.fill(palette.color(QPalette.ColorRole.WindowText))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillPath(stroker.createStroke(arch), QBrush(colour))
    painter.fillPath(body, QBrush(colour))
    painter.end()
    return pixmap
