"""Guards against Qt binding regressions that would crash the app after a while."""

import sys

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument


class _Highlighter(QSyntaxHighlighter):
    def highlightBlock(self, text):
        pass


def test_void_qt_calls_keep_none_alive(qapp):
    # PySide6 6.12.0 decrements None's reference count on every void call under Python 3.11,
    # so a long session ends in "Fatal Python error: none_dealloc". We pin a good release.
    document = QTextDocument()
    highlighter = _Highlighter(document)
    fmt = QTextCharFormat()
    before = sys.getrefcount(None)
    for _ in range(5000):
        highlighter.setFormat(0, 1, fmt)
        qapp.processEvents()
    assert sys.getrefcount(None) - before > -100
