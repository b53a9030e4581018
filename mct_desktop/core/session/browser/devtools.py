"""A minimal synchronous DevTools-protocol session over websocket-client."""

from __future__ import annotations

import contextlib
import json
import time
from collections import deque
from typing import Any

import websocket  # websocket-client: synchronous, no event loop needed in a worker thread

from mct_desktop.core.session.browser.locate import BrowserSignInError

Message = dict[str, Any]


class BrowserGone(BrowserSignInError):
    """The DevTools connection closed: the browser exited or was closed by the user."""


class DevToolsConnection:
    """Commands with replies, and the events that arrive meanwhile, in order."""

    def __init__(self, port: int, path: str, timeout: float = 10.0) -> None:
        url = f"ws://127.0.0.1:{port}{path}"
        try:
            # No Origin header: Chromium refuses WebSocket clients from unlisted origins.
            self._ws = websocket.create_connection(url, timeout=timeout, suppress_origin=True)
        except (OSError, websocket.WebSocketException) as exc:
            raise BrowserSignInError(
                f"Could not connect to the browser's DevTools: {exc}"
            ) from None
        self._next_id = 0
        self._events: deque[Message] = deque()

    def call(
        self,
        method: str,
        params: Message | None = None,
        session: str | None = None,
        timeout: float = 10.0,
    ) -> Message:
        """Send a command and wait for its reply; events received meanwhile are queued."""
        self._next_id += 1
        message: Message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._send(message)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserSignInError(f"The browser did not answer {method} in time.")
            reply = self._receive(remaining)
            if reply is None:
                continue
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    error = reply["error"]
                    detail = error.get("message", error) if isinstance(error, dict) else error
                    raise BrowserSignInError(f"The browser refused {method}: {detail}")
                result: Message = reply.get("result", {})
                return result
            if "method" in reply:
                self._events.append(reply)

    def next_event(self, timeout: float) -> Message | None:
        """The next event, or None when none arrived within `timeout` s."""
        if self._events:
            return self._events.popleft()
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            message = self._receive(remaining)
            if message is not None and "method" in message:
                return message
        return None

    def notify(
        self, method: str, params: Message | None = None, session: str | None = None
    ) -> None:
        """Send a command without waiting for its reply (Browser.close may not get one)."""
        self._next_id += 1
        message: Message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        with contextlib.suppress(BrowserGone):
            self._send(message)

    def close(self) -> None:
        with contextlib.suppress(OSError, websocket.WebSocketException):
            self._ws.close(timeout=0.5)

    def _send(self, message: Message) -> None:
        try:
            self._ws.send(json.dumps(message))
        except (OSError, websocket.WebSocketException):
            raise BrowserGone("The browser was closed before the sign-in finished.") from None

    def _receive(self, timeout: float) -> Message | None:
        self._ws.settimeout(max(timeout, 0.01))
        try:
            text = self._ws.recv()
        except websocket.WebSocketTimeoutException:
            return None
        except (OSError, websocket.WebSocketException):
            raise BrowserGone("The browser was closed before the sign-in finished.") from None
        if not text:
            raise BrowserGone("The browser was closed before the sign-in finished.")
        try:
            message = json.loads(text)
        except ValueError:
            return None
        return message if isinstance(message, dict) else None
