"""Which browser signs in to a portal: the Sign in button's menu, remembered per portal."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QPushButton, QToolButton, QWidget

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.browser.locate import (
    EMBEDDED,
    BrowserNotFoundError,
    available_browsers,
    browser_label,
    find_browser,
    is_browser_path,
)
from mct_desktop.ui.message_bar import MessageBar

if TYPE_CHECKING:
    from mct_desktop.ui.browser_sign_in import ExternalBrowserBackend
    from mct_desktop.ui.sign_in import SignInController

EMBEDDED_TEXT = "Sign in here (embedded browser)"


def button_text(portal: Portal | None) -> str:
    """What the Sign in button says: which browser its click will use."""
    if portal is not None and portal.service is not None:
        return "Get token"
    if portal is None or not portal.sign_in_browser:
        return "Sign in"
    return f"Sign in with {browser_label(portal.sign_in_browser)}"


def ask_for_browser_path(parent: QWidget) -> str:
    """The file picker; tests replace it (a modal dialog cannot be clicked from a test)."""
    from PySide6.QtWidgets import QFileDialog

    start = r"C:\Program Files" if sys.platform.startswith("win") else "/usr/bin"
    if sys.platform == "darwin":
        start = "/Applications"
    path, _filter = QFileDialog.getOpenFileName(
        parent, "Choose a Chromium-family browser (Chrome, Chromium, Edge, Brave)", start
    )
    return path


class SignInChoice(QObject):
    """A small menu button beside Sign in: here (embedded) or in a browser found here.

    It is on screen at the first paint; the sign-in controller comes after it (see
    MainWindow._build_controllers), so `controller` gets it when a choice needs it, and the
    window connects the controller's `status` and `switched` to `on_status`, `on_switched`.
    """

    def __init__(
        self,
        button: QPushButton,
        controller: Callable[[], SignInController],
        messages: MessageBar,
        start: Callable[[], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.button = button
        self._controller = controller
        self.messages = messages
        self._start = start
        self._parent = parent
        self.portal: Portal | None = None
        self.menu = QMenu(parent)
        self.menu_button = QToolButton(parent)
        self.menu_button.setText("\u25be")  # a small down arrow, as a drop-down shows
        self.menu_button.setToolTip("Choose how to sign in: here, or in your own browser")
        self.menu_button.setAccessibleName("Sign-in browser")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_button.setMenu(self.menu)
        # The arrow is its text: the style's own menu indicator beside it drew a second one.
        self.menu_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)

    def show_portal(self, portal: Portal | None) -> None:
        """Say on the button which browser signs in to `portal`."""
        self.portal = portal
        self.button.setText(button_text(portal))
        user = portal is not None and portal.service is None
        self.menu_button.setVisible(portal is None or user)
        self.menu_button.setEnabled(user)
        if user and portal is not None and portal.sign_in_browser:
            self.button.setToolTip(
                f"Sign in with {browser_label(portal.sign_in_browser)}: a separate browser "
                "window with its own profile; the app captures the tokens from it"
            )
        else:
            self.button.setToolTip("Sign in in a browser window of this app")

    def _on_menu_about_to_show(self) -> None:
        self.menu.clear()
        portal = self.portal
        current = portal.sign_in_browser if portal is not None else ""
        group = QActionGroup(self.menu)
        choices = [(EMBEDDED_TEXT, EMBEDDED)]
        found = available_browsers()  # looked up each time: a browser may be installed since
        choices += [(f"Sign in with {browser_label(name)}", name) for name in found]
        if current and current not in found:
            where = f" ({current})" if is_browser_path(current) else " (not found here)"
            choices.append((f"Sign in with {browser_label(current)}{where}", current))
        for text, choice in choices:
            action = QAction(text, self.menu)
            action.setCheckable(True)
            action.setChecked(choice == (current or EMBEDDED))
            action.setData(choice)
            action.triggered.connect(self._on_choice_triggered)
            group.addAction(action)
            self.menu.addAction(action)
        if not found:
            none = self.menu.addAction("No Chrome, Chromium, Edge or Brave found here")
            none.setEnabled(False)
        self.menu.addSeparator()
        self.menu.addAction("Choose a browser\u2026", self.choose_browser_file)
        if (running := self._browser_sign_in()) is not None:
            self.menu.addSeparator()
            self.menu.addAction(f"Cancel the sign-in in {running.label}", self.cancel)

    def _browser_sign_in(self) -> ExternalBrowserBackend | None:
        """The sign-in running in the user's browser, if one is."""
        from mct_desktop.ui.browser_sign_in import ExternalBrowserBackend

        running = self._controller().backend
        return running if isinstance(running, ExternalBrowserBackend) else None

    def cancel(self) -> None:
        """End a sign-in in the user's browser; the browser this app started closes."""
        if (running := self._browser_sign_in()) is not None:
            self._controller().cancel()
            self.messages.show_info(f"Sign-in cancelled; closing {running.label}.")

    def _on_choice_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.choose(str(action.data()))

    def choose(self, browser: str) -> None:
        """Remember `browser` (embedded, a name or a path) for this portal and sign in."""
        if self.portal is None:
            return
        self._controller().use_browser(self.portal, browser)
        self._start()

    def choose_browser_file(self) -> None:
        path = ask_for_browser_path(self._parent)
        if not path:
            return
        try:
            find_browser(path)
        except BrowserNotFoundError as exc:
            self.messages.show_error(str(exc))
            return
        self.choose(path)

    def on_status(self, portal: Portal, text: str) -> None:
        self.messages.show_info(text)

    def on_switched(self, portal: Portal) -> None:
        if self.portal is None or portal.key == self.portal.key:
            self.show_portal(portal)
