"""Portal ▸ Export…: core Export in a worker, one progress row per dataset, Cancel, Resume."""

from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.api.client import ApiClient
from mct_desktop.core.api.export import (
    DATASETS,
    MANIFEST,
    Export,
    ExportError,
    ExportProgress,
    read_manifest,
)
from mct_desktop.core.api.fetch_all import Interrupted
from mct_desktop.core.api.response import human_size
from mct_desktop.core.portal import Portal
from mct_desktop.ui import theme
from mct_desktop.ui.places import downloads_folder

_FORMATS = (("NDJSON, one row a line", "ndjson"), ("CSV for Excel", "csv"), ("JSON", "json"))
NAME, STATUS, ROWS, SIZE = range(4)


class ExportRun(QObject):
    """Runs one Export on a worker thread; its signals arrive on the GUI thread."""

    progress = Signal(object)  # ExportProgress
    finished = Signal(object)  # the manifest
    interrupted = Signal()
    failed = Signal(str)

    def __init__(self, client: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.cancel_event = threading.Event()
        self.worker: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.is_alive()

    def start(self, job: Export) -> None:
        self.cancel_event = job.cancel = threading.Event()
        job.on_progress = self.progress.emit  # one event a page: no flood to throttle
        self.worker = threading.Thread(target=self._work, args=(job,), daemon=True, name="export")
        self.worker.start()

    def _work(self, job: Export) -> None:
        try:
            manifest = job.run(self.client)
        except Interrupted:
            self.interrupted.emit()
        except ExportError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"Cannot write {job.directory}: {exc.strerror or exc}.")
        except Exception as exc:  # a worker must always report back
            self.failed.emit(f"Unexpected error: {type(exc).__name__}: {exc}")
        else:
            self.finished.emit(manifest)


def proposed_folder(portal: Portal) -> Path:
    host = portal.base_url.split("://", 1)[-1].split(":")[0].replace(".", "-")
    return downloads_folder() / f"mct-export-{host}-{date.today().isoformat()}"


class ExportDialog(QDialog):
    def __init__(
        self,
        portal: Portal,
        client: ApiClient,
        parent: QWidget | None = None,
        scheme_hint: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export {portal.display_name}")
        self.resize(640, 520)
        self.portal = portal
        self.scheme_hint = scheme_hint
        self.run = ExportRun(client, self)
        self.manifest: dict[str, Any] | None = None
        self.folder = QLineEdit(str(proposed_folder(portal)), self)
        self.choose = QPushButton("Choose…", self)
        self.format = QComboBox(self)
        for label, value in _FORMATS:
            self.format.addItem(label, value)
        self.resume = QCheckBox("Resume the interrupted export in this folder", self)
        self.table = QTableWidget(len(DATASETS), 4, self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel = self.buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.open_folder = self.buttons.addButton(
            "Open folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton("Close", QDialogButtonBox.ButtonRole.AcceptRole)
        self._fill_table()
        self._build_layout()
        self._connect_signals()
        self._on_folder_changed()
        self._set_running(False)

    def _fill_table(self) -> None:
        table = self.table
        table.setHorizontalHeaderLabels(["Dataset", "Status", "Rows", "Size"])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # ticks are clicked; no cell cursor
        header = table.horizontalHeader()
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Stretch)
        for column in (NAME, ROWS, SIZE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for row, dataset in enumerate(DATASETS):
            name = QTableWidgetItem(dataset.name)
            name.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            name.setCheckState(Qt.CheckState.Checked)
            name.setToolTip(dataset.path)
            table.setItem(row, NAME, name)
            for column in (STATUS, ROWS, SIZE):
                table.setItem(row, column, QTableWidgetItem(""))

    def _build_layout(self) -> None:
        where = QHBoxLayout()
        where.addWidget(QLabel("Folder", self))
        where.addWidget(self.folder, 1)
        where.addWidget(self.choose)
        how = QHBoxLayout()
        how.addWidget(QLabel("Lists as", self))
        how.addWidget(self.format)
        how.addStretch(1)
        how.addWidget(self.resume)
        layout = QVBoxLayout(self)
        layout.addLayout(where)
        layout.addLayout(how)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.choose.clicked.connect(self._on_choose)
        self.folder.textChanged.connect(self._on_folder_changed)
        self.start_button.clicked.connect(self.start)
        self.cancel.clicked.connect(self.stop)
        self.open_folder.clicked.connect(self._on_open_folder)
        self.close_button.clicked.connect(self.close)
        self.run.progress.connect(self._on_progress)
        self.run.finished.connect(self._on_finished)
        self.run.interrupted.connect(self._on_interrupted)
        self.run.failed.connect(self._on_failed)

    @property
    def directory(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    def chosen(self) -> list[str]:
        return [
            d.name
            for row, d in enumerate(DATASETS)
            if (item := self.table.item(row, NAME)) and item.checkState() == Qt.CheckState.Checked
        ]

    def start(self) -> None:
        only = self.chosen()
        if not self.folder.text().strip():
            self._say("Choose a folder for the export.", "error")
            return
        if not only:
            self._say("Tick at least one dataset.", "error")
            return
        resume = self.resume.isVisible() and self.resume.isChecked()
        if (self.directory / MANIFEST).exists() and not resume:
            self._say(
                f"{self.directory} holds an export already: choose an empty folder"
                + (", or tick Resume." if self.resume.isVisible() else "."),
                "error",
            )
            return
        for row, dataset in enumerate(DATASETS):
            picked = dataset.name in only
            self._show(row, "waiting" if picked else "not chosen", "", "", "muted")
        job = Export(
            self.portal,
            self.directory,
            only=only if len(only) < len(DATASETS) else [],
            fmt=str(self.format.currentData()),
            resume=resume,
            scheme_hint=self.scheme_hint,
        )
        self.manifest = None
        self._say("Exporting…", "")
        self._set_running(True)
        self.run.start(job)

    def stop(self) -> None:
        if self.run.running:
            self.cancel.setEnabled(False)
            self._say("Cancelling…", "")
            self.run.cancel_event.set()

    def _set_running(self, running: bool) -> None:
        for widget in (self.folder, self.choose, self.format, self.resume):
            widget.setEnabled(not running)
        # The table stays readable while it runs; only its ticks are locked.
        for row in range(self.table.rowCount()):
            item = self.table.item(row, NAME)
            if item is not None:
                flags = Qt.ItemFlag.ItemIsEnabled
                item.setFlags(flags if running else flags | Qt.ItemFlag.ItemIsUserCheckable)
        self.start_button.setVisible(not running)
        self.cancel.setVisible(running)
        self.cancel.setEnabled(running)
        self.close_button.setVisible(not running)
        self.open_folder.setVisible(not running and (self.directory / MANIFEST).exists())

    def _on_progress(self, event: ExportProgress) -> None:
        row = next(i for i, d in enumerate(DATASETS) if d.name == event.dataset)
        rows = f"{event.rows:,}" if event.rows else ""
        if event.error:
            reason = re.sub(r"^Page (\d+) failed: ", r"page \1: ", event.error)
            self._show(row, f"failed: {reason}", rows, "", "error")
        elif event.done:
            status = "done earlier" if event.earlier else "done"
            self._show(row, status, rows or "0", human_size(event.bytes), "success")
        else:
            self._say(f"Exporting {event.dataset} ({event.index} of {event.count})…", "")
            of = f" of {event.total:,}" if event.total else ""
            self._show(row, f"running{': ' + rows + of + ' rows' if rows else '…'}", rows, "", "")

    def _on_finished(self, manifest: dict[str, Any]) -> None:
        self.manifest = manifest
        entries = manifest["datasets"]
        failed = [n for n, e in entries.items() if e.get("error")]
        rows = sum(e.get("rows") or 0 for e in entries.values())
        where = self.directory / MANIFEST
        if failed:
            self._say(
                f"{len(entries) - len(failed)} of {len(entries)} datasets exported "
                f"({rows:,} rows); failed: {', '.join(failed)}. Manifest: {where}",
                "warning",
            )
        else:
            self._say(
                f"All {len(entries)} datasets exported ({rows:,} rows). Manifest: {where}",
                "success",
            )
        self._set_running(False)
        self._on_folder_changed()

    def _on_interrupted(self) -> None:
        for row in range(self.table.rowCount()):
            status, rows = self.table.item(row, STATUS), self.table.item(row, ROWS)
            if status is not None and rows is not None and status.text().startswith("running"):
                self._show(row, "interrupted", rows.text(), "", "warning")
        self._say(
            "Cancelled; what was written is kept. Export again with Resume ticked to continue.", ""
        )
        self._set_running(False)
        self._on_folder_changed()

    def _on_failed(self, message: str) -> None:
        self._say(message, "error")
        self._set_running(False)

    def _on_folder_changed(self) -> None:
        manifest = read_manifest(self.directory) if self.folder.text().strip() else None
        resumable = (
            manifest is not None
            and manifest.get("portal") == self.portal.base_url
            and not manifest.get("complete")
        )
        self.resume.setVisible(resumable)
        self.resume.setChecked(resumable)

    def _on_choose(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        chosen = QFileDialog.getExistingDirectory(self, "Export into", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _on_open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.directory)))

    def _show(self, row: int, status: str, rows: str, size: str, role: str) -> None:
        brush = QBrush(QColor(theme.colour(role))) if role else QBrush()
        for column, text in ((STATUS, status), (ROWS, rows), (SIZE, size)):
            item = self.table.item(row, column)
            if item is not None:
                item.setText(text)
                item.setForeground(brush)
                if column == STATUS:
                    item.setToolTip(text)
        for column in (ROWS, SIZE):
            item = self.table.item(row, column)
            if item is not None:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _say(self, text: str, role: str) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet(f"color:{theme.colour(role)}" if role else "")

    def shutdown(self, wait: float = 2.0) -> None:
        self.run.cancel_event.set()
        if self.run.worker is not None:
            self.run.worker.join(wait)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()  # closing cancels; the manifest records what was done, Resume continues
        super().closeEvent(event)


def open_export(parent: QWidget, portal: Portal | None, client: ApiClient) -> ExportDialog | None:
    """Portal ▸ Export…: a dialog for the active portal, with the spec's paging hints."""
    if portal is None:
        return None
    from mct_desktop.core.catalog.paging_hint import scheme_for

    dialog = ExportDialog(portal, client, parent, lambda path: scheme_for(portal, path))
    dialog.show()
    return dialog
