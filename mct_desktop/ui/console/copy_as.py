""" "Copy as" Python, PowerShell, C# or curl: core snippets, which fetch their token themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from mct_desktop.core.api.request import RequestError
from mct_desktop.core.api.snippets import LANGUAGES, snippet

if TYPE_CHECKING:
    from mct_desktop.ui.console.console import ApiConsole

LABELS = {
    "python-httpx": "Python (httpx)",
    "python-connect": "Python (mct_desktop.connect)",
    "powershell": "PowerShell (Invoke-RestMethod)",
    "csharp": "C# (HttpClient)",
    "curl": "curl (token from mct-desktop token)",
}
assert set(LABELS) == set(LANGUAGES)


class CopyAs(QObject):
    """Copies the console's current request as code; a snippet holds no token, so it goes
    on the clipboard as plain text and stays there."""

    def __init__(self, console: ApiConsole) -> None:
        super().__init__(console)
        self.console = console

    def add_to(self, menu: QMenu) -> None:
        """A "Copy as" section in `menu` (the console's copy button, say)."""
        menu.addSection("Copy as")
        for language in LANGUAGES:
            action = menu.addAction(LABELS[language])
            action.triggered.connect(lambda _checked=False, lang=language: self.copy(lang))

    def text(self, language: str) -> str:
        """The snippet; RequestError for an unresolved variable or a bad request."""
        console = self.console
        request = console.resolved(console.editor.to_request())
        request.validate()
        return snippet(language, request, console.portal)

    def copy(self, language: str) -> None:
        try:
            code = self.text(language)
        except RequestError as exc:
            self.console.messages.show_error(str(exc))
            return
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(code)
        self.console.messages.show_info(
            f"{LABELS[language]} copied; it gets its token from `mct-desktop token` when run."
        )
