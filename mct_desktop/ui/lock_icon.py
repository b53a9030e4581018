"""A padlock drawn with QPainter: no emoji font or icon theme needed on any system."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen, QPixmap


def lock_pixmap(height: int, palette: QPalette) -> QPixmap:
    """A closed padlock `height` pixels tall in the palette's text colour (HiDPI-sharp)."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen else 1.0
    size = max(10, height)
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    colour = QColor(palette.color(QPalette.ColorRole.WindowText))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    stroke = max(1.5, size / 9)
    painter.setPen(QPen(colour, stroke))
    # The shackle: an arch over the body.
    shackle = QRectF(size * 0.28, size * 0.08, size * 0.44, size * 0.5)
    painter.drawArc(shackle, 0, 180 * 16)
    for x in (shackle.left(), shackle.right()):
        painter.drawLine(QPointF(x, shackle.center().y()), QPointF(x, size * 0.48))
    # The body.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(size * 0.16, size * 0.45, size * 0.68, size * 0.5), 2, 2)
    painter.end()
    return pixmap
