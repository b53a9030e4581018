"""Token pairs and JWT decoding (no signature check: a client has no key to check with)."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class TokenPair:
    """The access token and (usually) the refresh token of one portal session."""

    access_token: str
    refresh_token: str | None = None

    def __repr__(self) -> str:
        # Never let a token reach a log line or a traceback through repr().
        refresh = "yes" if self.refresh_token else "no"
        return f"TokenPair(access_token=<{len(self.access_token)} chars>, refresh_token={refresh})"

    __str__ = __repr__


@dataclass(frozen=True)
class JwtInfo:
    """What a JWT says about itself. `claims` may hold anything the issuer put there."""

    header: dict[str, Any]
    claims: dict[str, Any] = field(repr=False)

    @property
    def expires_at(self) -> datetime | None:
        return claim_time(self.claims.get("exp"))

    @property
    def issued_at(self) -> datetime | None:
        return claim_time(self.claims.get("iat"))

    @property
    def not_before(self) -> datetime | None:
        return claim_time(self.claims.get("nbf"))

    @property
    def user(self) -> str:
        """The person the token acts as, in the most readable form the claims offer."""
        name = _text(self.claims.get("name"))
        email = self.email
        if name and email and email != name:
            return f"{name} <{email}>"
        return name or email or _text(self.claims.get("sub")) or "unknown user"

    @property
    def email(self) -> str:
        emails = self.claims.get("emails")
        if isinstance(emails, list) and emails:
            return _text(emails[0])
        for claim in ("email", "preferred_username", "upn", "unique_name"):
            if value := _text(self.claims.get(claim)):
                return value
        return ""

    @property
    def issuer(self) -> str:
        return _text(self.claims.get("iss"))

    @property
    def tenant(self) -> str:
        """Azure AD `tid`, else the tenant id inside a B2C issuer URL."""
        if tid := _text(self.claims.get("tid")):
            return tid
        match = re.search(r"/([0-9a-fA-F-]{36})/", self.issuer)
        return match.group(1) if match else ""

    @property
    def identity_provider(self) -> str:
        return _text(self.claims.get("idp")) or _text(self.claims.get("tfp"))

    def is_expired(self, now: datetime) -> bool:
        exp = self.expires_at
        return exp is not None and exp <= now


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def claim_time(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _b64url_json(segment: str) -> dict[str, Any] | None:
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def decode_jwt(token: str) -> JwtInfo | None:
    """Header and claims of a JWT, or None when the token is opaque (not a JWT)."""
    parts = token.strip().split(".")
    if len(parts) != 3 or not all(re.fullmatch(r"[A-Za-z0-9_-]*", p) for p in parts[:2]):
        return None
    header = _b64url_json(parts[0])
    claims = _b64url_json(parts[1])
    if header is None or claims is None:
        return None
    return JwtInfo(header=header, claims=claims)


def expires_within(pair: TokenPair, seconds: float, now: datetime) -> bool:
    """True when the access token's `exp` is less than `seconds` away (opaque: never)."""
    info = decode_jwt(pair.access_token)
    exp = info.expires_at if info else None
    return exp is not None and exp - now < timedelta(seconds=seconds)


# A token is never renewed before this share of its lifetime is left: with a 300 s margin,
# 5-minute tokens (Azure AD B2C's shortest) would otherwise be renewed on every check.
LIFETIME_SHARE = 0.5


def renewal_margin(pair: TokenPair, wanted: float) -> float:
    """`wanted` seconds, capped at half the token's lifetime (`exp - iat`, or `nbf`)."""
    info = decode_jwt(pair.access_token)
    if info is None or info.expires_at is None:
        return wanted
    start = info.issued_at or info.not_before
    if start is None:
        return wanted
    lifetime = (info.expires_at - start).total_seconds()
    return min(wanted, lifetime * LIFETIME_SHARE) if lifetime > 0 else wanted


def is_stale(pair: TokenPair, min_validity: float, now: datetime) -> bool:
    """Whether the pair is valid for less than `min_validity` s (capped by `renewal_margin`).

    The token manager's rule for "renew first"; here so that `mct-desktop token` can print
    a valid token without loading the refresh machinery.
    """
    return expires_within(pair, renewal_margin(pair, min_validity), now)


def describe_expiry(expires_at: datetime | None, now: datetime) -> str:
    """`in 53 min`, `expired 3 h ago`, or `no expiry in token`."""
    if expires_at is None:
        return "no expiry in token"
    seconds = (expires_at - now).total_seconds()
    span = _human_span(abs(seconds))
    return f"in {span}" if seconds > 0 else f"expired {span} ago"


def _human_span(seconds: float) -> str:
    if seconds < 60:
        return f"{int(seconds)} s"
    minutes = seconds / 60
    if minutes < 60:
        return f"{int(minutes)} min"
    hours = minutes / 60
    if hours < 48:
        whole = int(hours)
        rest = int(minutes - whole * 60)
        return f"{whole} h {rest} min" if rest and whole < 10 else f"{whole} h"
    return f"{int(hours / 24)} days"


def format_local_time(moment: datetime) -> str:
    """A moment in the computer's time zone, e.g. `2026-11-28 14:05:09 CET`."""
    local = moment.astimezone()
    return local.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
