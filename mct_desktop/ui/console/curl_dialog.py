"""Paste a curl command to turn it into a console request."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mct_desktop.core.api.curl import CurlImport, CurlParseError, from_curl
from mct_desktop.ui.pasted_text_dialog import PastedTextDialog


class CurlImportDialog(PastedTextDialog):
    parse_errors = (CurlParseError,)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Import curl command",
            "Paste a curl command (from the browser's DevTools, docs or "
            "this app). Credentials in it are not imported.",
            "curl 'https://contoso.azurefd.net/api/v2/Profile' -H …",
            parent,
        )
        self.setMinimumSize(560, 280)
        self.result_import: CurlImport | None = None

    def parse(self, text: str) -> None:
        self.result_import = from_curl(text)
