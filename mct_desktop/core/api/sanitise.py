"""Strip credentials from a request before it is written anywhere (history, saved requests)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from mct_desktop.core.api.request import ApiRequest, BodyKind
from mct_desktop.core.redact import is_secret_name, redact

REDACTED = "<redacted>"


def is_secret_header(name: str) -> bool:
    return is_secret_name(name.strip())


def _scrub_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: (REDACTED if is_secret_name(str(k)) and isinstance(v, str) else _scrub_json(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub_json(v) for v in value]
    if isinstance(value, str):
        return redact(value)
    return value


def scrub_body(kind: BodyKind, text: str) -> str:
    if kind is BodyKind.JSON:
        try:
            return json.dumps(_scrub_json(json.loads(text)), indent=2, ensure_ascii=False)
        except (ValueError, RecursionError):
            return redact(text)
    return redact(text)


def sanitised(request: ApiRequest) -> ApiRequest:
    """A copy safe to store: no credential headers, no token-like values anywhere."""
    return replace(
        request,
        target=redact(request.target),
        headers=[(k, v) for k, v in request.headers if not is_secret_header(k)],
        query=[(k, REDACTED if is_secret_name(k) else redact(v)) for k, v in request.query],
        form=[(k, REDACTED if is_secret_name(k) else redact(v)) for k, v in request.form],
        body_text=scrub_body(request.body_kind, request.body_text) if request.body_text else "",
    )
