"""The embedded sign-in browser: loads the portal's Login page and captures the tokens."""

from __future__ import annotations

import logging

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWebEngineCore import (
    QWebEngineCertificateError,
    QWebEngineLoadingInfo,
    QWebEngineNavigationRequest,
    QWebEnginePage,
    QWebEngineProfile,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.portal import Portal, origin_of
from mct_desktop.core.session.callback import mask_location
from mct_desktop.core.session.capture import (
    Captured,
    CaptureTracker,
    Failed,
    Headers,
    Ignored,
    Outcome,
)
from mct_desktop.core.tls import TLS_HINT, chain_trusted
from mct_desktop.ui.lock_icon import lock_pixmap
from mct_desktop.ui.message_bar import MessageBar
from mct_desktop.ui.placement import centre_on
from mct_desktop.ui.refusal_watch import RefusalWatch

log = logging.getLogger(__name__)
_ENCODED = QUrl.ComponentFormattingOption.FullyEncoded  # keep %2B, %2F as they arrived


class CapturePage(QWebEnginePage):
    """A page that reports each hop to a CaptureTracker and stops at the token redirect."""

    outcome = Signal(object)  # Captured | Failed | Ignored

    def __init__(self, portal: Portal, profile: QWebEngineProfile, parent: QWidget) -> None:
        super().__init__(profile, parent)
        self.portal = portal
        self._loaded: dict[str, Headers] = {}
        self.tracker = self.new_tracker()
        self._connect_signals()

    def new_tracker(self) -> CaptureTracker:
        self.tracker = CaptureTracker(self.portal.base_url, self._loaded)
        return self.tracker

    def _connect_signals(self) -> None:
        self.navigationRequested.connect(self._on_navigation_requested)
        self.loadingChanged.connect(self._on_loading_changed)
        self.certificateError.connect(self._on_certificate_error)

    def _on_certificate_error(self, error: QWebEngineCertificateError) -> None:
        url = error.url()
        chain = [bytes(cert.toDer().data()) for cert in error.certificateChain()]
        if chain_trusted(self.portal, chain, url.host()):
            error.acceptCertificate()  # it chains to the CA the user configured for this portal
            return
        error.rejectCertificate()
        self.outcome.emit(
            Failed(
                f"The TLS certificate of {url.host()} was rejected: {error.description()} "
                "The page was not loaded and nothing was sent." + TLS_HINT
            )
        )

    def _on_navigation_requested(self, request: QWebEngineNavigationRequest) -> None:
        kind = request.navigationType()
        url = request.url().toString(_ENCODED)
        result = self.tracker.on_navigation(
            url,
            is_redirect=kind == QWebEngineNavigationRequest.NavigationType.RedirectNavigation,
            is_main_frame=request.isMainFrame(),
        )
        if isinstance(result, Failed) or self.tracker.must_block(
            url, is_main_frame=request.isMainFrame()
        ):
            # A token URL is never loaded: it stays out of the page, history and logs. The
            # stopped load that follows carries the headers that decide the capture.
            request.reject()
        self._report(result)

    def _on_loading_changed(self, info: QWebEngineLoadingInfo) -> None:
        url = info.url().toString(_ENCODED)
        status = info.status()
        result: Outcome | None = None
        if status in (
            QWebEngineLoadingInfo.LoadStatus.LoadStoppedStatus,
            QWebEngineLoadingInfo.LoadStatus.LoadFailedStatus,
        ):
            result = self.tracker.on_load_stopped(
                url,
                location=_location_header(info),
                headers=_headers(info),
                shown_url=self.url().toString(_ENCODED),
            )
            if result is None and status == QWebEngineLoadingInfo.LoadStatus.LoadFailedStatus:
                self._report_network_error(info)
        elif status == QWebEngineLoadingInfo.LoadStatus.LoadSucceededStatus:
            result = self.tracker.on_load_finished(url, _headers(info))
        self._report(result)

    def _report_network_error(self, info: QWebEngineLoadingInfo) -> None:
        if self.tracker.done or info.errorCode() == -3:  # -3: ERR_ABORTED, our own reject
            return
        origin = origin_of(info.url().toString(_ENCODED)) or "the sign-in page"
        self.outcome.emit(
            Failed(
                f"Could not load {origin}: {info.errorString() or 'network error'} "
                f"(code {info.errorCode()}). Check the portal address and your connection."
            )
        )

    def _report(self, result: Outcome | None) -> None:
        if result is not None:
            self.outcome.emit(result)


def _location_header(info: QWebEngineLoadingInfo) -> str | None:
    """The `Location` header the engine reports with a stopped load, if there is one."""
    values = [value for name, value in _headers(info) if name == "location"]
    return values[0] if len(values) == 1 else None  # two Locations: trust neither


def _headers(info: QWebEngineLoadingInfo) -> Headers:
    pairs = []
    for name, values in info.responseHeaders().items():
        for value in values if isinstance(values, list) else [values]:
            pairs.append((_text(name).lower(), _text(value)))
    return tuple(sorted(pairs))


def _text(value: object) -> str:
    data = value.data() if hasattr(value, "data") else value
    return bytes(data).decode("latin-1") if isinstance(data, bytes | bytearray) else str(data)


def _anchor_for(window: QWidget) -> QWidget | None:
    """The window the user started the sign-in from: the active one, else the main window."""
    active = QApplication.activeWindow()
    if active is not None and active is not window and active.isVisible():
        return active
    mains = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]
    return next((w for w in mains if w.isVisible() and w is not window), None)


class LoginWindow(QWidget):
    """A window with the portal's sign-in page. Emits once: tokens_captured or login_failed."""

    tokens_captured = Signal(object)  # TokenPair
    login_failed = Signal(str)
    paste_requested = Signal()
    closed = Signal()
    refused = Signal(str)  # the provider refuses embedded browsers (a short reason)
    switch_requested = Signal(str)  # go on in this browser of the user's (a name)

    def __init__(
        self, portal: Portal, profile: QWebEngineProfile, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.portal = portal
        self.setWindowTitle(f"Sign in to {portal.display_name} - MCT Desktop")
        self.resize(560, 720)
        self.view = QWebEngineView(self)
        self.page = CapturePage(portal, profile, self.view)
        self.view.setPage(self.page)
        self.address = QLabel(self)
        self.address.setObjectName("address")
        # A long sign-in URL must not widen (and so un-centre) the window: it is clipped,
        # and whole in the tooltip.
        self.address.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # Drawn, not an emoji: a font without 🔒 showed a missing-glyph box instead.
        self.lock = QLabel(self)
        self.lock.setPixmap(lock_pixmap(self.address.fontMetrics().height(), self.palette()))
        self.lock.setToolTip("Encrypted connection (https)")
        self.lock.setAccessibleName("Encrypted connection")
        self.lock.hide()
        self._placed = False
        self.banner = MessageBar(self)
        self.refusals = RefusalWatch(self.page, portal, self.banner)
        self.retry_button = QPushButton("Try again", self)
        self.paste_button = QPushButton("Paste Location URL instead…", self)
        self.paste_button.setToolTip(
            "If the sign-in cannot be completed here, sign in with your own browser and paste "
            "the Location header of the Callback response."
        )
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.lock)
        buttons.addWidget(self.address, 1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.paste_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(buttons)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)

    def _connect_signals(self) -> None:
        self.page.outcome.connect(self._on_outcome)
        self.page.urlChanged.connect(self._on_url_changed)
        self.retry_button.clicked.connect(self.start)
        self.refusals.refused.connect(self.refused)
        self.refusals.switch_requested.connect(self.switch_requested)
        self.paste_button.clicked.connect(self.paste_requested)
        QShortcut(QKeySequence("Esc"), self, self.close)  # not Qt.Key: ui/qt_namespace.py

    def start(self) -> None:
        self.banner.clear()
        self.page.new_tracker()
        self.view.setUrl(QUrl(self.portal.login_url))

    def _on_url_changed(self, url: QUrl) -> None:
        # Show where the user is typing their password; never a token (masked).
        shown = mask_location(url.toString(_ENCODED))
        self.lock.setVisible(url.scheme() == "https")
        self.address.setText(shown)
        self.address.setToolTip(shown)

    def _on_outcome(self, result: object) -> None:
        if isinstance(result, Captured):
            self.tokens_captured.emit(result.pair)
        elif isinstance(result, Failed):
            self.banner.show_error(result.message)
            self.login_failed.emit(result.message)
        elif isinstance(result, Ignored):
            log.info("%s", result.reason)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._placed:  # first show: over the window the user started from
            self._placed = True
            # The size the layout will give it, so that the centre is the real one.
            self.resize(self.size().expandedTo(self.minimumSizeHint()))
            centre_on(self, _anchor_for(self))
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
