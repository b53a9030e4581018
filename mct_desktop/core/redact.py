"""Scrub tokens out of text bound for logs, stderr or crash reports."""

from __future__ import annotations

import logging
import re

_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}")
_TOKEN_PARAM = re.compile(
    r"(?i)([?&#;]|\b)((?:access|refresh|id)[_-]?token|code|client[_-]?secret|password)"
    r"(=|\"?\s*:\s*\"?)([^&#;\s\"']+)"
)
_COOKIE = re.compile(r"(?im)^((?:set-)?cookie:\s*).+$")


def redact(text: str) -> str:
    text = _JWT.sub("<redacted-jwt>", text)
    text = _BEARER.sub(r"\1 <redacted>", text)
    text = _TOKEN_PARAM.sub(r"\1\2\3<redacted>", text)
    return _COOKIE.sub(r"\1<redacted>", text)


def mask_secret(value: str) -> str:
    """`eyJh…(1187 chars)`: enough to recognise a value, never enough to use it."""
    if len(value) <= 8:
        return "•" * len(value)
    return f"{value[:4]}…({len(value)} chars)"


class RedactingFilter(logging.Filter):
    """Attach to a handler: every record is rendered, scrubbed, and passed on as plain text."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        record.exc_info = None
        return True
