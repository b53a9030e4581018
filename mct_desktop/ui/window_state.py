"""Put the window back as the user left it: geometry, splitters, tab, last request."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray

from mct_desktop.core.support.ui_state import UiState

if TYPE_CHECKING:
    from mct_desktop.ui.main_window import MainWindow


def restore_window_state(window: MainWindow, state: UiState) -> None:
    geometry = state.get("geometry")
    if isinstance(geometry, str):
        window.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
    tab = state.get("tab")
    if isinstance(tab, int) and 0 <= tab < window.tabs.count():
        window.tabs.setCurrentIndex(tab)


def restore_console_state(window: MainWindow, state: UiState) -> None:
    for name, splitter in window.console.splitters().items():
        sizes = state.get(f"splitter.{name}")
        if isinstance(sizes, list) and all(isinstance(n, int) for n in sizes):
            splitter.setSizes(sizes)
    window.console.restore_tabs(*state.tabs())


def save_window_state(window: MainWindow, state: UiState) -> None:
    state.set("geometry", bytes(window.saveGeometry().toBase64().data()).decode("ascii"))
    state.set("tab", window.tabs.currentIndex())
    if hasattr(window, "console"):  # closed before the console was built: keep the old
        for name, splitter in window.console.splitters().items():
            state.set(f"splitter.{name}", splitter.sizes())
        state.set_tabs(*window.console.tab_requests())
    # Losing the window layout is not worth an error at exit.
    with contextlib.suppress(OSError):
        state.save()
