"""Put the window back as the user left it: geometry, splitters, tab, last request."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QTabWidget

from mct_desktop.core.support.ui_state import UiState

if TYPE_CHECKING:
    from mct_desktop.ui.console.console import ApiConsole


def restore_window_state(window: QMainWindow, tabs: QTabWidget, state: UiState) -> None:
    geometry = state.get("geometry")
    if isinstance(geometry, str):
        window.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
    tab = state.get("tab")
    if isinstance(tab, int) and 0 <= tab < tabs.count():
        tabs.setCurrentIndex(tab)


def restore_console_state(console: ApiConsole, state: UiState) -> None:
    for name, splitter in console.splitters().items():
        sizes = state.get(f"splitter.{name}")
        if isinstance(sizes, list) and all(isinstance(n, int) for n in sizes):
            splitter.setSizes(sizes)
    console.restore_tabs(*state.tabs())


def save_window_state(
    window: QMainWindow, tabs: QTabWidget, console: ApiConsole | None, state: UiState
) -> None:
    """`console` is None when the window closed before it was built: the old state stays."""
    state.set("geometry", bytes(window.saveGeometry().toBase64().data()).decode("ascii"))
    state.set("tab", tabs.currentIndex())
    if console is not None:
        for name, splitter in console.splitters().items():
            state.set(f"splitter.{name}", splitter.sizes())
        state.set_tabs(*console.tab_requests())
    # Losing the window layout is not worth an error at exit.
    with contextlib.suppress(OSError):
        state.save()
