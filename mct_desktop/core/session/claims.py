"""Rows for the token inspector: every claim with a readable value and what it means."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from mct_desktop.core.tokens import JwtInfo, claim_time, describe_expiry, format_local_time

_MEANINGS = {
    "iss": "issuer",
    "sub": "subject (user or app id)",
    "aud": "audience (the API the token is for)",
    "exp": "expires",
    "nbf": "not valid before",
    "iat": "issued at",
    "auth_time": "signed in at",
    "azp": "authorised party (client app)",
    "appid": "client app id",
    "name": "display name",
    "emails": "email addresses",
    "email": "email address",
    "idp": "identity provider",
    "tfp": "B2C user flow",
    "acr": "B2C user flow",
    "tid": "tenant id",
    "oid": "object id",
    "ver": "token version",
    "scp": "delegated scopes",
    "roles": "app roles",
    "idtyp": "identity type",
    "alg": "signature algorithm",
    "kid": "signing key id",
    "typ": "token type",
}
_TIME_CLAIMS = frozenset({"exp", "nbf", "iat", "auth_time"})


@dataclass(frozen=True)
class ClaimRow:
    """One claim of a token as the inspector lists it: name, value, what it means."""

    name: str
    value: str
    meaning: str


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return json.dumps(value, ensure_ascii=False)


def claim_rows(values: dict[str, object], now: datetime) -> list[ClaimRow]:
    """Header or payload entries in their original order, times as local and relative."""
    rows = []
    for name, value in values.items():
        meaning = _MEANINGS.get(name, "")
        moment = claim_time(value) if name in _TIME_CLAIMS else None
        if moment is not None:
            relative = describe_expiry(moment, now) if name == "exp" else _ago(moment, now)
            text = f"{format_local_time(moment)} ({relative}) [{value}]"
        else:
            text = _text(value)
        rows.append(ClaimRow(name, text, meaning))
    return rows


def _ago(moment: datetime, now: datetime) -> str:
    relative = describe_expiry(moment, now)  # "in 5 min" / "expired 3 h ago"
    return relative.replace("expired ", "") if relative.startswith("expired") else relative


def countdown(info: JwtInfo | None, now: datetime) -> str:
    """`expires in 12:05` (mm:ss under an hour), `expires in 3 h 02 min`, `expired 3 h ago`."""
    if info is None:
        return "opaque token: expiry unknown"
    exp = info.expires_at
    if exp is None:
        return "no expiry in token"
    seconds = int((exp - now).total_seconds())
    if seconds <= 0:
        return describe_expiry(exp, now)
    if seconds < 3600:
        return f"expires in {seconds // 60:02d}:{seconds % 60:02d}"
    hours, rest = divmod(seconds, 3600)
    return f"expires in {hours} h {rest // 60:02d} min"
