"""Turn a response body into what the views show; heavy, so it runs off the GUI thread."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from mct_desktop.core.api_response import ApiResponse, BodyType

HIGHLIGHT_LIMIT = 1_000_000  # characters; colouring more would slow the view for little gain
RAW_LIMIT = 5 * 1024 * 1024  # bytes of the raw view; the whole body can always be saved


@dataclass
class PreparedBody:
    kind: BodyType
    text: str = ""  # what the Body tab shows (pretty JSON, text, CSV as text)
    parsed: Any = None  # JSON value for the tree view
    rows: list[list[str]] = field(default_factory=list)  # CSV rows, header first
    note: str = ""  # e.g. "not valid JSON despite its content type"

    @property
    def highlight(self) -> bool:
        return (
            self.kind is BodyType.JSON
            and self.parsed is not None
            and len(self.text) <= HIGHLIGHT_LIMIT
        )


def prepare(response: ApiResponse) -> PreparedBody:
    kind = response.body_type
    if kind is BodyType.EMPTY:
        return PreparedBody(kind, note="No body.")
    if kind is BodyType.BINARY:
        what = response.content_type or "unknown type"
        return PreparedBody(
            kind,
            note=f"Binary body ({what}, {response.size:,} bytes): save it to a file to open it.",
        )
    text = response.text()
    if kind is BodyType.JSON:
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            return PreparedBody(
                BodyType.TEXT,
                text=text,
                note=f"The body is not valid JSON despite its content type: {exc}.",
            )
        return PreparedBody(
            kind, text=json.dumps(parsed, indent=2, ensure_ascii=False), parsed=parsed
        )
    if kind is BodyType.CSV:
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as exc:
            return PreparedBody(BodyType.TEXT, text=text, note=f"Unreadable CSV: {exc}.")
        return PreparedBody(kind, text=text, rows=rows)
    return PreparedBody(kind, text=text)


def raw_text(response: ApiResponse) -> tuple[str, str]:
    """The raw body for display, and a note when it was cut."""
    if response.body_type is BodyType.BINARY:
        return "", "Binary body: not shown as text."
    data = response.head_bytes(RAW_LIMIT)
    note = ""
    if response.size > RAW_LIMIT:
        note = f"Showing the first {RAW_LIMIT // 1024 // 1024} MB of {response.size:,} bytes."
    return data.decode(response.charset, errors="replace"), note
