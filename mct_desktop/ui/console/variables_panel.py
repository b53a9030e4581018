"""The Variables tab: the active portal's `{{name}}` values, checked on entry and saved at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from mct_desktop.core.api.request import RequestError
from mct_desktop.core.api.variables import VariableStore, check_variable
from mct_desktop.ui.console.key_value_table import KeyValueTable

_OFFER_PROMPT = "Add from the request…"


class VariablesPanel(QWidget):
    refused = Signal(str)  # a value was not stored: the one-line reason
    changed = Signal()

    def __init__(
        self,
        store: VariableStore,
        secrets: Callable[[], tuple[str, ...]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.secrets = secrets
        self.portal_key = ""
        self.table = KeyValueTable("Variable", "Value", self)
        self.offers = QComboBox(self)
        self.offers.setToolTip("Values filled in the current request, such as path parameters")
        hint = QLabel(
            "Write {{name}} in the path, params, headers or body. Per portal; stored in plain "
            "text, so never a token: the app adds the portal's token itself.",
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(hint)
        layout.addWidget(self.offers)
        layout.addWidget(self.table, 1)
        self._offered: list[tuple[str, str]] = []
        self.set_offers([])
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.table.edited.connect(self._on_edited)
        self.offers.activated.connect(self._on_offer_chosen)

    def set_portal(self, key: str) -> None:
        self.portal_key = key
        self.table.set_pairs(self.store.pairs(key))

    def values(self) -> dict[str, str]:
        return self.store.values(self.portal_key)

    def set_offers(self, pairs: list[tuple[str, str]]) -> None:
        """Offer the request's filled values (such as `courseId = 101`) as variables."""
        self._offered = pairs
        self.offers.clear()
        self.offers.addItem(_OFFER_PROMPT if pairs else "Nothing to add from the request")
        for name, value in pairs:
            self.offers.addItem(f"{name} = {value}")
        self.offers.setEnabled(bool(pairs))

    def _on_offer_chosen(self, index: int) -> None:
        if 1 <= index <= len(self._offered):
            name, value = self._offered[index - 1]
            pairs = [(n, v) for n, v in self.table.pairs() if n != name] + [(name, value)]
            self.table.set_pairs(pairs)
            self._on_edited()
        self.offers.setCurrentIndex(0)

    def _on_edited(self) -> None:
        pairs = self.table.pairs()
        secrets = self.secrets()
        kept = []
        for name, value in pairs:
            problem = check_variable(name.strip(), value, secrets)
            if problem:
                self.refused.emit(problem)
            else:
                kept.append((name.strip(), value))
        if len(kept) != len(pairs):
            # The refused row goes (it is never written), once this itemChanged is over:
            # deleting the item Qt is still signalling about is a use-after-free.
            QTimer.singleShot(
                0, self.table, lambda: self.table.set_pairs(self.store.pairs(self.portal_key))
            )
        try:
            self.store.set_pairs(self.portal_key, kept, secrets)
        except (RequestError, OSError) as exc:
            self.refused.emit(f"Variables not saved: {exc}")
            return
        self.changed.emit()
