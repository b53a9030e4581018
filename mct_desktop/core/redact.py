"""Scrub tokens out of text bound for logs, stderr or crash reports; say which names are secret."""

from __future__ import annotations

import logging
import re

# The one answer to "does this name (header, query or form field, JSON key, URL parameter)
# look like it holds a credential?". Names are cut into words at `-`, `_`, `.`, spaces and
# camelCase humps: a *fragment* anywhere in the name (`xsrftoken`, `client_secret`) or a
# whole *word* (`X-Auth`, `Ocp-Apim-Subscription-Key`, `code`) makes it secret.
_SECRET_FRAGMENTS = re.compile(
    r"token|secret|passw(?:or)?d|api-?key|authoriz|authenticat|cookie|session|assertion"
    r"|credential|bearer|signature|saml|jwt",
    re.IGNORECASE,
)
_SECRET_WORDS = frozenset(
    {"key", "code", "sig", "auth", "pwd", "pass", "otp", "pin", "nonce", "ticket", "sas", "hmac"}
)
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def is_secret_name(name: str) -> bool:
    """True when a field or header called `name` should never be stored or shown."""
    if _SECRET_FRAGMENTS.search(name):
        return True
    return any(word.lower() in _SECRET_WORDS for word in _WORD.findall(name))


_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}")
# `name=value` in URLs and forms, `"name": "value"` in JSON; the name decides.
_NAMED_VALUE = re.compile(r"([?&#;\"]|\b)([A-Za-z][\w.-]*)(=|\"\s*:\s*\"?)([^&#;\s\"']+)")
_COOKIE = re.compile(r"(?im)^((?:set-)?cookie:\s*).+$")
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s]+@")  # https://user:pass@host


def _named_value(match: re.Match[str]) -> str:
    if not is_secret_name(match[2]) or match[4] == "<redacted>":
        return match[0]
    return f"{match[1]}{match[2]}{match[3]}<redacted>"


def redact(text: str) -> str:
    text = _JWT.sub("<redacted-jwt>", text)
    text = _USERINFO.sub(r"\1<redacted>@", text)
    text = _BEARER.sub(r"\1 <redacted>", text)
    text = _NAMED_VALUE.sub(_named_value, text)
    return _COOKIE.sub(r"\1<redacted>", text)


# The query of a URL or of a path (`/api/v1/users?search=ada`): its values can name people.
_QUERY = re.compile(r"((?:\b[a-z][a-z0-9+.-]*://|(?<![\w.])/)[^\s?#\"'<>]*\?)([^\s#\"'<>]+)", re.I)
_PAIR = re.compile(r"([^&=;]*)(=)([^&;]*)")


def _masked_query(match: re.Match[str]) -> str:
    def value(pair: re.Match[str]) -> str:
        kept = pair[3] in ("", "<redacted>")
        return pair[0] if kept else f"{pair[1]}=…"

    return match[1] + _PAIR.sub(value, match[2])


def mask_query_values(text: str) -> str:
    """`/users?search=ada&page=2` -> `/users?search=…&page=…`: names stay, values go.

    For text shared with others (Copy diagnostics): a search term, an e-mail address or a
    phone number in a logged URL is personal data even when it is no secret.
    """
    return _QUERY.sub(_masked_query, text)


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
