"""Decide, hop by hop, whether a browser navigation is the portal's token redirect."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

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
# A response's headers as the engine reported them: (lower-cased name, value), sorted.
Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Held:
    """A token-bearing address seen before the navigation chain confirmed it."""

    url: str
    source: str


class CaptureTracker:
    """Follows the main frame's navigation chain of one sign-in.

    Tokens are taken only from what the portal's server really answered: an HTTP redirect
    whose previous hop lies on the portal's origin and whose `Location` header, as the
    engine reports it with the stopped load, names the token URL.

    Measured (PySide6 6.11.3, Chrome/140): a page that sets `location` while it loads, or
    adds a `<meta http-equiv=refresh>`, makes a client redirect, reported as
    RedirectNavigation exactly like a server's 302. What differs is `responseHeaders()` of
    the stopped load once the token navigation is rejected: after a real 302 (and for a
    custom-scheme target, which never reaches the navigation hook) they are the 302's,
    `Location` included; after a forged hop they are the last response of the page's
    current load, the hostile page's own, without `Location`. So every token-bearing
    navigation is blocked and judged when it stops. As a hostile server may add a
    `Location` to its own 200 page, the headers must not be those of a document that
    loaded, and the page shown must not be another origin's document that never finished
    loading (an identity provider page that redirects by script while it loads is refused
    too; the message points to pasting the Location instead).
    """

    def __init__(self, portal_base_url: str, loaded: dict[str, Headers] | None = None) -> None:
        self._portal_origin = origin_of(portal_base_url)
        self._last_hop: str | None = None
        self._held: _Held | None = None
        # Documents that finished loading in this browser page, with their headers; shared
        # by the trackers of one page, since a retry starts from the page the last one left.
        self._finished = loaded if loaded is not None else {}
        self.done = False

    @staticmethod
    def must_block(url: str, *, is_main_frame: bool) -> bool:
        """Every token-bearing main-frame navigation is stopped: never loaded, never kept."""
        return is_main_frame and has_token_parameter(url)

    def on_navigation(self, url: str, *, is_redirect: bool, is_main_frame: bool) -> Outcome | None:
        if self.done or not is_main_frame:
            return None
        source, self._last_hop = self._last_hop, url
        self._held = None
        from_portal = source is not None and origin_of(source) == self._portal_origin
        if has_token_parameter(url):
            if is_redirect and source is not None and from_portal:
                # Maybe the portal's own redirect: decided when the engine reports the
                # response that sent the browser here (on_load_stopped).
                self._held = _Held(url, source)
                return None
            if is_redirect and source is not None:
                return self._ignore(url, f"it came from {origin_of(source) or 'another origin'}")
            return self._ignore(url, "it was not a redirect issued by the portal")
        if is_redirect and source is not None and from_portal and self._is_callback(source):
            # The Callback redirected somewhere without tokens: the portal refused the sign-in.
            self.done = True
            return self._parse(url)
        return None

    def on_load_stopped(
        self, url: str, *, location: str | None, headers: Headers = (), shown_url: str = ""
    ) -> Outcome | None:
        """A load ended without a page: a rejected navigation or an unregistered scheme.

        `location` is the `Location` response header the engine reported with the stop,
        `headers` all of them, `shown_url` the document the page still shows (or "").
        Custom-scheme targets (`app://...`) never reach the navigation hook, so their
        previous hop is the last one the tracker saw.
        """
        if self.done:
            return None
        if url.startswith(("http:", "https:")):
            held, self._held = self._held, None
            if held is None or held.url != url:
                return None
            return self._judge(url, held.source, location, headers, shown_url)
        source = self._last_hop
        if source is None:
            if has_token_parameter(url):
                return self._ignore(url, "it did not follow the portal's Callback")
            return None
        if origin_of(source) != self._portal_origin:
            if has_token_parameter(url):
                return self._ignore(url, "it did not follow the portal's Callback")
            return None
        if not has_token_parameter(url) and not self._is_callback(source):
            return None
        return self._judge(url, source, location, headers, shown_url)

    def on_load_finished(self, url: str, headers: Headers = ()) -> Outcome | None:
        """A document loaded. If it is the Callback, the portal reported a sign-in error."""
        self._finished[url] = headers
        if self.done or not self._is_callback(url):
            return None
        self.done = True
        return Failed(
            "The portal's sign-in Callback answered with a page instead of redirecting with "
            "the tokens; the portal may have refused the sign-in. Address: " + mask_location(url)
        )

    def _judge(
        self, url: str, source: str, location: str | None, headers: Headers, shown_url: str
    ) -> Outcome | None:
        if location is None or not _same_target(urljoin(source, location.strip()), url):
            if not has_token_parameter(url):
                return None
            return self._ignore(
                url,
                "it did not follow the portal's Callback (the portal's server sent no "
                "redirect to it)",
            )
        if headers and headers in self._finished.values():
            return self._ignore(url, "its Location came from a page's own response")
        shown_origin = origin_of(shown_url) if shown_url else ""
        if shown_origin and shown_origin != self._portal_origin and shown_url not in self._finished:
            return self._ignore(
                url,
                f"a page of {shown_origin} navigated away while it was still loading, so "
                "the Location may be that page's own. If this was a real sign-in, use "
                "'Paste Location URL instead'",
            )
        self.done = True
        return self._parse(urljoin(source, location.strip()))

    @staticmethod
    def _parse(location: str) -> Outcome:
        try:
            return Captured(parse_callback_location(location))
        except CallbackError as exc:
            return Failed(str(exc))

    def _ignore(self, url: str, why: str) -> Ignored:
        # A forged hop must not become the "portal" source of whatever follows it.
        self._last_hop = None
        self._held = None
        reason = f"Ignored a token-bearing address because {why}: {mask_location(url)}"
        log.warning("%s", reason)
        return Ignored(reason)

    def _is_callback(self, url: str) -> bool:
        return (
            origin_of(url) == self._portal_origin
            and urlsplit(url).path.rstrip("/").lower() == CALLBACK_PATH.lower()
        )


def _same_target(resolved_location: str, url: str) -> bool:
    """The header's target and the URL the engine stopped are one address (the engine may
    re-encode a character or add a `/`, so compare where it points and what it carries)."""
    if resolved_location == url:
        return True
    a, b = urlsplit(resolved_location), urlsplit(url)
    if (a.scheme.lower(), a.netloc.lower()) != (b.scheme.lower(), b.netloc.lower()):
        return False
    if (a.path or "/") != (b.path or "/"):
        return False
    try:
        return parse_callback_location(resolved_location) == parse_callback_location(url)
    except CallbackError:
        return False
