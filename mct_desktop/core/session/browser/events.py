"""Which DevTools network events mean the portal's Callback answered, and with what."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from mct_desktop.core.portal import CALLBACK_PATH, origin_of
from mct_desktop.core.session.callback import (
    CallbackError,
    has_token_parameter,
    mask_location,
    parse_callback_location,
)
from mct_desktop.core.session.capture import Captured, Failed, Ignored, Outcome

log = logging.getLogger(__name__)


def _header(headers: Any, name: str) -> str | None:
    """A response header by name, whatever its case (HTTP/2 lower-cases them all)."""
    if not isinstance(headers, dict):
        return None
    for key, value in headers.items():
        if str(key).lower() == name:
            # Chromium joins repeated headers with a newline; a Location is never repeated.
            return str(value).split("\n", 1)[0]
    return None


def _listed_header(headers: Any, name: str) -> str | None:
    """A header from `Fetch.requestPaused`'s list of {name, value} entries."""
    if not isinstance(headers, list):
        return None
    return _header(
        {h.get("name", ""): h.get("value", "") for h in headers if isinstance(h, dict)}, name
    )


def is_paused_redirect(event: dict[str, Any]) -> bool:
    """A `Fetch.requestPaused` at the response stage whose response is a 3xx."""
    params = event.get("params") or {}
    return (
        event.get("method") == "Fetch.requestPaused"
        and 300 <= int(params.get("responseStatusCode") or 0) < 400
    )


class CallbackWatcher:
    """Reads the Callback's Location from DevTools events of one page, as a person would.

    Only a 3xx answered by the portal's own origin for /ExternalAuthentication/Callback in
    the page's main frame counts; its raw Location header (relative, fragment included) is
    parsed exactly like a pasted one. It arrives first as `Fetch.requestPaused` (the
    Callback's response held at the response stage, so the browser never follows the token
    URL) and, when nothing holds it, as `Network.requestWillBeSent.redirectResponse`. A
    token-bearing address from anywhere else is ignored and logged masked.
    """

    def __init__(self, portal_base_url: str, main_frame: str | None = None) -> None:
        self._portal_origin = origin_of(portal_base_url)
        self._main_frame = main_frame
        self.done = False

    def feed(self, event: dict[str, Any]) -> Outcome | None:
        if self.done:
            return None
        method = event.get("method")
        params = event.get("params") or {}
        if method == "Network.requestWillBeSent":
            return self._on_request(params)
        if method == "Network.responseReceived":
            return self._on_response(params)
        if method == "Fetch.requestPaused":
            return self._on_paused(params)
        return None

    def _on_paused(self, params: dict[str, Any]) -> Outcome | None:
        url = str((params.get("request") or {}).get("url", ""))
        status = int(params.get("responseStatusCode") or 0)
        location = _listed_header(params.get("responseHeaders"), "location")
        if not self._is_callback(url):
            if location and has_token_parameter(location):
                source = origin_of(url) or "another origin"
                return self._ignore(location, f"it was a redirect from {source}, not the portal")
            return None
        frame = {"type": params.get("resourceType"), "frameId": params.get("frameId")}
        if not self._in_main_frame(frame):
            return None
        if 300 <= status < 400 and location is not None:
            self.done = True
            try:
                return Captured(parse_callback_location(location))
            except CallbackError as exc:
                return Failed(str(exc))
        return self._on_response({**frame, "response": {"url": url, "status": status}})

    def _on_request(self, params: dict[str, Any]) -> Outcome | None:
        request = params.get("request") or {}
        target = str(request.get("url", "")) + str(request.get("urlFragment", ""))
        answer = params.get("redirectResponse")
        if not isinstance(answer, dict):
            if has_token_parameter(target):
                return self._ignore(target, "it was not the redirect of the portal's Callback")
            return None
        location = _header(answer.get("headers"), "location") or target
        responder = str(answer.get("url", ""))
        if not self._is_callback(responder):
            if has_token_parameter(location) or has_token_parameter(target):
                source = origin_of(responder) or "another origin"
                return self._ignore(location, f"it was a redirect from {source}, not the portal")
            return None
        if not self._in_main_frame(params):
            return self._ignore(location, "the portal's Callback answered in a frame, not the page")
        if not 300 <= int(answer.get("status") or 0) < 400:
            return None
        self.done = True
        try:
            return Captured(parse_callback_location(location))
        except CallbackError as exc:
            return Failed(str(exc))

    def _on_response(self, params: dict[str, Any]) -> Outcome | None:
        response = params.get("response") or {}
        url = str(response.get("url", ""))
        if params.get("type") != "Document" or not self._is_callback(url):
            return None
        if not self._in_main_frame(params):
            return None
        status = int(response.get("status") or 0)
        if 300 <= status < 400:
            return None
        self.done = True
        return Failed(
            f"The portal's sign-in Callback answered HTTP {status} with a page instead of "
            "redirecting with the tokens; the portal may have refused the sign-in (see the "
            f"browser window). Address: {mask_location(url)}"
        )

    def _in_main_frame(self, params: dict[str, Any]) -> bool:
        if params.get("type") not in (None, "Document"):
            return False
        return self._main_frame is None or params.get("frameId") in (None, self._main_frame)

    def _is_callback(self, url: str) -> bool:
        return (
            origin_of(url) == self._portal_origin
            and urlsplit(url).path.rstrip("/").lower() == CALLBACK_PATH.lower()
        )

    def _ignore(self, url: str, why: str) -> Ignored:
        reason = f"Ignored a token-bearing address because {why}: {mask_location(url)}"
        log.warning("%s", reason)
        return Ignored(reason)
