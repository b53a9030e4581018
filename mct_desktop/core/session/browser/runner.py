"""`sign_in_with_browser`: one sign-in in the user's own browser, from launch to its close."""

from __future__ import annotations

import base64
import html
import logging
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.browser.devtools import BrowserGone, DevToolsConnection
from mct_desktop.core.session.browser.events import CallbackWatcher, is_paused_redirect
from mct_desktop.core.session.browser.launch import BrowserProcess, kept_profile_dir
from mct_desktop.core.session.browser.locate import BrowserSignInError, find_browser
from mct_desktop.core.session.capture import Captured, Failed
from mct_desktop.core.tokens import TokenPair

log = logging.getLogger(__name__)

StatusCallback = Callable[[str], None]
_POLL_SECONDS = 0.2  # how soon a cancel or a dead browser is noticed


def sign_in_with_browser(
    portal: Portal,
    browser: str,
    *,
    timeout: float,
    cancel: threading.Event | None = None,
    on_status: StatusCallback | None = None,
    linger: float = 1.5,
    startup_timeout: float = 30.0,
) -> TokenPair:
    """Sign in to `portal` in `browser` (a name or a path) and return the captured tokens.

    Blocks until the tokens arrive, the portal refuses, `timeout` s pass, `cancel` is set,
    or the user closes the browser; the browser this started is closed in every case
    (after showing the outcome for `linger` s). Raises BrowserSignInError with a message
    for the user.
    """
    status = on_status or (lambda _text: None)
    executable = find_browser(browser)
    profile = kept_profile_dir(portal.key) if portal.persistent_browser_profile else None
    process = BrowserProcess(executable, profile)
    connection: DevToolsConnection | None = None
    try:
        status(f"Starting {executable.name}…")
        process.start()
        port, path = process.wait_for_port(startup_timeout, cancel)
        log.info("browser DevTools on 127.0.0.1:%d after %.2f s", port, _since(process))
        try:
            connection = DevToolsConnection(port, path)
            session, frame = _open_page(connection)
            _watch_network(connection, session)
        except BrowserSignInError:
            if not process.alive():
                raise BrowserGone("The browser was closed before the sign-in finished.") from None
            raise
        watcher = CallbackWatcher(portal.base_url, frame)
        # Not awaited: the reply comes only once the page commits, which a held response delays.
        connection.notify("Page.navigate", {"url": portal.login_url}, session=session)
        status(f"Sign in to {portal.display_name} in the {executable.name} window.")
        deadline = time.monotonic() + timeout
        while True:
            if cancel is not None and cancel.is_set():
                raise BrowserSignInError("The sign-in was cancelled.")
            if time.monotonic() >= deadline:
                raise BrowserSignInError(
                    f"Timed out after {timeout:g} s waiting for the sign-in to finish."
                )
            event = connection.next_event(_POLL_SECONDS)
            if event is None:
                if not process.alive():
                    raise BrowserGone("The browser was closed before the sign-in finished.")
                continue
            if _page_closed(event, session):
                raise BrowserGone("The browser window was closed before the sign-in finished.")
            outcome = watcher.feed(event)
            if isinstance(outcome, Captured):
                log.info("tokens captured %.2f s after the browser started", _since(process))
                _answer(connection, session, event, _signed_in_page(portal))
                status("Signed in; closing the browser.")
                _linger(connection, linger)
                return outcome.pair
            if isinstance(outcome, Failed):
                _answer(connection, session, event, _failed_page(portal, outcome.message))
                _linger(connection, linger)
                raise BrowserSignInError(outcome.message)
            if event.get("method") == "Fetch.requestPaused":
                _resume(connection, session, event)
    except BrowserGone as exc:
        raise BrowserSignInError(str(exc)) from None
    finally:
        if connection is not None:
            connection.notify("Browser.close")
            connection.close()
        process.stop(grace=3.0 if connection is not None else 0.0)


def _since(process: BrowserProcess) -> float:
    return time.monotonic() - process.started_at


def _open_page(connection: DevToolsConnection) -> tuple[str, str]:
    """Attach to the browser's first tab; its target id is also its main frame's id."""
    targets = connection.call("Target.getTargets").get("targetInfos", [])
    pages = [t for t in targets if t.get("type") == "page"]
    if pages:
        target = str(pages[0]["targetId"])
    else:
        target = str(connection.call("Target.createTarget", {"url": "about:blank"})["targetId"])
    connection.call("Target.setDiscoverTargets", {"discover": True})
    attached = connection.call("Target.attachToTarget", {"targetId": target, "flatten": True})
    return str(attached["sessionId"]), target


def _page_closed(event: dict[str, object], session: str) -> bool:
    params = event.get("params")
    if not isinstance(params, dict):
        return False
    method = event.get("method")
    if method == "Target.detachedFromTarget":
        return params.get("sessionId") == session
    return method == "Inspector.detached" and event.get("sessionId") == session


def _watch_network(connection: DevToolsConnection, session: str) -> None:
    connection.call("Network.enable", session=session)
    # Belt and braces with --disk-cache-dir: the Callback's answer is never cached.
    connection.call("Network.setCacheDisabled", {"cacheDisabled": True}, session=session)
    # Hold every page's response before the browser acts on it, so the Callback's redirect
    # is read there and never followed: the token-bearing address then never reaches the
    # history, the session store or the portal's Redirect page. Others go on at once.
    pattern = {"urlPattern": "*", "resourceType": "Document", "requestStage": "Response"}
    connection.call("Fetch.enable", {"patterns": [pattern]}, session=session)


def _resume(connection: DevToolsConnection, session: str, event: dict[str, Any]) -> None:
    request_id = event["params"]["requestId"]
    connection.notify("Fetch.continueRequest", {"requestId": request_id}, session=session)


def _answer(connection: DevToolsConnection, session: str, event: dict[str, Any], page: str) -> None:
    """Show the outcome in the tab: instead of the held Callback redirect, or after it."""
    if is_paused_redirect(event):
        body = base64.b64encode(page.encode()).decode()
        headers = [
            {"name": "Content-Type", "value": "text/html; charset=utf-8"},
            {"name": "Cache-Control", "value": "no-store"},
        ]
        params = {
            "requestId": event["params"]["requestId"],
            "responseCode": 200,
            "responseHeaders": headers,
            "body": body,
        }
        connection.notify("Fetch.fulfillRequest", params, session=session)
        return
    if event.get("method") == "Fetch.requestPaused":
        _resume(connection, session, event)  # the portal's own error page stays in view
        return
    # Seen only after the fact: replace the page, so the token address is not what it shows.
    url = "data:text/html;charset=utf-8," + quote(page)
    connection.notify("Page.navigate", {"url": url}, session=session)


def _linger(connection: DevToolsConnection, seconds: float) -> None:
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            connection.next_event(min(_POLL_SECONDS, max(end - time.monotonic(), 0.01)))
    except BrowserGone:
        pass


def _page_html(title: str, body: str) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>"
        f"{html.escape(title)}</title></head>"
        "<body style='font-family:sans-serif;margin:3em;max-width:40em'>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(body)}</p></body></html>"
    )


def _signed_in_page(portal: Portal) -> str:
    return _page_html(
        f"Signed in to {portal.display_name}",
        "MCT Desktop has the portal's tokens — you can close this window.",
    )


def _failed_page(portal: Portal, message: str) -> str:
    return _page_html(f"Sign-in to {portal.display_name} failed", message)
