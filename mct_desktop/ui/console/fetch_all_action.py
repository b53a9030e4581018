"""Request ▸ Fetch all pages… and each tab's "Fetch all…" button: check, ask where, run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from mct_desktop.core.api.request import ApiRequest, BodyKind, RequestError
from mct_desktop.core.portal import Portal, origin_of
from mct_desktop.ui.console.request_tabs import RequestTab
from mct_desktop.ui.places import save_proposal

if TYPE_CHECKING:
    from mct_desktop.core.api.paging import Scheme
    from mct_desktop.ui.console.console import ApiConsole
    from mct_desktop.ui.console.fetch_all_panel import FetchAllDialog

_FILTERS = "CSV for Excel (*.csv);;JSON array (*.json);;NDJSON, one row a line (*.ndjson)"
_SUFFIXES = (".csv", ".json", ".ndjson", ".jsonl")


def proposed_name(request: ApiRequest) -> str:
    """`users.csv` for /api/v1/admin/users: the list's last path segment."""
    path = request.target.split("?", 1)[0].rstrip("/")
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in path.rsplit("/", 1)[-1])
    return (name or "rows") + ".csv"


class FetchAllAction(QObject):
    """Owned by the main window; reads the console's current request, never its internals."""

    def __init__(self, console: ApiConsole, action: QAction | None = None) -> None:
        super().__init__(console)
        self.console = console
        self.action = action
        self.dialogs: list[FetchAllDialog] = []
        for tab in console.requests.all():
            self._on_tab_added(tab)
        console.requests.tab_added.connect(self._on_tab_added)
        console.requests.currentChanged.connect(self._on_current_changed)
        self._on_current_changed()

    def _on_tab_added(self, tab: RequestTab) -> None:
        tab.editor.fetch_all_requested.connect(self.start)
        tab.editor.method.currentTextChanged.connect(self._on_current_changed)

    def _on_current_changed(self, *_args: object) -> None:
        if self.action is not None and self.console.requests.count():
            self.action.setEnabled(self.console.editor.method.currentText() == "GET")

    def start(self, output: Path | None = None, *, resume: bool | None = None) -> None:
        """Ask where to save (unless `output`), and whether to resume an interrupted run
        (unless `resume`), then show the progress window."""
        # The paging machinery loads on the first Fetch all, not with every console.
        from mct_desktop.core.api.fetch_all import state_path
        from mct_desktop.ui.console.fetch_all_panel import FetchAllDialog, FetchJob

        messages = self.console.messages
        try:
            request = self.console.resolved(self.console.editor.to_request())
            portal = self._check(request)
        except RequestError as exc:
            messages.show_error(str(exc))
            return
        if output is None:
            output = self._ask_file(request)
            if output is None:
                return
        if resume is None:
            resume = self._ask_resume(output) if state_path(output).exists() else False
            if resume is None:
                return
        if not resume:
            state_path(output).unlink(missing_ok=True)  # "start over" was chosen
        job = FetchJob(portal, request, output, lambda: _scheme_hint(portal, request.target))
        dialog = FetchAllDialog(job, self.console.client, self.console.window())
        self.dialogs = [d for d in self.dialogs if d.run.running or d.isVisible()]
        self.dialogs.append(dialog)
        dialog.show()
        dialog.start(resume=resume)

    def _check(self, request: ApiRequest) -> Portal:
        if request.method.upper() != "GET" or request.body_kind is not BodyKind.NONE:
            raise RequestError("Fetch all pages reads a list: use it with GET and no body.")
        if not request.target.strip():
            raise RequestError("Enter the list's path first, e.g. /api/v1/admin/users.")
        portal = self.console.portal
        if portal is None:
            raise RequestError("Add and sign in to a portal first.")
        request.validate()
        url = request.url(portal)
        if origin_of(url) != portal.base_url:
            raise RequestError(
                f"Fetch all pages reads {portal.display_name}'s lists; {url} is not."
            )
        return portal

    def _ask_file(self, request: ApiRequest) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self.console, "Save every row as", save_proposal(proposed_name(request)), _FILTERS
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in _SUFFIXES:  # the format follows the extension
            path = path.with_name(path.name + chosen_filter.rsplit("*", 1)[-1].rstrip(")"))
        return path

    def _ask_resume(self, output: Path) -> bool | None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Resume the interrupted run?",
            f"{output.name} holds an interrupted run. Continue it where it stopped, or start "
            "over (the file is replaced)?",
            parent=self.console,
        )
        again = box.addButton("Resume", QMessageBox.ButtonRole.AcceptRole)
        over = box.addButton("Start over", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(again)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is again else False if clicked is over else None

    def shutdown(self) -> None:
        for dialog in self.dialogs:
            dialog.shutdown()


def _scheme_hint(portal: Portal, target: str) -> Scheme | None:
    """The spec's paging for this path, as `call --all` finds it."""
    from mct_desktop.core.catalog.paging_hint import scheme_for

    return scheme_for(portal, target)
