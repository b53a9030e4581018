"""An inline message strip: errors appear where the user is looking, not in a log."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from mct_desktop.ui import theme

# Qt.TextFlag.TextWordWrap: naming `Qt` builds its ~90 enums, 12 ms before the first paint.
_WORD_WRAP = 0x1000

COMPACT_LINES = 2


class MessageBar(QFrame):
    """One message at a time, optionally with one action button (e.g. "Sign in again").

    `compact`: two lines of fixed height that keep their place when empty (a status bar, a
    tool row): showing or clearing a message never moves the widgets around it. A longer
    message is cut short with "…"; the whole of it is in the tooltip.
    """

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.kind = ""
        self.compact = compact
        self._text = ""
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.action = QPushButton(self)
        self.action.hide()
        self._callback: Callable[[], None] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action)
        self.action.clicked.connect(self._on_action)
        if compact:
            layout.setContentsMargins(6, 0, 0, 0)
            # Ignored: the text never widens the window; it is elided to what there is.
            self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            lines = COMPACT_LINES * self.label.fontMetrics().lineSpacing() + 4
            self.setFixedHeight(max(self.action.sizeHint().height(), lines))
            self.action.setMaximumHeight(self.action.sizeHint().height())
            self.label.installEventFilter(self)
        else:
            self.hide()

    def text(self) -> str:
        return self._text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.label and event.type() == QEvent.Type.Resize:
            self._fit()  # the label, not the bar: showing the action button narrows it
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        if not self.compact:
            return
        metrics = self.label.fontMetrics()
        area = QRect(0, 0, max(self.label.width(), 20), 10_000)
        room = COMPACT_LINES * metrics.lineSpacing()

        def fits(text: str) -> bool:
            return metrics.boundingRect(area, _WORD_WRAP, text).height() <= room

        shown = self._text
        if not fits(shown):  # the longest start that fits, in a dozen measurements
            low, high = 0, len(shown)
            while low < high:
                middle = (low + high + 1) // 2
                if fits(shown[:middle].rstrip() + "…"):
                    low = middle
                else:
                    high = middle - 1
            shown = shown[:low].rstrip() + "…"
        self.label.setText(shown)
        self.setToolTip(self._text if shown != self._text else "")

    def _show(self, kind: str, text: str, action: tuple[str, Callable[[], None]] | None) -> None:
        self.kind = kind
        self.setObjectName(f"message_{kind}")
        ink, background, border = theme.message_style(kind)
        self.setStyleSheet(
            f"MessageBar {{background:{background};color:{ink};border:1px solid {border};"
            "border-radius:4px;}"
            f"QLabel {{background:{background};color:{ink};border:none;}}"
        )
        self._text = text
        self.label.setText(text)
        if action is None:
            self._callback = None
            self.action.hide()
        else:
            self.action.setText(action[0])
            self._callback = action[1]
            self.action.show()
        self.show()
        self._fit()

    def show_error(self, text: str, action: tuple[str, Callable[[], None]] | None = None) -> None:
        self._show("error", text, action)

    def show_warning(self, text: str, action: tuple[str, Callable[[], None]] | None = None) -> None:
        self._show("warning", text, action)

    def show_success(self, text: str) -> None:
        self._show("success", text, None)

    def show_info(self, text: str) -> None:
        self._show("info", text, None)

    def clear(self) -> None:
        self.kind = ""
        self._text = ""
        self.label.setText("")
        self.setToolTip("")
        self._callback = None
        self.action.hide()
        if self.compact:
            self.setStyleSheet("")  # an empty strip in its place, not hidden: nothing moves
        else:
            self.hide()

    def _on_action(self) -> None:
        if self._callback is not None:
            self._callback()


def error_label(parent: QWidget) -> QLabel:
    """The red line under a dialog's fields that says why OK did not close it."""
    label = QLabel(parent)
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet(f"color:{theme.colour('error')}")
    return label
