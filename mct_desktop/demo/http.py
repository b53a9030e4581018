"""The demo portal's request plumbing: a route registry, request recording, reply helpers."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mct_desktop.demo.state import PortalState, RecordedRequest


@dataclass(frozen=True)
class Request:
    """An HTTP request as the demo portal's routes receive it."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes
    params: dict[str, str]  # named groups of the route's pattern

    def arg(self, name: str, default: str = "") -> str:
        return self.query.get(name, [default])[0]

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode("utf-8", "replace")).items()}


RouteFn = Callable[["Handler", Request], None]
_ROUTES: list[tuple[str, re.Pattern[str], RouteFn]] = []


def route(method: str, pattern: str) -> Callable[[RouteFn], RouteFn]:
    """Register a handler for a method and a case-insensitive full-path pattern."""

    def register(fn: RouteFn) -> RouteFn:
        _ROUTES.append((method, re.compile(pattern, re.IGNORECASE), fn))
        return fn

    return register


class Handler(BaseHTTPRequestHandler):
    portal: PortalState
    protocol_version = "HTTP/1.1"
    server_version = "MCTDemoPortal/1.0"

    def setup(self) -> None:
        super().setup()
        # Headers and body leave in separate writes; without this, Nagle's algorithm and the
        # client's delayed ACK add 40 ms to every keep-alive response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # requests are recorded instead; stderr noise would hide test output

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.portal.record(
            RecordedRequest(
                method, self.path, dict(self.headers.items()), body, self.headers.get("Host", "")
            )
        )
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        for verb, pattern, fn in _ROUTES:
            if verb == method and (match := pattern.fullmatch(path)):
                fn(self, Request(method, path, parse_qs(parts.query), body, match.groupdict()))
                return
        self.send_json(HTTPStatus.NOT_FOUND, {"message": f"No route for {method} {parts.path}"})

    # ----- replies
    def send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_html(self, body: bytes, status: int = HTTPStatus.OK) -> None:
        self.send(status, body, "text/html; charset=utf-8")

    def send_json(self, status: int, value: object, headers: dict[str, str] | None = None) -> None:
        self.send(status, json.dumps(value).encode(), "application/json; charset=utf-8", headers)

    def redirect(self, location: str) -> None:
        self.send(HTTPStatus.FOUND, b"", "text/plain", {"Location": location})

    def unauthorized(self, reason: str) -> None:
        self.send_json(
            HTTPStatus.UNAUTHORIZED,
            {"message": f"Unauthorized: {reason}"},
            {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{reason}"'},
        )
