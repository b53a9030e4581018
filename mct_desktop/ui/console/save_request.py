"""The console's Save…: ask for a group / name, and confirm before overwriting one."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mct_desktop.core.api.history import HistoryUnavailable
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.ui.console.history_panel import HistoryPanel
from mct_desktop.ui.message_bar import MessageBar


def save_request(
    parent: QWidget, history: HistoryPanel, request: ApiRequest, bar: MessageBar
) -> None:
    from PySide6.QtWidgets import QInputDialog

    if not request.target:
        bar.show_error("Enter a path before saving the request.")
        return
    proposal = f"General / {request.method} {request.target}"
    while True:
        text, ok = QInputDialog.getText(parent, "Save request", "Group / name:", text=proposal)
        if not ok or not text.strip():
            return
        group, _, name = text.rpartition("/")
        group, name = group.strip() or "General", name.strip()
        if not name:
            bar.show_error("A saved request needs a name after the group's '/'.")
            return
        try:
            existing = history.store.find_saved(history.portal_key, group, name)
        except HistoryUnavailable as exc:  # a damaged file: say so, keep the request
            bar.show_error(f"Not saved. {exc}")
            return
        if existing is None or _overwrite(parent, group, name):
            break
        proposal = text  # No: the user picks another name
    try:
        history.save_request(group, name, request)
    except HistoryUnavailable as exc:
        bar.show_error(f"Not saved. {exc}")
        return
    bar.show_success(f"Saved as {group} / {name}.")


def _overwrite(parent: QWidget, group: str, name: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent,
        "Replace the saved request?",
        f"{group} / {name} exists already. Replace it with this request?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,  # Enter must not overwrite
    )
    return answer == QMessageBox.StandardButton.Yes
