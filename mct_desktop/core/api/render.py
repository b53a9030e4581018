"""Turn a response body into what the views show; heavy, so it runs off the GUI thread."""

from __future__ import annotations

import csv
import io
import re
from array import array
from dataclasses import dataclass, field
from typing import Any

from mct_desktop.core.api.json_parse import JsonSyntaxError, loads_in_pieces, pretty
from mct_desktop.core.api.response import ApiResponse, BodyType

HIGHLIGHT_LIMIT = 1_000_000  # characters; colouring more would slow the view for little gain
RAW_LIMIT = 5 * 1024 * 1024  # bytes of the raw view; the whole body can always be saved


@dataclass
class PreparedBody:
    """A response body made ready to show, off the GUI thread: text, tree, or table."""

    kind: BodyType
    text: str = ""  # what the Body tab shows (pretty JSON, text, CSV as text)
    parsed: Any = None  # JSON value for the tree view
    rows: list[list[str]] = field(default_factory=list)  # CSV rows, header first
    # Offsets of line starts, for texts too big for a text editor (a virtual list shows them).
    line_starts: array[int] | None = None
    note: str = ""  # e.g. "not valid JSON despite its content type"

    @property
    def highlight(self) -> bool:
        return (
            self.kind is BodyType.JSON
            and self.parsed is not None
            and len(self.text) <= HIGHLIGHT_LIMIT
        )


LARGE_TEXT = 1_000_000  # characters: above this the body is shown as a virtual list of lines


def line_starts(text: str) -> array[int]:
    starts = array("q", [0])
    starts.extend(match.end() for match in re.finditer("\n", text))
    return starts


class JsonViewError(ValueError):
    """Why a body that says it is JSON cannot be shown formatted; the message is for the user."""


def parse_for_view(text: str) -> tuple[Any, str]:
    """The parsed value and its indented text, or JsonViewError (never a traceback)."""
    try:
        parsed = loads_in_pieces(text)
        return parsed, pretty(parsed)
    except JsonSyntaxError as exc:
        raise JsonViewError(
            f"The body is not valid JSON despite its content type: {exc}."
        ) from None
    except RecursionError:
        raise JsonViewError(
            "The body's JSON is nested too deeply to format (more than about 900 levels); "
            "it is shown as received."
        ) from None
    except ValueError as exc:  # an integer longer than Python's 4300-digit limit, and the like
        reason = str(exc).split(":")[0]
        raise JsonViewError(
            f"The body's JSON cannot be formatted ({reason}); it is shown as received."
        ) from None


def prepare(response: ApiResponse) -> PreparedBody:
    prepared = _prepare(response)
    if len(prepared.text) > LARGE_TEXT:
        prepared.line_starts = line_starts(prepared.text)
    return prepared


def _prepare(response: ApiResponse) -> PreparedBody:
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
            parsed, formatted = parse_for_view(text)
        except JsonViewError as exc:
            return PreparedBody(BodyType.TEXT, text=text, note=str(exc))
        return PreparedBody(kind, text=formatted, parsed=parsed)
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
