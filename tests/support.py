"""Test doubles for what cannot be real in a test: keychains that fail in specific ways."""

from __future__ import annotations

import keyring.backend
import keyring.errors
from jaraco.classes import properties


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


def sign_in_over_http(demo, email: str = "admin@contoso.demo") -> str:
    """Walk the demo's sign-in with plain HTTP and return the Callback's Location."""
    return sign_in_with_session(demo, email)[0]


def sign_in_with_session(demo, email: str = "admin@contoso.demo") -> tuple[str, dict[str, str]]:
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
