"""A threaded HTTP server that signs users in like an MCT portal and serves a slice of its API."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from mct_desktop.demo import jwt, pages
from mct_desktop.demo.accounts import ACCOUNTS, DEMO_PASSWORD, TENANT_ID, TENANT_NAME, Account


class LocationStyle(StrEnum):
    """How the Callback's Location carries the tokens (the real form is undocumented)."""

    QUERY = "query"  # {portal}/Home/SignedIn?AccessToken=...&RefreshToken=...
    FRAGMENT = "fragment"  # {portal}/#access_token=...&refresh_token=...
    HASH_ROUTE = "hash-route"  # {portal}/#/signed-in?accessToken=...&refreshToken=...
    SCHEME = "scheme"  # mctdemo://auth?AccessToken=...&RefreshToken=...
    NONE = "none"  # a Callback that fails: {portal}/Home/SignedIn?error=...


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it, for tests to assert on the wire."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    host: str


@dataclass
class _Session:
    account: Account
    refresh_token: str


@dataclass
class DemoPortal:
    """The demo portal. `start()` binds a loopback port (0 = any free one)."""

    port: int = 0
    location_style: LocationStyle = LocationStyle.QUERY
    token_lifetime: int = 3600
    # When set, the sign-in page signs this account in at once, like an existing SSO session.
    auto_sign_in: str | None = None
    requests: list[RecordedRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._secret = secrets.token_bytes(32)
        self._codes: dict[str, Account] = {}
        self._refresh: dict[str, Account] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ----- lifecycle
    def start(self) -> DemoPortal:
        handler = type("Handler", (_Handler,), {"portal": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
            name="demo-portal",
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> DemoPortal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sign_in_origin(self) -> str:
        # A different origin than the portal's, like *.b2clogin.com in front of a real portal.
        return f"http://localhost:{self.port}"

    # ----- tokens
    def issue_tokens(self, account: Account) -> tuple[str, str]:
        now = int(time.time())
        claims = {
            "iss": f"https://{TENANT_NAME}.b2clogin.com/{TENANT_ID}/v2.0/",
            "exp": now + self.token_lifetime,
            "nbf": now,
            "iat": now,
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
        return access, refresh

    def account_for_bearer(self, authorization: str) -> tuple[Account | None, str]:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None, "missing bearer token"
        try:
            claims = jwt.verify(token.strip(), self._secret)
        except jwt.InvalidToken as exc:
            return None, str(exc)
        account = next((a for a in ACCOUNTS.values() if a.user_id == claims.get("sub")), None)
        return account, "" if account else "unknown user"

    def new_code(self, account: Account) -> str:
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = account
        return code

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
        if style is LocationStyle.QUERY:
            return f"{self.url}/Home/SignedIn?AccessToken={a}&RefreshToken={r}"
        if style is LocationStyle.FRAGMENT:
            return f"{self.url}/#access_token={a}&refresh_token={r}&token_type=Bearer"
        if style is LocationStyle.HASH_ROUTE:
            return f"{self.url}/#/signed-in?accessToken={a}&refreshToken={r}"
        if style is LocationStyle.SCHEME:
            return f"mctdemo://auth?AccessToken={a}&RefreshToken={r}"
        return f"{self.url}/Home/SignedIn?error=server_error&state=demo-{secrets.token_hex(20)}"


def _opaque_refresh_token() -> str:
    # Standard base64 on purpose: `+`, `/` and `=` must survive the Location's encoding.
    while True:
        token = base64.b64encode(secrets.token_bytes(48)).decode("ascii")
        if "+" in token and "/" in token:
            return token + "="


class _Handler(BaseHTTPRequestHandler):
    portal: DemoPortal
    protocol_version = "HTTP/1.1"
    server_version = "MCTDemoPortal/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # requests are recorded instead; stderr noise would hide test output

    # ----- dispatch
    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.portal.record(
            RecordedRequest(
                method, self.path, dict(self.headers.items()), body, self.headers.get("Host", "")
            )
        )
        path = urlsplit(self.path).path
        query = parse_qs(urlsplit(self.path).query)
        route = _ROUTES.get((method, path.lower().rstrip("/") or "/"))
        if route is None:
            self._send_json(HTTPStatus.NOT_FOUND, {"message": f"No route for {method} {path}"})
            return
        route(self, query, body)

    # ----- responses
    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_html(self, body: bytes, status: int = HTTPStatus.OK) -> None:
        self._send(status, body, "text/html; charset=utf-8")

    def _send_json(self, status: int, value: object, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(value).encode(), "application/json; charset=utf-8", headers)

    def _redirect(self, location: str) -> None:
        self._send(HTTPStatus.FOUND, b"", "text/plain", {"Location": location})

    # ----- sign-in flow
    def _on_login(self, query: dict[str, list[str]], body: bytes) -> None:
        state = secrets.token_urlsafe(12)
        self._redirect(f"{self.portal.sign_in_origin}/b2c/authorize?state={state}")

    def _on_authorize_page(self, query: dict[str, list[str]], body: bytes) -> None:
        state = query.get("state", [""])[0]
        if self.portal.auto_sign_in and (account := ACCOUNTS.get(self.portal.auto_sign_in)):
            self._finish_sign_in(account, state)
            return
        self._send_html(pages.sign_in_page(state))

    def _on_authorize_submit(self, query: dict[str, list[str]], body: bytes) -> None:
        form = parse_qs(body.decode("utf-8", "replace"))
        email = form.get("email", [""])[0].strip().lower()
        state = form.get("state", [""])[0]
        account = ACCOUNTS.get(email)
        if account is None or form.get("password", [""])[0] != DEMO_PASSWORD:
            self._send_html(
                pages.sign_in_page(
                    state, "We can't find an account with that email and password.", email
                ),
                HTTPStatus.OK,
            )
            return
        self._finish_sign_in(account, state)

    def _finish_sign_in(self, account: Account, state: str) -> None:
        code = self.portal.new_code(account)
        self._redirect(
            f"{self.portal.url}/ExternalAuthentication/Callback?code={code}&state={quote(state)}"
        )

    def _on_callback(self, query: dict[str, list[str]], body: bytes) -> None:
        account = self.portal.redeem_code(query.get("code", [""])[0])
        if account is None:
            self._send_html(
                pages.error_page("Sign-in failed", "Unknown or used code."), HTTPStatus.BAD_REQUEST
            )
            return
        access, refresh = self.portal.issue_tokens(account)
        self._redirect(self.portal.token_location(access, refresh))

    def _on_foreign_redirect(self, query: dict[str, list[str]], body: bytes) -> None:
        # A page on another origin that pushes a forged token URL at the browser.
        self._redirect(
            f"{self.portal.url}/Home/SignedIn?AccessToken=forged.by.another&RefreshToken=forged"
        )

    def _on_home(self, query: dict[str, list[str]], body: bytes) -> None:
        self._send_html(pages.portal_home(self.portal.url))

    # ----- API
    def _on_profile(self, query: dict[str, list[str]], body: bytes) -> None:
        account, reason = self.portal.account_for_bearer(self.headers.get("Authorization", ""))
        if account is None:
            self._send_json(
                HTTPStatus.UNAUTHORIZED,
                {"message": f"Unauthorized: {reason}"},
                {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{reason}"'},
            )
            return
        self._send_json(
            HTTPStatus.OK,
            {
                "id": account.user_id,
                "name": account.name,
                "email": account.email,
                "role": account.role,
                "tenantId": TENANT_ID,
            },
        )


_ROUTES = {
    ("GET", "/"): _Handler._on_home,
    ("GET", "/home/signedin"): _Handler._on_home,
    ("GET", "/externalauthentication/login"): _Handler._on_login,
    ("GET", "/b2c/authorize"): _Handler._on_authorize_page,
    ("POST", "/b2c/authorize"): _Handler._on_authorize_submit,
    ("GET", "/b2c/foreign-redirect"): _Handler._on_foreign_redirect,
    ("GET", "/externalauthentication/callback"): _Handler._on_callback,
    ("GET", "/api/v2/profile"): _Handler._on_profile,
}
