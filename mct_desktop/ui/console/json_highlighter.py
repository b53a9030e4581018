"""Light JSON syntax colouring for the response and body editors."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from mct_desktop.ui.theme import syntax_colour

# Later rules win: strings are coloured last so digits inside them stay string-coloured.
_RULES = [
    (re.compile(r"-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b"), "number"),
    (re.compile(r"\b(?:true|false|null)\b"), "keyword"),
    (re.compile(r'"(?:[^"\\]|\\.)*"'), "string"),  # string values
    (re.compile(r'"(?:[^"\\]|\\.)*"(?=\s*:)'), "key"),
]


class JsonHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._formats = []
        for pattern, kind in _RULES:
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(syntax_colour(kind)))
            self._formats.append((pattern, fmt))

    def highlightBlock(self, text: str) -> None:  # Qt's name
        if len(text) > 5000:
            return  # a minified megabyte line: colouring it would freeze the view
        for pattern, fmt in self._formats:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)
