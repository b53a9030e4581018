"""The "Fetch all pages" window: core fetch_all in a worker, a progress bar, Cancel, Resume."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.api.client import ApiClient, ApiError
from mct_desktop.core.api.fetch_all import Interrupted, Outcome, api_fetch, fetch_all, state_path
from mct_desktop.core.api.pager import DEFAULT_PAGE_SIZE, PagingProgress
from mct_desktop.core.api.paging import PagingError, Scheme
from mct_desktop.core.api.request import ApiRequest, RequestError
from mct_desktop.core.api.response import human_size
from mct_desktop.core.api.run_text import fetch_identity, progress_line
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.token_client import AuthError
from mct_desktop.ui import theme


@dataclass(frozen=True)
class FetchJob:
    """One list into one file; `scheme_hint` finds the spec's paging (off the GUI thread)."""

    portal: Portal
    request: ApiRequest
    output: Path
    scheme_hint: Callable[[], Scheme | None] = lambda: None
    size: int = DEFAULT_PAGE_SIZE


class FetchRun(QObject):
    """Runs `fetch_all` on a worker thread; its signals arrive on the GUI thread."""

    progress = Signal(object)  # PagingProgress
    finished = Signal(object)  # Outcome
    interrupted = Signal(int)  # rows kept
    failed = Signal(str)  # one line; what was written is kept

    def __init__(self, client: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.cancel_event = threading.Event()
        self.worker: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.is_alive()

    def start(self, job: FetchJob, *, resume: bool) -> None:
        self.cancel_event = threading.Event()
        self.worker = threading.Thread(
            target=self._work, args=(job, resume, self.cancel_event), daemon=True, name="fetch-all"
        )
        self.worker.start()

    def cancel(self) -> None:
        self.cancel_event.set()

    def _work(self, job: FetchJob, resume: bool, cancel: threading.Event) -> None:
        try:
            outcome = fetch_all(
                api_fetch(self.client, job.portal, job.request, cancel),
                job.request.target,
                job.request.query,
                output=job.output,
                scheme=job.scheme_hint(),
                size=job.size,
                resume=resume,
                identity=fetch_identity(job.request),
                cancel=cancel,
                on_progress=self.progress.emit,  # one event a page: no flood to throttle
            )
        except Interrupted as exc:
            self.interrupted.emit(exc.rows)
        except AuthError as exc:
            self.failed.emit(f"{exc} Sign in again, then Resume.")
        except (PagingError, ApiError, RequestError) as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"Cannot write {job.output}: {exc.strerror or exc}.")
        except Exception as exc:  # a worker must always report back
            self.failed.emit(f"Unexpected error: {type(exc).__name__}: {exc}")
        else:
            self.finished.emit(outcome)


class FetchAllDialog(QDialog):
    """Progress of one run; Cancel keeps what was written, Resume continues it."""

    def __init__(self, job: FetchJob, client: ApiClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Fetch all pages")
        self.setMinimumWidth(520)
        self.job = job
        self.run = FetchRun(client, self)
        self.outcome: Outcome | None = None
        self._last_line = ""
        self.source = QLabel(f"GET {job.request.target}  →  {job.output}", self)
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar(self)
        self.status = QLabel("Starting…", self)
        self.waiting = QLabel(self)
        self.waiting.setWordWrap(True)
        self.waiting.setStyleSheet(f"color:{theme.colour('warning')}")
        self.outcome_label = QLabel(self)
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(self)
        self.cancel = self.buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.resume = self.buttons.addButton("Resume", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder = self.buttons.addButton(
            "Open folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton("Close", QDialogButtonBox.ButtonRole.AcceptRole)
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        for widget in (self.source, self.bar, self.status, self.waiting, self.outcome_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.run.progress.connect(self._on_progress)
        self.run.finished.connect(self._on_finished)
        self.run.interrupted.connect(self._on_interrupted)
        self.run.failed.connect(self._on_failed)
        self.cancel.clicked.connect(self.stop)
        self.resume.clicked.connect(lambda: self.start(resume=True))
        self.open_folder.clicked.connect(self._on_open_folder)
        self.close_button.clicked.connect(self.close)

    def start(self, *, resume: bool = False) -> None:
        self.outcome = None
        self.bar.setRange(0, 0)  # busy until the total is known
        self.status.setText("Resuming…" if resume else "Reading the first page…")
        self.waiting.clear()
        self.outcome_label.clear()
        self._set_running(True)
        self.run.start(self.job, resume=resume)

    def stop(self) -> None:
        if self.run.running:
            self.status.setText("Cancelling…")
            self.cancel.setEnabled(False)
            self.run.cancel()

    @property
    def resumable(self) -> bool:
        return state_path(self.job.output).exists()

    def _set_running(self, running: bool) -> None:
        self.cancel.setVisible(running)
        self.cancel.setEnabled(running)
        self.close_button.setVisible(not running)
        self.resume.setVisible(not running and self.resumable)
        self.open_folder.setVisible(not running and self.job.output.exists())

    def _on_progress(self, progress: PagingProgress) -> None:
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.rows, progress.total))
        self._last_line = progress_line(progress).split(" · waiting")[0]
        self.status.setText(self._last_line)
        if progress.waiting:
            self.waiting.setText(f"Waiting {progress.waiting:g} s before retrying: {progress.why}")
        else:
            self.waiting.clear()

    def _on_finished(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        how = f" ({outcome.scheme.describe()})" if outcome.scheme else ""
        self.status.setText(f"{outcome.rows:,} rows in {outcome.pages:,} pages{how}.")
        self.waiting.clear()
        note = f" Note: {outcome.note}." if outcome.note else ""
        self.outcome_label.setText(
            f"Done: {outcome.rows:,} rows, {human_size(outcome.bytes)}, in {self.job.output}.{note}"
        )
        self.outcome_label.setStyleSheet(f"color:{theme.colour('success')}")
        self._set_running(False)

    def _on_interrupted(self, rows: int) -> None:
        self._stopped()
        self.outcome_label.setText(
            f"Cancelled after {rows:,} rows; they are kept in {self.job.output}. "
            "Resume continues where it stopped (so does `mct-desktop call GET "
            f"{self.job.request.target} --all -o FILE --resume`)."
        )
        self.outcome_label.setStyleSheet("")
        self._set_running(False)

    def _on_failed(self, message: str) -> None:
        self._stopped()
        kept = " What was read is kept; Resume continues it." if self.resumable else ""
        self.outcome_label.setText(message + kept)
        self.outcome_label.setStyleSheet(f"color:{theme.colour('error')}")
        self._set_running(False)

    def _stopped(self) -> None:
        """Cancelled or failed: the bar stops moving, the last counts stay."""
        self.waiting.clear()
        if self.bar.maximum() == 0:
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
        if self.status.text() in ("Cancelling…", "Reading the first page…", "Resuming…"):
            self.status.setText(self._last_line or "Stopped.")

    def _on_open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.job.output.parent)))

    def shutdown(self, wait: float = 2.0) -> None:
        """Cancel a run and give it a moment to cut the file back to its last whole page."""
        self.run.cancel()
        if self.run.worker is not None:
            self.run.worker.join(wait)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()  # closing the window cancels the run; the file and resume state stay
        super().closeEvent(event)
