"""Sends console and CLI requests: token only to the portal, one refresh on 401, streaming."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlencode, urljoin

from mct_desktop.core.api.auth_headers import authorization_headers
from mct_desktop.core.api.request import ApiRequest, BodyKind, RequestError
from mct_desktop.core.api.response import ApiResponse, human_size, track_spool
from mct_desktop.core.portal import Portal, origin_of
from mct_desktop.core.session.token_client import USER_AGENT, AuthError
from mct_desktop.core.session.token_manager import NotSignedIn, TokenManager, expires_within
from mct_desktop.core.tls import TLS_HINT, CaBundleError, client_options, verify_for
from mct_desktop.core.tokens import TokenPair, utc_now

if TYPE_CHECKING:
    import httpx  # imported where used: the main window must not wait for it

SPOOL_THRESHOLD = 2 * 1024 * 1024  # bodies above this go to a temp file, not memory
MAX_REDIRECTS = 10
_CHUNK = 64 * 1024
_AUTH_HEADERS = ("authorization", "clienttype", "cookie")
Progress = Callable[[int, int | None], None]  # bytes received, total if announced


_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class _Limits:
    """What one call allows: redirects followed, and the largest body accepted."""

    follow_redirects: bool = True
    max_bytes: int | None = None  # a body larger than this is refused while it arrives


class ApiError(Exception):
    """The request did not produce a response; the message says why, for the user."""


class Cancelled(ApiError):
    pass


class ApiClient:
    def __init__(
        self,
        manager: TokenManager | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        spool_threshold: int = SPOOL_THRESHOLD,
    ) -> None:
        self._manager = manager
        self._spool_threshold = spool_threshold
        self._transport = transport
        self._clients: dict[str, httpx.Client] = {}  # by CA bundle: one pool per trust
        self._clients_lock = threading.Lock()

    def _client_for(self, portal: Portal | None) -> httpx.Client:
        import httpx

        # One pool per trust: a portal's private CA counts for that portal's host only.
        key = f"{portal.ca_bundle} {portal.base_url}" if portal and portal.ca_bundle else ""
        with self._clients_lock:
            client = self._clients.get(key)
            if client is None:
                trust = {"verify": verify_for(None)} if self._transport else client_options(portal)
                client = self._clients[key] = httpx.Client(
                    transport=self._transport,
                    follow_redirects=False,
                    headers={"User-Agent": USER_AGENT},
                    **trust,
                )
        return client

    def close(self) -> None:
        with self._clients_lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()

    def send(
        self,
        portal: Portal | None,
        request: ApiRequest,
        *,
        token_to_other_origin: bool = False,
        cancel: threading.Event | None = None,
        progress: Progress | None = None,
        follow_redirects: bool = True,
        max_bytes: int | None = None,
    ) -> ApiResponse:
        """Send `request`. The token goes only to the portal's origin unless the caller has
        the user's consent (`token_to_other_origin`), and never across a redirect to
        another origin. A body over `max_bytes` stops the reading with ApiError.
        Raises RequestError, AuthError or ApiError."""
        limits = _Limits(follow_redirects, max_bytes)
        request.validate()
        url = request.url(portal)
        try:
            client = self._client_for(portal)
        except CaBundleError as exc:
            raise RequestError(str(exc)) from None
        wants_token = portal is not None and (
            origin_of(url) == portal.base_url or token_to_other_origin
        )
        pair, note = self._token(portal) if wants_token else (None, "")
        response = self._send_following_redirects(
            client, portal, request, url, pair, cancel, progress, limits
        )
        if (
            response.status == 401
            and pair is not None
            and portal is not None
            and self._manager is not None
            and _token_expired(pair, response)
        ):
            response.discard()
            pair = self._manager.ensure_fresh(portal, 30, force=True)
            response = self._send_following_redirects(
                client, portal, request, url, pair, cancel, progress, limits
            )
            response.refreshed_token = True
        response.note = note
        return response

    def _token(self, portal: Portal | None) -> tuple[TokenPair | None, str]:
        if portal is None or self._manager is None:
            return None, ""
        try:
            # Refresh first when the token would die mid-request.
            return self._manager.ensure_fresh(portal, 30), ""
        except NotSignedIn:
            return None, "Sent without a token: not signed in to this portal."

    def _send_following_redirects(
        self,
        client: httpx.Client,
        portal: Portal | None,
        request: ApiRequest,
        url: str,
        pair: TokenPair | None,
        cancel: threading.Event | None,
        progress: Progress | None,
        limits: _Limits,
    ) -> ApiResponse:
        import httpx

        method = request.method.upper()
        headers = _merged_headers(request, portal, pair)
        content, files = _body(request)
        params: Any = request.query or None
        redirects: list[str] = []
        started = time.perf_counter()
        while True:
            try:
                built = client.build_request(
                    method,
                    url,
                    params=params,
                    headers=headers,
                    content=content,
                    files=files,
                    timeout=httpx.Timeout(request.timeout),
                )
            except (httpx.InvalidURL, ValueError) as exc:
                if redirects:
                    raise ApiError(
                        _bad_redirect(str(built.url.copy_with(query=None)), exc)
                    ) from None
                raise RequestError(f"The request cannot be built: {exc}") from None
            response = self._open(client, built, request.timeout)
            location = response.headers.get("Location")
            if limits.follow_redirects and response.status_code in _REDIRECTS and location:
                response.close()
                if len(redirects) >= MAX_REDIRECTS:
                    raise ApiError(
                        f"Too many redirects ({MAX_REDIRECTS}); the last ones went to "
                        + " → ".join(redirects[-3:])
                        + ". The server is probably looping."
                    )
                url = urljoin(str(built.url), location)
                redirects.append(url)
                params = None  # the Location carries its own query
                if portal is None or origin_of(url) != portal.base_url:
                    # Never follow with the token to another origin.
                    headers = [(k, v) for k, v in headers if k.lower() not in _AUTH_HEADERS]
                if response.status_code == 303 or (
                    response.status_code in (301, 302) and method == "POST"
                ):
                    method, content, files = "GET", None, None
                continue
            return self._read(
                response, started, redirects, pair is not None, cancel, progress, limits.max_bytes
            )

    def _open(self, client: httpx.Client, built: httpx.Request, timeout: float) -> httpx.Response:
        import httpx

        try:
            return client.send(built, stream=True)
        except httpx.InvalidURL as exc:
            # httpx resolves a redirect's Location even when not following it; the request
            # itself was valid (build_request checked it), so the Location is not.
            raise ApiError(_bad_redirect(str(built.url.copy_with(query=None)), exc)) from None
        except httpx.RemoteProtocolError as exc:
            if "location header" not in str(exc).lower():
                raise ApiError(f"The request to {built.url.host} failed: {exc}") from None
            raise ApiError(_bad_redirect(str(built.url.copy_with(query=None)), exc)) from None
        except httpx.TimeoutException:
            raise ApiError(
                f"{built.url.host} did not answer within {timeout:g} s (timeout)."
            ) from None
        except httpx.ConnectError as exc:
            raise ApiError(_connect_problem(built.url, exc)) from None
        except httpx.TooManyRedirects as exc:  # not used (we follow by hand), kept for safety
            raise ApiError(str(exc)) from None
        except httpx.HTTPError as exc:
            raise ApiError(f"The request to {built.url.host} failed: {exc}") from None

    def _read(
        self,
        response: httpx.Response,
        started: float,
        redirects: list[str],
        token_sent: bool,
        cancel: threading.Event | None,
        progress: Progress | None,
        max_bytes: int | None = None,
    ) -> ApiResponse:
        import httpx

        announced = response.headers.get("Content-Length")
        total = int(announced) if announced and announced.isdigit() else None
        memory = bytearray()
        spool: IO[bytes] | None = None
        spool_path: Path | None = None
        size = 0
        try:
            for chunk in response.iter_bytes(_CHUNK):
                if cancel is not None and cancel.is_set():
                    raise Cancelled("Cancelled.")
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise ApiError(
                        f"The response is larger than {human_size(max_bytes)}, the most "
                        "expected here; reading stopped there."
                    )
                if spool is None and size > self._spool_threshold:
                    spool_path = _private_temp_file()
                    spool = spool_path.open("wb")
                    spool.write(memory)
                    memory = bytearray()
                if spool is not None:
                    spool.write(chunk)
                else:
                    memory += chunk
                if progress is not None:
                    progress(size, total)
        except httpx.TimeoutException:
            _remove(spool, spool_path)
            raise ApiError(
                f"The response stopped arriving after {size} bytes (read timeout)."
            ) from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            _remove(spool, spool_path)
            announced = f" of {total:,} announced" if total else ""
            raise ApiError(
                f"The connection broke before the whole body arrived ({size:,} bytes "
                f"read{announced}): {exc}. The response was discarded; try again."
            ) from None
        except BaseException:
            _remove(spool, spool_path)
            raise
        finally:
            response.close()
        if spool is not None:
            spool.close()
        return ApiResponse(
            status=response.status_code,
            reason=response.reason_phrase,
            url=str(response.url),
            headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw],
            elapsed=time.perf_counter() - started,
            size=size,
            body=None if spool_path else bytes(memory),
            body_path=spool_path,
            redirects=redirects,
            token_sent=token_sent,
        )


def _merged_headers(
    request: ApiRequest, portal: Portal | None, pair: TokenPair | None
) -> list[tuple[str, str]]:
    headers = [(k.strip(), v.strip()) for k, v in request.headers if k.strip()]
    names = {k.lower() for k, _ in headers}
    if pair is not None and portal is not None:
        for name, value in authorization_headers(portal, pair.access_token).items():
            if name.lower() not in names:  # a header the user typed wins
                headers.append((name, value))
    defaults = {
        BodyKind.JSON: "application/json",
        BodyKind.TEXT: "text/plain; charset=utf-8",
        BodyKind.FORM: "application/x-www-form-urlencoded",
    }
    if request.body_kind in defaults and "content-type" not in names:
        headers.append(("Content-Type", defaults[request.body_kind]))
    if "accept" not in names:
        headers.append(("Accept", "application/json, text/csv;q=0.9, */*;q=0.8"))
    return headers


def _body(request: ApiRequest) -> tuple[bytes | None, Any]:
    kind = request.body_kind
    if kind in (BodyKind.JSON, BodyKind.TEXT):
        return request.body_text.encode("utf-8"), None
    if kind is BodyKind.FORM:
        return urlencode(request.form).encode("ascii"), None
    if kind is BodyKind.MULTIPART:
        path = Path(request.file_path)
        files = [(request.file_field or "file", (path.name, path.read_bytes()))]
        files += [(name, (None, value.encode())) for name, value in request.form]  # type: ignore[misc]
        return None, files
    return None, None


def _token_expired(pair: TokenPair, response: ApiResponse) -> bool:
    """Only an expired token earns a refresh: a 401 for other reasons would just repeat."""
    challenge = response.header("WWW-Authenticate").lower()
    return expires_within(pair, 5, utc_now()) or "expired" in challenge


def _connect_problem(url: httpx.URL, exc: httpx.ConnectError) -> str:
    import ssl  # loaded by httpx by now; not at start-up (10 ms)

    text = str(exc)
    host = url.host
    cause = exc.__cause__ or exc.__context__
    while cause is not None and not isinstance(cause, ssl.SSLError):
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, ssl.SSLCertVerificationError):
        return (
            f"The TLS certificate of {host} was rejected: {cause.verify_message or cause}. "
            "Nothing was sent." + TLS_HINT
        )
    if isinstance(cause, ssl.SSLError) or "SSL" in text or "TLS" in text:
        return f"TLS handshake with {host} failed: {cause or text}."
    lowered = text.lower()
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or "getaddrinfo" in lowered
        or "no address associated" in lowered
    ):
        return f"The host name {host} could not be resolved (DNS): check the address."
    if "refused" in lowered:
        port = url.port or (443 if url.scheme == "https" else 80)
        return f"Connection refused by {host}:{port}: nothing is listening there."
    return f"Could not connect to {host}: {text}"


def _bad_redirect(source: str, exc: Exception) -> str:
    reason = str(exc).rstrip(".")
    return f"{source} redirected to an invalid URL ({reason}); the redirect was not followed."


def _private_temp_file() -> Path:
    # A private (0700) folder: a response body may hold personal data.
    folder = Path(tempfile.mkdtemp(prefix="mct-desktop-response-"))
    os.chmod(folder, 0o700)
    track_spool(folder)
    return folder / "body"


def _remove(spool: IO[bytes] | None, path: Path | None) -> None:
    if spool is not None:
        spool.close()
    if path is not None:
        shutil.rmtree(path.parent, ignore_errors=True)


__all__ = ["ApiClient", "ApiError", "AuthError", "Cancelled", "RequestError"]
