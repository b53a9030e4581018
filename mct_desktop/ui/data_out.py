"""Getting the data out in the app (issue 14): the window's Fetch all, Export, proxy, Copy as."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.ui.menus import COPY_AS, action_names
from mct_desktop.ui.message_bar import MessageBar

if TYPE_CHECKING:
    from mct_desktop.core.session.token_manager import TokenManager
    from mct_desktop.core.support.ui_state import UiState
    from mct_desktop.ui.console.console import ApiConsole
    from mct_desktop.ui.console.copy_as import CopyAs
    from mct_desktop.ui.console.fetch_all_action import FetchAllAction
    from mct_desktop.ui.export_dialog import ExportDialog


class DataOut(QObject):
    """Owned by the main window; the console parts join once the console exists."""

    def __init__(
        self,
        service: PortalService,
        manager: TokenManager,
        ui_state: UiState,
        messages: MessageBar,
        window: QWidget,
    ) -> None:
        # Here, not with the module: the menus name this module's slots before the first
        # paint, and the DataOut is built after it (see MainWindow._build_controllers).
        from mct_desktop.ui.proxy_control import ProxyControl

        super().__init__(window)
        self.service = service
        self.messages = messages
        self.window = window
        self.proxy = ProxyControl(service, manager, ui_state, messages, window)
        self.export_dialog: ExportDialog | None = None
        self.console: ApiConsole | None = None
        self.fetch_all: FetchAllAction | None = None
        self.copy_as: CopyAs | None = None

    def attach(self, console: ApiConsole, actions: Mapping[str, QAction]) -> None:
        """Fetch all pages and Copy as join the console; the proxy's menu entry follows it."""
        from mct_desktop.ui.console.copy_as import CopyAs
        from mct_desktop.ui.console.fetch_all_action import FetchAllAction

        self.console = console
        self.fetch_all = FetchAllAction(console, actions["fetch_all"])
        self.copy_as = CopyAs(console)
        if (menu := console.copy_curl.menu()) is not None:
            self.copy_as.add_to(menu)
        proxy_action = actions["proxy"]
        self.proxy.changed.connect(lambda: proxy_action.setText(self.proxy.toggle_action.text()))

    def open_export(self) -> None:
        """Portal ▸ Export…: one export at a time, for a portal that has a token."""
        from mct_desktop.ui import export_dialog

        if self.export_dialog is not None and self.export_dialog.run.running:
            self.export_dialog.raise_()
            return
        portal = self.service.active
        if portal is None or self.console is None:
            self.messages.show_error("Add and sign in to a portal first.")
            return
        if portal.service is None and not self.service.tokens(portal):
            self.messages.show_error(f"Sign in to {portal.display_name} before exporting it.")
            return
        self.export_dialog = export_dialog.open_export(self.window, portal, self.console.client)

    def shutdown(self) -> None:
        """The app quits: the proxy stops, running fetches and exports are cancelled."""
        self.proxy.shutdown()
        if self.export_dialog is not None:
            self.export_dialog.shutdown()
        if self.fetch_all is not None:
            self.fetch_all.shutdown()


def menu_slots(data_out: Callable[[], DataOut]) -> dict[str, Callable[[], object]]:
    """The menu actions' slots (see menus.py), for the window's DataOut.

    The menus exist at the first paint and the DataOut right after it: each slot asks for it
    when triggered.
    """

    def copier(language: str) -> Callable[[], object]:
        def copy() -> None:
            if (copy_as := data_out().copy_as) is not None:  # none until the console exists
                copy_as.copy(language)

        return copy

    def fetch_all() -> None:
        if (action := data_out().fetch_all) is not None:
            action.start()

    slots: dict[str, Callable[[], object]] = {
        "export": lambda: data_out().open_export(),
        "proxy": lambda: data_out().proxy.toggle(),
        "proxy_port": lambda: data_out().proxy.choose_port(),
        "fetch_all": fetch_all,
    }
    # One per language of the Copy as menu (snippets.LANGUAGES, checked by a test): read
    # from the menu, not from snippets, whose request modules are no use before a request.
    for name in action_names():
        if name.startswith(COPY_AS):
            slots[name] = copier(name.removeprefix(COPY_AS))
    return slots
