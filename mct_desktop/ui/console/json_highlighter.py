"""Light JSON syntax colouring for the response and body editors."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QSyntaxHighlighter

from mct_desktop.ui.theme import syntax_colour

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

# Later rules win: strings are coloured last so digits inside them stay string-coloured.
_RULES = (
    (r"-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b", "number"),
    (r"\b(?:true|false|null)\b", "keyword"),
    (r'"(?:[^"\\]|\\.)*"', "string"),  # string values
    (r'"(?:[^"\\]|\\.)*"(?=\s*:)', "key"),
)


class JsonHighlighter(QSyntaxHighlighter):
    """Colours are set up when there is first text to colour, not when the editor is built:
    the console's three editors start empty, and compiling the patterns and QTextCharFormat's
    ~150 Python enums were 9 ms of the window's start on a slow machine."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._formats: list[tuple[re.Pattern[str], Any]] = []

    def highlightBlock(self, text: str) -> None:  # Qt's name
        if not text or len(text) > 5000:
            return  # nothing, or a minified megabyte line: colouring it would freeze the view
        for pattern, fmt in self._formats or self._set_up():
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)

    def _set_up(self) -> list[tuple[re.Pattern[str], Any]]:
        from PySide6.QtGui import QColor, QTextCharFormat

        for pattern, kind in _RULES:  # compiled once: `re` keeps what it compiled
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(syntax_colour(kind)))
            self._formats.append((re.compile(pattern), fmt))
        return self._formats
