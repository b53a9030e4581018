"""Paste a curl command to turn it into a console request."""

from __future__ import annotations

import re

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from mct_desktop.core.api.curl_import import CurlImport, CurlParseError, from_curl
from mct_desktop.ui.pasted_text_dialog import PastedTextDialog

# `curl …` or `curl.exe …`, after blank or `#` comment lines, as DevTools and docs copy it.
_CURL_START = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*curl(?:\.exe)?[ \t]", re.IGNORECASE)
_LONGEST_PREFILL = 1_000_000  # a huge clipboard is no command someone meant to import


def looks_like_curl(text: str) -> bool:
    return len(text) <= _LONGEST_PREFILL and bool(_CURL_START.match(text))


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
        clipboard = QGuiApplication.clipboard().text()
        if looks_like_curl(clipboard):
            self.text.setPlainText(clipboard)
            self.text.selectAll()  # typing or pasting something else replaces it
            self.intro.setText(self.intro.text() + " Filled in from the clipboard.")

    def parse(self, text: str) -> None:
        self.result_import = from_curl(text)
