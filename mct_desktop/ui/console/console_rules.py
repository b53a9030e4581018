"""Console rules kept out of the console: when Send can work, when a message stops
applying, and whether the token may go to another origin (the user decides)."""

from __future__ import annotations

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from mct_desktop.core.portal import Portal
from mct_desktop.ui.console.request_editor import RequestEditor
from mct_desktop.ui.message_bar import MessageBar

NO_PORTAL = "Choose or add a portal first, or enter a full URL (https://…)."


def send_blocked(portal: Portal | None, target: str) -> str:
    """Why Send cannot work now ("" when it can): a path needs a portal to go to."""
    if portal is not None or target.strip().lower().startswith(("http://", "https://")):
        return ""
    return NO_PORTAL


def clear_on(bar: MessageBar, *signals: SignalInstance) -> None:
    """The user moved on (filtered, opened another request, switched tabs): the message
    about what they did before no longer applies."""
    for signal in signals:
        signal.connect(lambda *_args: bar.clear())


def clear_errors_on_edit(bar: MessageBar, editor: RequestEditor) -> None:
    """The user's edit answers an error about the request ("Invalid JSON…"); an info stays,
    and so does any message while a request is loaded into the editor (not an edit)."""

    def on_edit(*_args: object) -> None:
        if bar.kind == "error":
            bar.clear()

    editor.target.textEdited.connect(on_edit)
    editor.body_text.textChanged.connect(lambda: on_edit() if editor.body_text.hasFocus() else None)


def ask_token_consent(parent: QWidget, portal: Portal, url: str) -> bool | None:
    """True: send the token to `url`'s other origin too; False: without; None: cancelled."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Send the token elsewhere?",
        f"{url} is not on {portal.display_name}. Send the request without "
        "the portal's token, or send the token to that other server?",
        parent=parent,
    )
    without = box.addButton("Send without token", QMessageBox.ButtonRole.AcceptRole)
    with_token = box.addButton("Send with token", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(without)
    box.exec()
    clicked = box.clickedButton()
    if clicked is with_token:
        return True
    return False if clicked is without else None
