"""`mct-desktop login PORTAL --browser chrome`: sign in in the user's own browser, without Qt."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from types import FrameType

from mct_desktop.commands.errors import EXIT_FAILURE, EXIT_OK, CommandError
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.browser.locate import (
    EMBEDDED,
    BrowserNotFoundError,
    BrowserSignInError,
    find_browser,
)
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.sign_in import complete_sign_in

EXIT_TERMINATED = 128 + signal.SIGTERM


def with_chosen_browser(portal: Portal, browser: str | None) -> Portal:
    """The portal with the browser chosen now (or before); "" stands for the embedded one.

    Nothing is saved here: the choice is kept with the portal once the sign-in succeeds.
    """
    choice = (browser or portal.sign_in_browser or EMBEDDED).strip()
    if choice.lower() == EMBEDDED:
        return replace(portal, sign_in_browser="")
    try:
        find_browser(choice)  # a typo is refused before anything starts
    except BrowserNotFoundError as exc:
        raise CommandError(str(exc)) from None
    return replace(portal, sign_in_browser=choice)


def login_with_browser(service: PortalService, portal: Portal, timeout: float) -> int:
    """Sign in in `portal.sign_in_browser`, then keep the portal, its choice and the tokens."""
    from mct_desktop.core.session.browser.runner import sign_in_with_browser

    with _sigterm_ends_the_sign_in():
        try:
            pair = sign_in_with_browser(
                portal, portal.sign_in_browser, timeout=timeout, on_status=_print_status
            )
        except BrowserSignInError as exc:
            _print_status(str(exc))
            return EXIT_FAILURE
    result = complete_sign_in(service, portal, pair)
    if not result.persistent:
        _print_status(result.problem)
        _print_status(
            f"The sign-in to {portal.display_name} worked, but its tokens could not be kept "
            "and are gone now that this command ends. Make a keychain available and sign in "
            "again."
        )
        return EXIT_FAILURE
    print(result.line)
    return EXIT_OK


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
