"""Token endpoints over httpx: the portal's RefreshToken call and OAuth client credentials."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mct_desktop import __version__
from mct_desktop.core.portal import Portal, ServiceAuth
from mct_desktop.core.redact import redact
from mct_desktop.core.tokens import TokenPair

if TYPE_CHECKING:
    import ssl

    # Imported where used: `mct-desktop token` with a valid token needs no HTTP at all,
    # and httpx is a fifth of that command's start-up.
    import httpx

log = logging.getLogger(__name__)
USER_AGENT = f"mct-desktop/{__version__}"


class AuthError(Exception):
    """A token request failed; the message is for the user and never holds a secret."""


class SignInRequired(AuthError):
    """The portal or authority refused the credential (400/401): only a new sign-in helps."""


class AuthNetworkError(AuthError):
    """The endpoint could not be reached or kept failing (5xx, 429) after the retries."""


class AuthProtocolError(AuthError):
    """The endpoint answered 2xx but not with tokens we can read."""


@dataclass(frozen=True)
class RetryPolicy:
    """How a token refresh retries a network failure: attempts and the delays between."""

    attempts: int = 4
    first_delay: float = 0.5  # then doubled: 0.5 s, 1 s, 2 s
    max_delay: float = 8.0


_ACCESS_NAME = "accesstoken"
_REFRESH_NAME = "refreshtoken"
# The whole exchange, retries included, ends within this: `mct-desktop token --refresh`
# against an endpoint that never answers must not hang a script for minutes.
REFRESH_DEADLINE = 30.0


def _canonical(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def _top_level_field(data: dict[Any, Any], name: str) -> str:
    """A string field at the top level under any usual spelling (accessToken, access_token…).

    Only the top level counts: a `{"error": {"accessToken": …}}` or `{"token": …}` answer is
    not a token pair, and must not replace the stored one.
    """
    for key, value in data.items():
        if _canonical(str(key)) == name and isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def parse_refresh_response(data: Any) -> TokenPair:
    access = _top_level_field(data, _ACCESS_NAME) if isinstance(data, dict) else ""
    if not access:
        keys = ", ".join(sorted(map(str, data))) if isinstance(data, dict) else type(data).__name__
        raise AuthProtocolError(
            f"The refresh response carried no access token (fields present: {keys or 'none'})."
        )
    refresh = _top_level_field(data, _REFRESH_NAME)
    return TokenPair(access, refresh or None)


class TokenClient:
    """Calls token endpoints with retries. `transport` lets tests swap the network layer."""

    def __init__(
        self,
        *,
        timeout: float = 15.0,
        deadline: float | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        import httpx

        self._retry = retry or RetryPolicy()
        self._sleep = sleep
        self._timeout = timeout
        self._deadline = REFRESH_DEADLINE if deadline is None else deadline
        self._client = httpx.Client(
            timeout=timeout,
            transport=transport,
            verify=verify,
            follow_redirects=False,  # a token endpoint that redirects is a misconfiguration
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )

    def close(self) -> None:
        self._client.close()

    def refresh(self, portal: Portal, refresh_token: str) -> TokenPair:
        """Trade a refresh token for a new pair. The old refresh token is dead afterwards."""
        response = self._send(
            "POST", portal.refresh_url, json={"RefreshToken": refresh_token}, what="refresh"
        )
        if response.status_code in (400, 401, 403):
            raise SignInRequired(
                f"{portal.display_name} refused the refresh token "
                f"(HTTP {response.status_code}{_server_message(response)}): the session has "
                "ended. Sign in again."
            )
        _raise_for_unexpected(response, "refresh")
        pair = parse_refresh_response(_json(response, "refresh"))
        if pair.refresh_token is None:
            # No new refresh token: the old one may still be valid; keep using it.
            pair = TokenPair(pair.access_token, refresh_token)
        return pair

    def client_credentials(self, service: ServiceAuth, secret: str) -> tuple[str, int | None]:
        """An app-only access token and its lifetime in seconds (None when not said)."""
        response = self._send(
            "POST",
            service.token_url,
            data={
                "grant_type": "client_credentials",
                "client_id": service.client_id,
                "client_secret": secret,
                "scope": service.scope,
            },
            what="client-credentials",
        )
        if response.status_code in (400, 401, 403):
            raise SignInRequired(
                f"The authority refused the client credentials (HTTP {response.status_code}"
                f"{_server_message(response)}). Check the tenant ID, client ID, secret and API URI."
            )
        _raise_for_unexpected(response, "client-credentials")
        data = _json(response, "client-credentials")
        token = data.get("access_token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise AuthProtocolError("The authority's answer carried no access_token.")
        expires_in = data.get("expires_in")
        try:
            lifetime = int(expires_in) if expires_in is not None else None
        except (TypeError, ValueError):
            lifetime = None
        return token, lifetime

    def _send(self, method: str, url: str, *, what: str, **kwargs: Any) -> httpx.Response:
        import httpx

        delay = self._retry.first_delay
        last_problem = ""
        started = time.monotonic()
        for attempt in range(1, self._retry.attempts + 1):
            left = self._deadline - (time.monotonic() - started)
            try:
                response = self._client.request(
                    method, url, timeout=max(0.1, min(self._timeout, left)), **kwargs
                )
            except httpx.HTTPError as exc:
                last_problem = _network_problem(exc, httpx.URL(url).host)
            else:
                if response.status_code < 500 and response.status_code != 429:
                    return response
                last_problem = f"HTTP {response.status_code}{_server_message(response)}"
                if retry_after := _retry_after(response):
                    delay = min(max(delay, retry_after), self._retry.max_delay)
            left = self._deadline - (time.monotonic() - started)
            if attempt < self._retry.attempts and left <= delay:
                raise AuthNetworkError(
                    f"Could not {_verb(what)}: {last_problem}. Gave up after "
                    f"{time.monotonic() - started:.0f} s ({attempt} attempt"
                    f"{'s' if attempt > 1 else ''}; the limit is {self._deadline:g} s). "
                    "The stored tokens are unchanged; try again when the connection is back."
                )
            if attempt < self._retry.attempts:
                log.warning(
                    "%s attempt %d failed (%s); retrying in %.1f s",
                    what,
                    attempt,
                    last_problem,
                    delay,
                )
                self._sleep(delay)
                delay = min(delay * 2, self._retry.max_delay)
        raise AuthNetworkError(
            f"Could not {_verb(what)} after {self._retry.attempts} attempts: {last_problem}. "
            "The stored tokens are unchanged; try again when the connection is back."
        )


def _verb(what: str) -> str:
    return "refresh the token" if what == "refresh" else "get a service token"


def _network_problem(exc: httpx.HTTPError, host: str) -> str:
    import httpx

    if "CERTIFICATE_VERIFY_FAILED" in str(exc) or "SSL" in str(exc):
        return f"the TLS certificate of {host} was not accepted ({exc})"
    if isinstance(exc, httpx.TimeoutException):
        return f"{host} did not answer in time"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect to {host} ({exc})"
    return f"{type(exc).__name__} talking to {host} ({exc})"


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


def _server_message(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    if isinstance(data, dict):
        for key in ("message", "error_description", "error", "title"):
            if isinstance(data.get(key), str):
                return f": {redact(data[key][:200])}"
    return ""


def _raise_for_unexpected(response: httpx.Response, what: str) -> None:
    if not 200 <= response.status_code < 300:
        raise AuthProtocolError(
            f"Unexpected answer to the {what} request: HTTP {response.status_code}"
            f"{_server_message(response)}."
        )


def _json(response: httpx.Response, what: str) -> Any:
    try:
        return response.json()
    except ValueError:
        kind = response.headers.get("Content-Type", "no content type")
        raise AuthProtocolError(
            f"The {what} response was not JSON ({kind}, {len(response.content)} bytes)."
        ) from None
