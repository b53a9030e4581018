"""`mct-desktop login PORTAL --browser chrome`: sign in in the user's own browser, without Qt."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.browser.locate import (
    EMBEDDED,
    BrowserNotFoundError,
    BrowserSignInError,
    find_browser,
)
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_summary import summarize
from mct_desktop.core.tokens import TokenPair, utc_now

# cli.py's codes, not imported from it: this module stays out of cli's import circle.
EXIT_OK, EXIT_FAILURE = 0, 1
EXIT_TERMINATED = 128 + signal.SIGTERM


def login_with_browser(
    service: PortalService, portal: Portal, args: argparse.Namespace
) -> int | None:
    """Sign in with the browser chosen now or before; None when that is the embedded one."""
    choice = (args.browser or portal.sign_in_browser or EMBEDDED).strip()
    if choice.lower() == EMBEDDED:
        if args.browser:
            service.set_sign_in_browser(portal, EMBEDDED)
        return None
    try:
        find_browser(choice)  # a typo is refused before it is remembered
    except BrowserNotFoundError as exc:
        return _fail(str(exc))
    portal = service.set_sign_in_browser(portal, choice)
    from mct_desktop.core.session.browser.runner import sign_in_with_browser

    with _sigterm_ends_the_sign_in():
        try:
            pair = sign_in_with_browser(
                portal, choice, timeout=args.timeout, on_status=_print_status
            )
        except BrowserSignInError as exc:
            return _fail(str(exc))
    print(complete_sign_in_line(service, portal, pair))
    return EXIT_OK


def complete_sign_in_line(service: PortalService, portal: Portal, pair: TokenPair) -> str:
    """Store the pair and return the one-line summary (later: core/session/sign_in.py)."""
    status = service.store_tokens(portal, pair)
    if not status.persistent:
        print(f"mct-desktop: {status.problem}", file=sys.stderr)
    return summarize(pair, utc_now()).one_line(portal.display_name)


def _fail(message: str) -> int:
    print(f"mct-desktop: {message}", file=sys.stderr)
    return EXIT_FAILURE


def _print_status(text: str) -> None:
    print(f"mct-desktop: {text}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def _sigterm_ends_the_sign_in() -> Iterator[None]:
    """While the browser runs, SIGTERM unwinds like Ctrl+C, so the browser is closed first."""

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(EXIT_TERMINATED)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
