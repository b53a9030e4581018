"""What the token panel and the CLI say about a token pair, computed once, Qt-free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mct_desktop.core.redact import mask_secret
from mct_desktop.core.tokens import (
    TokenPair,
    decode_jwt,
    describe_expiry,
    format_local_time,
)


@dataclass(frozen=True)
class TokenSummary:
    """What the token panel shows of an access token: who, which tenant, when it expires."""

    user: str
    issuer: str
    tenant: str
    expires_local: str
    expires_relative: str
    expired: bool
    is_jwt: bool
    access_masked: str
    refresh_masked: str

    def one_line(self, portal_name: str) -> str:
        """`contoso: Ada Admin <ada@x>, token expires 2026-... (in 59 min)`: no secret in it."""
        if not self.is_jwt:
            return f"{portal_name}: signed in (opaque access token, expiry unknown)"
        return (
            f"{portal_name}: {self.user}, token expires {self.expires_local} "
            f"({self.expires_relative})"
        )


def summarize(pair: TokenPair, now: datetime) -> TokenSummary:
    info = decode_jwt(pair.access_token)
    refresh = mask_secret(pair.refresh_token) if pair.refresh_token else "none received"
    if info is None:
        return TokenSummary(
            user="unknown (opaque token)",
            issuer="",
            tenant="",
            expires_local="unknown",
            expires_relative="opaque token: expiry unknown",
            expired=False,
            is_jwt=False,
            access_masked=mask_secret(pair.access_token),
            refresh_masked=refresh,
        )
    exp = info.expires_at
    return TokenSummary(
        user=info.user,
        issuer=info.issuer,
        tenant=info.tenant,
        expires_local=format_local_time(exp) if exp else "never (no exp claim)",
        expires_relative=describe_expiry(exp, now),
        expired=info.is_expired(now),
        is_jwt=True,
        access_masked=mask_secret(pair.access_token),
        refresh_masked=refresh,
    )
