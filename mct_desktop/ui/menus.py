"""The main window's menus; every shortcut lives here and shows in its menu and tooltip."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

_MENUS = (("portal", "&Portal"), ("request", "&Request"), ("token", "&Token"), ("help", "&Help"))
# name, menu ("menu/submenu" nests), text, shortcut: the window passes one slot per name.
_ACTIONS: tuple[tuple[str, str, str, str | QKeySequence.StandardKey | None], ...] = (
    ("add", "portal", "Add portal…", None),
    ("edit", "portal", "Edit portal…", None),
    ("remove", "portal", "Remove portal…", None),
    ("sign_in", "portal", "Sign in", None),
    ("paste", "portal", "Paste Location URL…", None),
    ("sign_out", "portal", "Sign out", None),
    ("export", "portal", "Export…", None),
    ("proxy", "portal", "Start local proxy", None),
    ("proxy_port", "portal", "Local proxy port…", None),
    ("quit", "portal", "Quit", QKeySequence.StandardKey.Quit),
    ("send", "request", "Send", "Ctrl+Return"),
    ("cancel", "request", "Cancel request", "Esc"),
    ("path", "request", "Go to path", "Ctrl+L"),
    ("filter", "request", "Filter endpoints", "Ctrl+K"),
    ("fetch_all", "request", "Fetch all pages…", None),
    ("curl", "request", "Copy as curl", None),
    ("copy_as_python-httpx", "request/Copy as", "Python (httpx)", None),
    ("copy_as_python-connect", "request/Copy as", "Python (mct_desktop.connect)", None),
    ("copy_as_powershell", "request/Copy as", "PowerShell", None),
    ("copy_as_csharp", "request/Copy as", "C#", None),
    ("copy_as_curl", "request/Copy as", "curl (token from mct-desktop token)", None),
    ("import", "request", "Import curl…", None),
    ("copy_token", "token", "Copy access token", "Ctrl+Shift+C"),
    ("refresh", "token", "Refresh token", "Ctrl+R"),
    ("inspect", "token", "Inspect token…", None),
    ("diagnostics", "help", "Copy diagnostics", None),
    ("about", "help", "About MCT Desktop", None),
)

COPY_AS = "copy_as_"  # then a language of core/api/snippets.py


def action_names() -> list[str]:
    return [name for name, *_ in _ACTIONS]


def build_menus(
    window: QMainWindow, slots: Mapping[str, Callable[[], object]]
) -> dict[str, QAction]:
    """Fill the window's menu bar; `slots` holds what each named action does."""
    bar = window.menuBar()
    menus = {name: bar.addMenu(label) for name, label in _MENUS}
    actions = {}
    for name, menu, text, shortcut in _ACTIONS:
        if menu not in menus:  # "request/Copy as": a submenu, made when first named
            parent, _, label = menu.rpartition("/")
            menus[menu] = menus[parent].addMenu(label)
        action = QAction(text, window)
        if shortcut is not None:
            # setShortcuts with one, as setShortcut does: its overloads build the `Qt`
            # namespace (12 ms of the first paint, see qt_env.share_gl_contexts).
            action.setShortcuts([QKeySequence(shortcut)])
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text.replace('…', '')} ({keys})")
        action.triggered.connect(slots[name])
        menus[menu].addAction(action)
        actions[name] = action
    return actions
