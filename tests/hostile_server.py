"""A loopback server that answers what a hostile or broken server would (issue 16 item 8)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DEEP_JSON = b"[" * 5000 + b"]" * 5000
LONG_INT_JSON = b'{"n": ' + b"7" * 5000 + b"}"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        port = self.server.server_address[1]
        if self.path == "/bad-redirect":
            self.send_response(302)
            self.send_header("Location", f"http:127.0.0.2:{port}/x")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = {"/deep": DEEP_JSON, "/long-int": LONG_INT_JSON}.get(self.path, b"{}")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Hostile", "yes")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def hostile_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
