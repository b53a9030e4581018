"""Decide, hop by hop, whether a browser navigation is the portal's token redirect."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from mct_desktop.core.portal import CALLBACK_PATH, origin_of
from mct_desktop.core.session.callback import (
    CallbackError,
    has_token_parameter,
    mask_location,
    parse_callback_location,
)
from mct_desktop.core.tokens import TokenPair

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Captured:
    """The tokens arrived; the browser must not go on to load `url`."""

    pair: TokenPair


@dataclass(frozen=True)
class Failed:
    """The portal's Callback answered, but not with tokens; `message` is for the user."""

    message: str


@dataclass(frozen=True)
class Ignored:
    """A token-looking URL that did not come from the portal (a forgery or a mistake)."""

    reason: str


Outcome = Captured | Failed | Ignored


class CaptureTracker:
    """Follows the main frame's navigation chain of one sign-in.

    The browser reports each hop of a redirect chain as its own navigation but not the
    URL that issued it, so the tracker remembers the previous hop: a redirect whose
    previous hop lies on the portal's origin is the portal's own. Custom-scheme targets
    never reach the navigation hook; they are reported as aborted loads instead.
    """

    def __init__(self, portal_base_url: str) -> None:
        self._portal_origin = origin_of(portal_base_url)
        self._last_hop: str | None = None
        self._callback_reached_by_flow = False
        self.done = False

    def on_navigation(
        self, url: str, *, is_redirect: bool, is_main_frame: bool, is_form_submission: bool = False
    ) -> Outcome | None:
        if self.done or not is_main_frame:
            return None
        source, self._last_hop = self._last_hop, url
        # How the browser got to the Callback: the identity provider redirects or posts a
        # form there; a script that merely sets `location` does neither.
        self._callback_reached_by_flow = self._is_callback(url) and (
            is_redirect or is_form_submission
        )
        if is_redirect and source is not None:
            return self._judge(url, source)
        if has_token_parameter(url):
            return self._ignore(url, "it was not a redirect issued by the portal")
        return None

    def on_load_aborted(self, url: str) -> Outcome | None:
        """An unregistered scheme (`app://...`): the only sign of the Callback's redirect.

        QtWebEngine does not say where such a navigation came from, so it is accepted only
        right after the browser reached the Callback through the sign-in flow (a redirect or
        a form post); anything else that tries an app URL with tokens is ignored.
        """
        if self.done or url.startswith(("http:", "https:")) or self._last_hop is None:
            return None
        if not self._callback_reached_by_flow:
            if has_token_parameter(url):
                return self._ignore(url, "it did not follow the portal's Callback")
            return None
        return self._judge(url, self._last_hop)

    def on_load_finished(self, url: str) -> Outcome | None:
        """The Callback itself rendered a page: the portal reported a sign-in error."""
        if self.done or not self._is_callback(url):
            return None
        self.done = True
        return Failed(
            "The portal's sign-in Callback answered with a page instead of redirecting with "
            "the tokens; the portal may have refused the sign-in. Address: " + mask_location(url)
        )

    def _judge(self, url: str, source: str) -> Outcome | None:
        if origin_of(source) != self._portal_origin:
            if has_token_parameter(url):
                return self._ignore(url, f"it came from {origin_of(source) or 'another origin'}")
            return None
        if has_token_parameter(url) or self._is_callback(source):
            self.done = True
            try:
                return Captured(parse_callback_location(url))
            except CallbackError as exc:
                return Failed(str(exc))
        return None

    def _ignore(self, url: str, why: str) -> Ignored:
        # A forged hop must not become the "portal" source of whatever follows it.
        self._last_hop = None
        reason = f"Ignored a token-bearing address because {why}: {mask_location(url)}"
        log.warning("%s", reason)
        return Ignored(reason)

    def _is_callback(self, url: str) -> bool:
        return (
            origin_of(url) == self._portal_origin
            and urlsplit(url).path.rstrip("/").lower() == CALLBACK_PATH.lower()
        )
