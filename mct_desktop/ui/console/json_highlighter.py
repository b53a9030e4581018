"""Light JSON syntax colouring for the response and body editors."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from mct_desktop.ui.theme import is_dark

# Later rules win: strings are coloured last so digits inside them stay string-coloured.
_RULES = [
    (re.compile(r"-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b"), "#098658"),
    (re.compile(r"\b(?:true|false|null)\b"), "#0000ff"),
    (re.compile(r'"(?:[^"\\]|\\.)*"'), "#a31515"),  # string values
    (re.compile(r'"(?:[^"\\]|\\.)*"(?=\s*:)'), "#0451a5"),  # keys
]


_DARK = {"#098658": "#b5cea8", "#0000ff": "#569cd6", "#a31515": "#ce9178", "#0451a5": "#9cdcfe"}


class JsonHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._formats = []
        dark = is_dark()
        for pattern, colour in _RULES:
            colour = _DARK.get(colour, colour) if dark else colour
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(colour))
            self._formats.append((pattern, fmt))

    def highlightBlock(self, text: str) -> None:  # Qt's name
        if len(text) > 5000:
            return  # a minified megabyte line: colouring it would freeze the view
        for pattern, fmt in self._formats:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)
