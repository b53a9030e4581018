"""Shared test helpers: keychains that fail in specific ways, and signing in at the demo portal."""

from __future__ import annotations

import keyring.backend
import keyring.errors
from jaraco.classes import properties

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import RetryPolicy, TokenClient
from mct_desktop.core.tokens import TokenPair

# The portal's refresh call: tests count the requests made to it.
REFRESH_PATH = "/api/v1/ExternalAuthToken/RefreshToken/"
ADMIN = "admin@contoso.demo"


def fast_client() -> TokenClient:
    """A token client that retries once, at once: failure tests stay fast."""
    return TokenClient(retry=RetryPolicy(attempts=2, first_delay=0.01))


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keychain in a dict, so unit tests never touch a real one by accident."""

    @properties.classproperty
    def priority(cls) -> float:
        # Never viable for keyring's discovery: a test double must not join the real chain.
        raise RuntimeError("test double: only used when set explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


class LockedKeyring(MemoryKeyring):
    """Behaves like a Secret Service collection the user refused to unlock."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")


class WriteLockedKeyring(MemoryKeyring):
    """Reads work; the next writes hit a keychain that was locked meanwhile."""

    locked = False

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.locked:
            raise keyring.errors.KeyringLocked("Failed to unlock the collection!")
        super().set_password(service, username, password)


def demo_tokens(demo, email: str = ADMIN, lifetime: int | None = None) -> TokenPair:
    """The tokens of a sign-in at the demo portal; the access token lives `lifetime` seconds
    (the demo's own setting when None; a changed lifetime goes back to 3600 afterwards)."""
    if lifetime is None:
        return parse_callback_location(sign_in_over_http(demo, email))
    demo.token_lifetime = lifetime
    try:
        return parse_callback_location(sign_in_over_http(demo, email))
    finally:
        demo.token_lifetime = 3600


def sign_in_and_store(
    demo, email: str = ADMIN, lifetime: int | None = None
) -> tuple[PortalService, Portal, TokenPair]:
    """The demo portal added to a fresh PortalService, signed in, its tokens stored."""
    pair = demo_tokens(demo, email, lifetime)
    service = PortalService()
    portal = service.add_portal(demo.url)
    service.store_tokens(portal, pair)
    return service, portal, pair


def sign_in_over_http(demo, email: str = ADMIN) -> str:
    """Walk the demo's sign-in with plain HTTP and return the Callback's Location."""
    return sign_in_with_session(demo, email)[0]


def sign_in_with_session(demo, email: str = ADMIN) -> tuple[str, dict[str, str]]:
    """The Callback's Location and the portal session cookies it set."""
    import httpx

    with httpx.Client(follow_redirects=False) as client:
        login = client.get(demo.url + "/ExternalAuthentication/Login")
        assert login.status_code == 302
        submit = client.post(
            demo.sign_in_origin + "/b2c/authorize",
            data={"email": email, "password": "demo", "state": "s"},
        )
        callback = client.get(submit.headers["location"])
        assert callback.status_code == 302
        cookies = {c.name: c.value for c in client.cookies.jar if c.domain.startswith("127.")}
        return callback.headers["location"], cookies
