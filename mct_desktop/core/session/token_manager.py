"""Keeps tokens valid: one refresh at a time per portal across every process of the machine."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from mct_desktop.core import paths
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import AuthError, SignInRequired, TokenClient
from mct_desktop.core.tokens import LIFETIME_SHARE as LIFETIME_SHARE  # re-exported: callers
from mct_desktop.core.tokens import TokenPair, is_stale, utc_now
from mct_desktop.core.tokens import expires_within as expires_within  # import them from here
from mct_desktop.core.tokens import renewal_margin as renewal_margin

log = logging.getLogger(__name__)
_LOCK_TIMEOUT = 120.0  # longer than a refresh with all its retries


class NotSignedIn(AuthError):
    """No tokens stored for a user portal."""


class TokenManager:
    """`ensure_fresh` is what every caller uses: GUI timer, 401 retry, `mct-desktop token`."""

    def __init__(
        self,
        service: PortalService,
        client_factory: Callable[[], TokenClient] = TokenClient,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.service = service
        self._client_factory = client_factory
        self._clock = clock
        self._thread_locks: dict[str, threading.Lock] = {}
        # Set when a refreshed pair could not reach the keychain: it lives in this process only.
        self.unsaved_refresh = ""
        self._guard = threading.Lock()

    @property
    def margin(self) -> float:
        """How long before expiry the background refresher renews (see `renewal_margin`)."""
        return self.service.refresh_margin

    def due(self) -> list[Portal]:
        """The portals whose token the background refresher should renew now."""
        due = []
        for portal in self.service.portals:
            pair = self.service.tokens(portal)
            if pair is None:
                if portal.service is not None:  # service tokens need no person: fetch
                    due.append(portal)
            elif self._stale(pair, self.margin):
                due.append(portal)
        return due

    def ensure_fresh(
        self, portal: Portal, min_validity: float, *, force: bool = False
    ) -> TokenPair:
        """A pair valid for at least `min_validity` seconds (or newly refreshed when `force`).

        `min_validity` is capped at half the token's lifetime, so that a pair just issued
        counts as fresh. Raises NotSignedIn, SignInRequired (the refresh token was
        refused), AuthNetworkError (the stored tokens are kept) or AuthProtocolError.
        """
        # Memory first: a valid token needs no keychain round trip. Only a refresh re-reads
        # the keychain (under the lock), where another process may have rotated the pair.
        seen = self.service.tokens(portal)
        if seen is None and portal.service is None:
            raise NotSignedIn(f"No token is stored for {portal.display_name}; sign in first.")
        if seen is not None and not force and not self._stale(seen, min_validity):
            return seen
        with self._exclusive(portal):
            # Re-read under the lock: another thread or process may have refreshed meanwhile,
            # and whoever waited for that refresh (forced or not) uses its pair.
            current = self.service.stored_tokens(portal)
            if current is not None and current != seen and not self._stale(current, min_validity):
                log.info("tokens of %s were refreshed by someone else", portal.display_name)
                return current
            return self._renew(portal, current)

    def _stale(self, pair: TokenPair, min_validity: float) -> bool:
        return is_stale(pair, min_validity, self._clock())

    def _renew(self, portal: Portal, current: TokenPair | None) -> TokenPair:
        client = self._client_factory()
        if portal.ca_bundle:
            client.close()
            from mct_desktop.core import tls

            # The token client calls one URL (it follows no redirect): the portal's bundle
            # counts only when that URL is on the portal's host, not for a service
            # portal's authority.
            url = portal.service.token_url if portal.service else portal.refresh_url
            client = TokenClient(verify=tls.verify_for_url(portal, url))
        try:
            if portal.service is not None:
                secret = self.service.client_secret(portal)
                if not secret:
                    raise SignInRequired(
                        f"No client secret is stored for {portal.display_name}; "
                        "set up its service credentials again."
                    )
                access, _lifetime = client.client_credentials(portal.service, secret)
                new = TokenPair(access)
            else:
                if current is None or not current.refresh_token:
                    raise SignInRequired(
                        _sign_in_hint(
                            portal, "No refresh token is stored, so the session cannot be renewed"
                        )
                    )
                new = client.refresh(portal, current.refresh_token)
        finally:
            client.close()
        # A keychain that went away meanwhile answers with what this process last saw
        # (the vault's rule), so only a real sign-out or a new sign-in lands here.
        latest = self.service.stored_tokens(portal)
        if latest != current:
            # Signed out (or signed in anew) while the request was on the wire: that wins.
            raise NotSignedIn(f"{portal.display_name} was signed out during the refresh.")
        # Persist before anyone uses the pair: the old refresh token is dead from now on.
        status = self.service.store_tokens(portal, new)
        if not status.persistent:
            log.warning("refreshed tokens kept in memory only: %s", status.problem)
            self.unsaved_refresh = status.problem
        return new

    def _exclusive(self, portal: Portal) -> _BothLocks:
        with self._guard:
            thread_lock = self._thread_locks.setdefault(portal.key, threading.Lock())
        import filelock  # only a refresh needs it

        folder = paths.private_dir(paths.state_dir() / "locks")
        lock = filelock.FileLock(
            str(folder / f"{paths.portal_slug(portal.key)}.lock"),
            timeout=_LOCK_TIMEOUT,
            mode=paths.PRIVATE_FILE,  # filelock's default is 0644
        )
        return _BothLocks(thread_lock, lock)


class _BothLocks:
    """The thread lock orders this process's threads; the file lock orders processes."""

    def __init__(self, thread_lock: threading.Lock, file_lock: Any) -> None:
        self._thread_lock = thread_lock
        self._file_lock = file_lock

    def __enter__(self) -> None:
        if not self._thread_lock.acquire(timeout=_LOCK_TIMEOUT):
            raise AuthError("Another refresh of this portal is still running; try again.")
        import filelock

        try:
            self._file_lock.acquire()
        except filelock.Timeout:
            self._thread_lock.release()
            raise AuthError(
                "Another MCT Desktop process has been refreshing this portal's token for over "
                f"{_LOCK_TIMEOUT:.0f} s; try again."
            ) from None

    def __exit__(self, *exc: object) -> None:
        self._file_lock.release()
        self._thread_lock.release()


def _sign_in_hint(portal: Portal, what: str) -> str:
    return f"{what} for {portal.display_name}; sign in again."
