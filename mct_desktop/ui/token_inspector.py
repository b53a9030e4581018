"""The token inspector: header and claims of a JWT, a live countdown, copy choices."""

from __future__ import annotations

import json

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mct_desktop.core.api.auth_headers import authorization_headers
from mct_desktop.core.api.curl import curl_command
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.claims import ClaimRow, claim_rows, countdown
from mct_desktop.core.tokens import (
    JwtInfo,
    TokenPair,
    decode_jwt,
    describe_expiry,
    format_local_time,
    utc_now,
)
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.message_bar import MessageBar


def _table(parent: QWidget, first_column: str) -> QTableWidget:
    table = QTableWidget(0, 3, parent)
    table.setHorizontalHeaderLabels([first_column, "Value", "Meaning"])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    # One line per claim; long values show whole in their tooltip.
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[ClaimRow]) -> None:
    table.setRowCount(len(rows))
    for index, row in enumerate(rows):
        for column, text in enumerate((row.name, row.value, row.meaning)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(index, column, item)


class TokenInspector(QDialog):
    def __init__(
        self,
        portal: Portal,
        pair: TokenPair,
        clipboard: SecretClipboard,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Token inspector - {portal.display_name}")
        self.resize(820, 560)
        self._portal, self._pair, self._clipboard = portal, pair, clipboard
        self._info: JwtInfo | None = None
        self.which = QComboBox(self)
        self.which.addItem("Access token", pair.access_token)
        if pair.refresh_token:
            self.which.addItem("Refresh token", pair.refresh_token)
        self.user, self.issuer, self.tenant, self.idp, self.expires = (
            QLabel(self) for _ in range(5)
        )
        self.countdown = QLabel(self)
        self.countdown.setStyleSheet("font-size:15px;font-weight:bold")
        self.opaque = QLabel(self)
        self.opaque.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.claims = _table(self, "Claim")
        self.header = _table(self, "Parameter")  # a JOSE header holds parameters, not claims
        # Both parts as the issuer wrote them, for what the tables interpret or leave out.
        self.raw = QPlainTextEdit(self)
        self.raw.setReadOnly(True)
        self.raw.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.tabs.addTab(self.claims, "Claims")
        self.tabs.addTab(self.header, "Header")
        self.tabs.addTab(self.raw, "Raw JSON")
        self.copy_raw = QPushButton("Copy token", self)
        self.copy_header = QPushButton("Copy Authorization header", self)
        self.copy_curl = QPushButton("Copy curl (GET /api/v2/Profile)", self)
        self.messages = MessageBar(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._build_layout()
        self._connect_signals()
        self._timer.start()
        self._on_token_chosen(0)

    def _build_layout(self) -> None:
        facts = QFormLayout()
        facts.addRow("Token", self.which)
        facts.addRow("User", self.user)
        facts.addRow("Issuer", self.issuer)
        facts.addRow("Tenant", self.tenant)
        facts.addRow("Identity provider", self.idp)
        facts.addRow("Expires", self.expires)
        facts.addRow("", self.countdown)
        copies = QHBoxLayout()
        for button in (self.copy_raw, self.copy_header, self.copy_curl):
            copies.addWidget(button)
        copies.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(facts)
        layout.addWidget(self.opaque)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.messages)
        layout.addLayout(copies)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.which.currentIndexChanged.connect(self._on_token_chosen)
        self.buttons.rejected.connect(self.reject)
        self._timer.timeout.connect(self._on_tick)
        self.copy_raw.clicked.connect(lambda: self._copy(self.which.currentData(), "The token"))
        self.copy_header.clicked.connect(self._on_copy_header)
        self.copy_curl.clicked.connect(
            lambda: self._copy(
                curl_command(self._portal, self._pair.access_token), "The curl command"
            )
        )

    def _on_token_chosen(self, _index: int) -> None:
        token = str(self.which.currentData())
        self._info = decode_jwt(token)
        info = self._info
        self.tabs.setVisible(info is not None)
        self.opaque.setVisible(info is None)
        if info is None:
            self.opaque.setText(
                f"Opaque token ({len(token)} characters): it is not a JWT, so only the portal "
                "can read what it stands for. That is normal for refresh tokens."
            )
            for label in (self.user, self.issuer, self.tenant, self.idp, self.expires):
                label.setText("–")
        else:
            now = utc_now()
            self.user.setText(info.user)
            self.issuer.setText(info.issuer or "–")
            self.tenant.setText(info.tenant or "–")
            self.idp.setText(info.identity_provider or "–")
            exp = info.expires_at
            self.expires.setText(
                f"{format_local_time(exp)} ({describe_expiry(exp, now)})" if exp else "no exp claim"
            )
            _fill(self.claims, claim_rows(info.claims, now))
            _fill(self.header, claim_rows(info.header, now))
            raw = {"header": info.header, "payload": info.claims}
            self.raw.setPlainText(json.dumps(raw, indent=2, ensure_ascii=False, default=str))
        self._on_tick()

    def _on_tick(self) -> None:
        self.countdown.setText(countdown(self._info, utc_now()))

    def _on_copy_header(self) -> None:
        headers = authorization_headers(self._portal, self._pair.access_token)
        self._copy("\n".join(f"{k}: {v}" for k, v in headers.items()), "The header")

    def _copy(self, text: str, what: str) -> None:
        when = self._clipboard.copy(text)
        self.messages.show_info(f"{what} was copied; {when}.")
