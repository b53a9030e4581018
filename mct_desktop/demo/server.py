"""A threaded HTTP server that signs users in like an MCT portal and serves a slice of its API."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from typing import Any

# The route modules register their handlers on import.
from mct_desktop.demo import (  # noqa: F401
    routes_api,
    routes_export,
    routes_refusal,
    routes_signin,
    routes_swagger,
    routes_tokens,
)
from mct_desktop.demo.http import Handler
from mct_desktop.demo.state import PortalState


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up early (a timeout test, a cancelled request) is normal here.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class DemoPortal(PortalState):
    """The demo portal. `start()` binds a loopback port (0 = any free one)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ----- lifecycle
    def start(self) -> DemoPortal:
        handler = type("BoundHandler", (Handler,), {"portal": self})
        self._server = _Server(("127.0.0.1", self.port), handler)
        if self.tls is not None:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
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
