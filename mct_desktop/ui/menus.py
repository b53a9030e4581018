"""The main window's menus; every shortcut lives here and shows in its menu and tooltip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from mct_desktop.ui.main_window import MainWindow


def _action(
    window: MainWindow,
    menu_name: str,
    text: str,
    slot: object,
    shortcut: str | QKeySequence.StandardKey | None = None,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text.replace('…', '')} ({keys})")
    action.triggered.connect(slot)
    window.menus[menu_name].addAction(action)
    return action


def build_menus(window: MainWindow) -> dict[str, QAction]:
    bar = window.menuBar()
    window.menus = {
        name: bar.addMenu(label)
        for name, label in (
            ("portal", "&Portal"),
            ("request", "&Request"),
            ("token", "&Token"),
            ("help", "&Help"),
        )
    }
    actions = {
        "add": _action(window, "portal", "Add portal…", window.add_portal),
        "sign_in": _action(window, "portal", "Sign in", window.start_sign_in),
        "paste": _action(window, "portal", "Paste Location URL…", window.paste_location),
        "sign_out": _action(window, "portal", "Sign out", window.sign_out),
        "quit": _action(window, "portal", "Quit", window.close, QKeySequence.StandardKey.Quit),
        "send": _action(window, "request", "Send", lambda: window.console.send(), "Ctrl+Return"),
        "cancel": _action(
            window, "request", "Cancel request", lambda: window.console.cancel(), "Esc"
        ),
        "path": _action(
            window, "request", "Go to path", lambda: window.console.focus_target(), "Ctrl+L"
        ),
        "filter": _action(
            window, "request", "Filter endpoints", lambda: window.console.focus_catalog(), "Ctrl+K"
        ),
        "curl": _action(window, "request", "Copy as curl", lambda: window.console.copy_as_curl()),
        "import": _action(
            window, "request", "Import curl…", lambda: window.console.import_curl_command()
        ),
        "copy_token": _action(
            window, "token", "Copy access token", window.copy_access_token, "Ctrl+Shift+C"
        ),
        "refresh": _action(window, "token", "Refresh token", window.refresh_token, "Ctrl+R"),
        "inspect": _action(window, "token", "Inspect token…", window.inspect_token),
        "diagnostics": _action(window, "help", "Copy diagnostics", window.copy_diagnostics),
        "about": _action(window, "help", "About MCT Desktop", window.show_about),
    }
    # Shown on the buttons that do the same, so the keys are discoverable there too.
    window.tokens.refresh_now.setToolTip(actions["refresh"].toolTip())
    return actions
