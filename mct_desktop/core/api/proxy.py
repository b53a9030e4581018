"""A local authenticating proxy: the portal's API on 127.0.0.1, with a fresh token added.

Trust boundary: any local process may use it while it runs (as it could run
`mct-desktop token`). Web pages may not: a foreign Host (DNS rebinding), a foreign Origin
or a cross-site fetch is refused, and no CORS header is ever sent."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from mct_desktop.core.api.auth_headers import authorization_headers
from mct_desktop.core.portal import Portal
from mct_desktop.core.redact import redact
from mct_desktop.core.session.token_client import USER_AGENT, AuthError
from mct_desktop.core.session.token_manager import NotSignedIn, TokenManager
from mct_desktop.core.tls import verify_for

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)
REPLAYABLE = 1024 * 1024  # bodies up to this are kept, so a 401 can be retried after a refresh
_CHUNK = 64 * 1024
_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}
# Never forwarded from the local client: the proxy decides who the caller is.
_DROP_IN = _HOP | {"host", "authorization", "clienttype", "cookie", "content-length", "origin"}
_DROP_OUT = _HOP | {"set-cookie", "content-length"}


class ApiProxy:
    """`start()` binds 127.0.0.1 (port 0: any free one); `stop()` ends it."""

    def __init__(
        self,
        portal: Portal,
        manager: TokenManager,
        *,
        port: int = 0,
        on_request: Callable[[str], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        import httpx

        self.portal = portal
        self.manager = manager
        self.port = port
        self.on_request = on_request
        self.client = httpx.Client(
            transport=transport,
            verify=verify_for(portal),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(30.0, read=300.0),
        )
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def allowed_hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def start(self) -> ApiProxy:
        handler = type("BoundProxyHandler", (_Handler,), {"proxy": self})
        server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        server.daemon_threads = True
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True, name="proxy"
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self.client.close()

    def __enter__(self) -> ApiProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def record(self, line: str) -> None:
        line = redact(line)
        log.info("proxy: %s", line)
        if self.on_request is not None:
            self.on_request(line)


class _Handler(BaseHTTPRequestHandler):
    proxy: ApiProxy
    protocol_version = "HTTP/1.1"
    server_version = "mct-desktop-proxy"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # each request is recorded by `_forward`, without its secrets

    def do_GET(self) -> None:
        self._forward()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def _forward(self) -> None:
        started = time.perf_counter()
        status, size = self._handle()
        ms = (time.perf_counter() - started) * 1000
        self.proxy.record(f"{self.command} {self.path} -> {status} ({size} bytes, {ms:.0f} ms)")

    def _handle(self) -> tuple[int, int]:
        self._length: int | None = None
        refusal = self._refusal()
        if refusal:
            self.close_connection = True
            return self._plain(HTTPStatus.FORBIDDEN, refusal)
        import httpx

        body, replayable = self._body()
        try:
            response = self._send(body)
            if response.status_code == 401 and replayable:
                response.close()
                response = self._send(body, force=True)
        except (NotSignedIn, AuthError) as exc:
            return self._plain(HTTPStatus.BAD_GATEWAY, f"No token for the portal: {exc}")
        except httpx.HTTPError as exc:
            return self._plain(HTTPStatus.BAD_GATEWAY, f"The portal did not answer: {exc}")
        try:
            return self._relay(response)
        finally:
            response.close()

    def _refusal(self) -> str:
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.proxy.allowed_hosts():
            return f"Host {host or '(none)'} is not this proxy's address; refused."
        if not self.path.startswith("/"):
            return f"This proxy forwards only to {self.proxy.portal.base_url}; refused."
        origin = self.headers.get("Origin")
        if origin is not None and origin.lower().rstrip("/") not in {
            f"http://{h}" for h in self.proxy.allowed_hosts()
        }:
            return "Requests from web pages are refused."
        if (self.headers.get("Sec-Fetch-Site") or "").lower() in ("cross-site", "same-site"):
            return "Requests from web pages are refused."
        return ""

    def _body(self) -> tuple[bytes | Iterator[bytes] | None, bool]:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            # A small chunked body goes on with a length (and can be replayed); a large
            # one streams on, chunked.
            chunks = self._chunks()
            kept: list[bytes] = []
            size = 0
            for chunk in chunks:
                kept.append(chunk)
                size += len(chunk)
                if size > REPLAYABLE:
                    return _chain(kept, chunks), False
            return b"".join(kept), True
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0:
            return None, True
        if length <= REPLAYABLE:
            return self.rfile.read(length), True
        self._length = length  # streamed on with its length, not re-chunked
        return self._stream(length), False

    def _stream(self, length: int) -> Iterator[bytes]:
        while length > 0:
            chunk = self.rfile.read(min(_CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk

    def _chunks(self) -> Iterator[bytes]:
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline().strip():
                    pass  # trailers
                return
            yield self.rfile.read(size)
            self.rfile.readline()

    def _send(self, body: bytes | Iterator[bytes] | None, force: bool = False) -> httpx.Response:
        proxy = self.proxy
        pair = proxy.manager.ensure_fresh(proxy.portal, 30, force=force)
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in _DROP_IN]
        headers += list(authorization_headers(proxy.portal, pair.access_token).items())
        if self._length is not None:
            headers.append(("Content-Length", str(self._length)))
        request = proxy.client.build_request(
            self.command, proxy.portal.base_url + self.path, headers=headers, content=body
        )
        return proxy.client.send(request, stream=True)

    def _relay(self, response: httpx.Response) -> tuple[int, int]:
        self.send_response(response.status_code, response.reason_phrase)
        length = response.headers.get("Content-Length")
        for name, value in response.headers.multi_items():
            lower = name.lower()
            if lower in _DROP_OUT:
                continue
            if lower == "location" and value.startswith(self.proxy.portal.base_url):
                value = self.proxy.url + value[len(self.proxy.portal.base_url) :]
            self.send_header(name, value)
        empty = self.command == "HEAD" or response.status_code in (204, 304)
        chunked = length is None and not empty
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif length is not None:
            self.send_header("Content-Length", length)
        self.end_headers()
        size = 0
        if empty:
            return response.status_code, 0
        for chunk in response.iter_raw(_CHUNK):
            size += len(chunk)
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            else:
                self.wfile.write(chunk)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
        return response.status_code, size

    def _plain(self, status: int, message: str) -> tuple[int, int]:
        body = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True  # a request body may be left unread
        return status, len(body)


def _chain(first: list[bytes], rest: Iterator[bytes]) -> Iterator[bytes]:
    yield from first
    yield from rest
