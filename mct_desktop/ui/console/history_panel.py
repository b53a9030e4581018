"""History and saved requests beside the console: search, reopen, re-send, delete, clear."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.api.history import (
    HistoryEntry,
    HistoryUnavailable,
    RequestStore,
    SavedRequest,
)
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.ui.console.history_rows import HistoryDelegate, history_item
from mct_desktop.ui.qt_namespace import ELIDE_RIGHT, USER_ROLE, Qt, set_enum

_ROLE = USER_ROLE
SHOWN_ENTRIES = 500


class HistoryPanel(QTabWidget):
    open_requested = Signal(object)  # ApiRequest
    resend_requested = Signal(object)  # ApiRequest

    def __init__(self, store: RequestStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Four tabs (the console adds two) in a narrow sidebar: shortened labels beat scroll
        # arrows hiding one.
        self.setUsesScrollButtons(False)
        set_enum(self, "elideMode", ELIDE_RIGHT)
        self.store = store
        self.portal_key = ""
        self._stale = True  # the lists show another portal's, or nothing yet
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search history")
        self.list = QListWidget(self)
        self.list.setToolTip("Double-click to open; Enter to open")
        self.list.setItemDelegate(HistoryDelegate(self.list))
        self.resend = QPushButton("Re-send", self)
        self.delete = QPushButton("Delete", self)
        self.clear_all = QPushButton("Clear", self)
        self.saved = QTreeWidget(self)
        self.saved.setHeaderHidden(True)
        self.delete_saved = QPushButton("Delete", self)
        self.rename_saved = QPushButton("Rename…", self)
        self.duplicate_saved = QPushButton("Duplicate", self)
        history = QWidget(self)
        buttons = QHBoxLayout()
        for button in (self.resend, self.delete, self.clear_all):
            buttons.addWidget(button)
        layout = QVBoxLayout(history)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        saved = QWidget(self)
        saved_layout = QVBoxLayout(saved)
        saved_layout.setContentsMargins(2, 2, 2, 2)
        saved_layout.addWidget(self.saved, 1)
        saved_buttons = QHBoxLayout()
        for button in (self.rename_saved, self.duplicate_saved, self.delete_saved):
            saved_buttons.addWidget(button)
        saved_layout.addLayout(saved_buttons)
        self.addTab(history, "History")
        self.addTab(saved, "Saved")
        self._pages = (history, saved)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(lambda _text: self.reload())
        self.list.itemActivated.connect(self._on_history_activated)
        self.resend.clicked.connect(self._on_resend)
        self.delete.clicked.connect(self._on_delete)
        self.clear_all.clicked.connect(self._on_clear)
        self.saved.itemActivated.connect(self._on_saved_activated)
        self.delete_saved.clicked.connect(self._on_delete_saved)
        self.rename_saved.clicked.connect(self._on_rename_saved)
        self.duplicate_saved.clicked.connect(self._on_duplicate_saved)
        self.currentChanged.connect(lambda _index: self._reload_if_shown())

    def set_portal(self, portal_key: str) -> None:
        self.portal_key = portal_key
        self._stale = True
        self._reload_if_shown()

    def show_history(self) -> None:
        self.setCurrentWidget(self._pages[0])

    def _reload_if_shown(self) -> None:
        # The lists are read when one of them is on screen: the console starts on its
        # endpoints, and a store never asked does not open its database.
        if self._stale and self.currentWidget() in self._pages:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self.list.clear()
        self.saved.clear()
        self.list.setWordWrap(False)
        with self._database_failures():
            entries = self.store.history(
                self.portal_key or None, self.search.text(), limit=SHOWN_ENTRIES
            )
            for entry in entries:
                self.list.addItem(history_item(entry))
            self._reload_saved()

    @contextlib.contextmanager
    def _database_failures(self) -> Iterator[None]:
        """A database that fails (a damaged file, a full disk) is said in both lists, not
        raised in a slot: requests go on without history."""
        try:
            yield
        except HistoryUnavailable as exc:
            problem = str(exc)
            self.list.clear()
            self.saved.clear()
            item = QListWidgetItem(problem)
            item.setFlags(Qt.ItemFlag.NoItemFlags)  # nothing to select or open
            self.list.addItem(item)
            self.list.setWordWrap(True)
            saved = QTreeWidgetItem(self.saved, [problem])
            saved.setFlags(Qt.ItemFlag.NoItemFlags)
            saved.setToolTip(0, problem)

    def show_latest(self) -> None:
        """After a send: put the newest entry on top without rebuilding the whole list."""
        if self._stale:  # read in full when shown
            return
        if self.search.text():
            self.reload()
            return
        with self._database_failures():
            self._insert_latest()

    def _insert_latest(self) -> None:
        latest = self.store.history(self.portal_key or None, limit=1)
        top = self.list.item(0)
        shown = top.data(_ROLE) if top is not None else None
        if latest and not (isinstance(shown, HistoryEntry) and shown.id == latest[0].id):
            self.list.insertItem(0, history_item(latest[0]))
            while self.list.count() > SHOWN_ENTRIES:  # the rest is a search away
                self.list.takeItem(self.list.count() - 1)

    def _reload_saved(self) -> None:
        self.saved.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for saved in self.store.saved(self.portal_key):
            group = groups.get(saved.group)
            if group is None:
                group = groups[saved.group] = QTreeWidgetItem(self.saved, [saved.group])
                group.setExpanded(True)
            child = QTreeWidgetItem(
                group, [f"{saved.name}   {saved.request.method} {saved.request.target}"]
            )
            child.setData(0, _ROLE, saved)

    def _selected_entry(self) -> HistoryEntry | None:
        item = self.list.currentItem()
        entry = item.data(_ROLE) if item is not None else None
        return entry if isinstance(entry, HistoryEntry) else None

    def _on_history_activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(item.data(_ROLE).request)

    def _on_resend(self) -> None:
        if (entry := self._selected_entry()) is not None:
            self.resend_requested.emit(entry.request)

    def _on_delete(self) -> None:
        if (entry := self._selected_entry()) is not None:
            with self._database_failures():
                self.store.delete(entry.id)
                self.reload()

    def _on_clear(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self, "Clear history", "Delete the whole request history of this portal?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            with self._database_failures():
                self.store.clear(self.portal_key or None)
                self.reload()

    def _on_saved_activated(self, item: QTreeWidgetItem) -> None:
        saved = item.data(0, _ROLE)
        if saved is not None:
            self.open_requested.emit(saved.request)

    def _selected_saved(self) -> SavedRequest | None:
        item = self.saved.currentItem()
        saved = item.data(0, _ROLE) if item is not None else None
        return saved if isinstance(saved, SavedRequest) else None

    def _on_delete_saved(self) -> None:
        if (saved := self._selected_saved()) is not None:
            with self._database_failures():
                self.store.delete_saved(saved.id)
                self.reload()

    def _on_rename_saved(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        saved = self._selected_saved()
        if saved is None:
            return
        text, ok = QInputDialog.getText(
            self, "Rename saved request", "Group / name:", text=f"{saved.group} / {saved.name}"
        )
        if not ok or not text.strip():
            return
        group, _, name = text.rpartition("/")
        with self._database_failures():
            try:
                self.store.rename_saved(saved.id, group, name)
            except ValueError as exc:
                QMessageBox.warning(self, "Rename saved request", str(exc))
                return
            self._reload_saved()
            self._select_saved(group.strip() or "General", name.strip())

    def _on_duplicate_saved(self) -> None:
        if (saved := self._selected_saved()) is not None:
            with self._database_failures():
                name = self.store.duplicate_saved(saved)
                self._reload_saved()
                self._select_saved(saved.group, name)

    def _select_saved(self, group: str, name: str) -> None:
        items = self.saved.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive)
        for item in items:
            saved = item.data(0, _ROLE)
            if isinstance(saved, SavedRequest) and (saved.group, saved.name) == (group, name):
                self.saved.setCurrentItem(item)

    def save_request(self, group: str, name: str, request: ApiRequest) -> None:
        self.store.save(self.portal_key, group, name, request)
        self._reload_saved()
        self.setCurrentWidget(self._pages[1])  # its index moves when the console adds tabs
