"""Light or dark: the few colours the app sets itself follow the system palette."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QPalette


def is_dark() -> bool:
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128
