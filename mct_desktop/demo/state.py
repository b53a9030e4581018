"""The demo portal's state, which the handler and routes use: settings, tokens, requests seen."""

from __future__ import annotations

import base64
import secrets
import ssl
import threading
import time
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from mct_desktop.demo import jwt
from mct_desktop.demo.accounts import (
    ACCOUNTS,
    SERVICE_API_URI,
    SERVICE_CLIENT_ID,
    TENANT_ID,
    TENANT_NAME,
    Account,
)
from mct_desktop.demo.data import DemoData


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it, for tests to assert on the wire."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    host: str


class LocationStyle(StrEnum):
    """How the Callback's Location carries the tokens.

    RELATIVE_FRAGMENT is what MCT's own DevTools screenshot shows a real portal sending; the
    others are variants other deployments and versions may send."""

    RELATIVE_FRAGMENT = "relative-fragment"  # /ExternalAuthentication/Redirect#access_token=...
    QUERY = "query"  # {portal}/Home/SignedIn?AccessToken=...&RefreshToken=...
    FRAGMENT = "fragment"  # {portal}/#access_token=...&refresh_token=...
    HASH_ROUTE = "hash-route"  # {portal}/#/signed-in?accessToken=...&refreshToken=...
    SCHEME = "scheme"  # mctdemo://auth?AccessToken=...&RefreshToken=...
    NONE = "none"  # a Callback that fails: {portal}/Home/SignedIn?error=...


@dataclass
class PortalState:
    """The demo portal's state; `DemoPortal` (server.py) serves it on a loopback port."""

    port: int = 0
    location_style: LocationStyle = LocationStyle.RELATIVE_FRAGMENT
    token_lifetime: int = 3600  # seconds until each issued token expires
    # How long before its issue a token's iat/nbf lie. None: it is one of the portal's usual
    # 1 h tokens with `token_lifetime` left (a short lifetime is one about to expire);
    # 0: a genuinely short-lived token (refresh-storm tests).
    token_age: int | None = None
    # The sign-in pages' host: another host than the portal's, like *.b2clogin.com.
    sign_in_host: str = "localhost"
    # When set, the sign-in page signs this account in at once, like an existing SSO session.
    auto_sign_in: str | None = None
    # "google" or "entra": the sign-in page refuses the embedded browser with that
    # provider's recorded refusal page (a real browser still gets the form).
    refuse_embedded: str = ""
    # Fault injection for tests: answer the next N refresh calls with 503, or slowly.
    swagger_enabled: bool = True
    # Serve HTTPS with this server context (tests make one from a throwaway CA).
    tls: ssl.SSLContext | None = None
    failing_refreshes: int = 0
    refresh_delay: float = 0.0
    requests: list[RecordedRequest] = field(default_factory=list)
    # Every token handed out, so tests can search the disk for any of them.
    issued: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.data = DemoData()
        self._secret = secrets.token_bytes(32)
        self._codes: dict[str, Account] = {}
        self._sessions: dict[str, Account] = {}
        self._refresh: dict[str, Account] = {}
        self._lock = threading.Lock()

    @property
    def scheme(self) -> str:
        return "https" if self.tls is not None else "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    @property
    def sign_in_origin(self) -> str:
        # A different origin than the portal's, like *.b2clogin.com in front of a real portal.
        return f"{self.scheme}://{self.sign_in_host}:{self.port}"

    # ----- tokens
    def issue_tokens(self, account: Account) -> tuple[str, str]:
        now = int(time.time())
        claims = {
            "iss": f"https://{TENANT_NAME}.b2clogin.com/{TENANT_ID}/v2.0/",
            "exp": now + self.token_lifetime,
            "nbf": now - self._age(self.token_lifetime),
            "iat": now - self._age(self.token_lifetime),
            "aud": "d1f3c0de-0000-4000-8000-00000000demo",
            "azp": "d1f3c0de-0000-4000-8000-00000000demo",
            "sub": account.user_id,
            "name": account.name,
            "emails": [account.email],
            "idp": "LocalAccount",
            "tfp": "B2C_1_signupsignin1",
            "ver": "1.0",
            "jti": uuid.uuid4().hex,
        }
        access = jwt.sign(claims, self._secret)
        refresh = _opaque_refresh_token()
        with self._lock:
            self._refresh[refresh] = account
            self.issued += [access, refresh]
        return access, refresh

    def _age(self, left: int) -> int:
        return max(0, 3600 - left) if self.token_age is None else self.token_age

    def rotate(self, refresh_token: str) -> tuple[str, str] | None:
        """A new pair for a live refresh token, which dies in the exchange (rotation)."""
        with self._lock:
            account = self._refresh.pop(refresh_token, None)
        return self.issue_tokens(account) if account else None

    def take_failing_refresh(self) -> bool:
        with self._lock:
            if self.failing_refreshes > 0:
                self.failing_refreshes -= 1
                return True
        return False

    def revoke_refresh_tokens(self) -> None:
        with self._lock:
            self._refresh.clear()

    def issue_service_token(self, lifetime: int | None = None) -> str:
        now = int(time.time())
        token = jwt.sign(
            {
                "iss": f"https://sts.windows.net/{TENANT_ID}/",
                "aud": SERVICE_API_URI,
                "appid": SERVICE_CLIENT_ID,
                "azp": SERVICE_CLIENT_ID,
                "idtyp": "app",
                "tid": TENANT_ID,
                "roles": ["Service"],
                "uti": uuid.uuid4().hex,
                "sub": SERVICE_CLIENT_ID,
                "iat": now - self._age(lifetime or self.token_lifetime),
                "nbf": now - self._age(lifetime or self.token_lifetime),
                "exp": now + (lifetime or self.token_lifetime),
            },
            self._secret,
        )
        with self._lock:
            self.issued.append(token)
        return token

    def claims_for_bearer(self, authorization: str) -> tuple[dict[str, Any] | None, str]:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None, "missing bearer token"
        try:
            return jwt.verify(token.strip(), self._secret), ""
        except jwt.InvalidToken as exc:
            return None, str(exc)

    def account_for_bearer(self, authorization: str) -> tuple[Account | None, str]:
        claims, reason = self.claims_for_bearer(authorization)
        if claims is None:
            return None, reason
        account = next((a for a in ACCOUNTS.values() if a.user_id == claims.get("sub")), None)
        return account, "" if account else "unknown user"

    def new_code(self, account: Account) -> str:
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = account
        return code

    def new_session(self, account: Account) -> str:
        session = secrets.token_urlsafe(24)
        with self._lock:
            self._sessions[session] = account
        return session

    def session_account(self, session: str) -> Account | None:
        with self._lock:
            return self._sessions.get(session)

    def redeem_code(self, code: str) -> Account | None:
        with self._lock:
            return self._codes.pop(code, None)

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def requests_to(self, path_prefix: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.split("?")[0].startswith(path_prefix)]

    def token_location(self, access: str, refresh: str) -> str:
        a, r = quote(access, safe=""), quote(refresh, safe="")
        style = LocationStyle(self.location_style)
        if style is LocationStyle.RELATIVE_FRAGMENT:
            # Relative, snake_case, in the fragment: the portal's own Redirect page reads it.
            return (
                f"{REDIRECT_PATH}#access_token={a}&refresh_token={r}"
                f"&token_type=Bearer&expires_in={self.token_lifetime}"
            )
        if style is LocationStyle.QUERY:
            return f"{self.url}/Home/SignedIn?AccessToken={a}&RefreshToken={r}"
        if style is LocationStyle.FRAGMENT:
            return f"{self.url}/#access_token={a}&refresh_token={r}&token_type=Bearer"
        if style is LocationStyle.HASH_ROUTE:
            return f"{self.url}/#/signed-in?accessToken={a}&refreshToken={r}"
        if style is LocationStyle.SCHEME:
            return f"mctdemo://auth?AccessToken={a}&RefreshToken={r}"
        return f"{self.url}/Home/SignedIn?error=server_error&state=demo-{secrets.token_hex(20)}"


REDIRECT_PATH = "/ExternalAuthentication/Redirect"


def _opaque_refresh_token() -> str:
    # Standard base64 on purpose: `+`, `/` and `=` must survive the Location's encoding.
    while True:
        token = base64.b64encode(secrets.token_bytes(48)).decode("ascii")
        if "+" in token and "/" in token:
            return token + "="
