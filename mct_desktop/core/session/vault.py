"""Tokens in the OS keychain (the Secret Service directly on Linux, else `keyring`); memory
only when no safe keychain is usable."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mct_desktop import APP_NAME
from mct_desktop.core.session import secret_service
from mct_desktop.core.session.secret_service import SecretServiceKeychain
from mct_desktop.core.tokens import TokenPair

# keyring is imported only when the vault needs it: importing it costs 30 ms, which neither
# the first paint nor `mct-desktop login` should wait for, and on a plain Linux desktop the
# vault talks to the Secret Service without it (secret_service.py).
if TYPE_CHECKING:
    from typing import Protocol

    class Keychain(Protocol):
        """What the vault needs of a keychain: a keyring backend, or the Secret Service."""

        def get_password(self, service: str, username: str) -> str | None: ...

        def set_password(self, service: str, username: str, password: str) -> None: ...

        def delete_password(self, service: str, username: str) -> None: ...


# Two entries per portal rather than one JSON blob: Windows Credential Manager caps a
# credential at 2,560 bytes, and a B2C access token plus refresh token can exceed that.
_ACCESS = "access_token"
_REFRESH = "refresh_token"
_CLIENT_SECRET = "client_secret"


@dataclass(frozen=True)
class VaultStatus:
    """Whether tokens survive a restart, and if not, why (a sentence for the user)."""

    persistent: bool
    backend: str
    problem: str = ""


class TokenVault:
    """Stores token pairs keyed by portal. Never writes a token anywhere but the keyring."""

    def __init__(self, backend: Keychain | None = None, service: str = APP_NAME) -> None:
        self._service = service
        self._memory: dict[str, TokenPair] = {}
        self._secrets: dict[str, str] = {}
        # Portals looked up with no tokens, and when: the GUI asks every second, and each
        # keychain lookup is a D-Bus round trip. Another process's sign-in shows within 30 s.
        self._misses: dict[str, float] = {}
        self._chosen = backend
        self._resolved = False
        self._backend_value: Keychain | None = None
        self._status_value = VaultStatus(False, "none", "")

    @classmethod
    def in_memory(cls, reason: str) -> TokenVault:
        """A vault that never opens a keychain: tokens live in this process only."""
        vault = cls()
        vault._backend = None
        vault._status = VaultStatus(False, "none", reason + _MEMORY_ONLY)
        return vault

    # The keychain is opened on first use, not at construction: finding it (a D-Bus round
    # trip, or keyring's discovery) must not delay the first paint of the window.
    def _resolve(self) -> None:
        if self._resolved:
            return
        self._resolved = True
        try:
            chosen = self._chosen if self._chosen is not None else _default_backend()
        except Exception as exc:  # a broken keyring config must not stop the app
            self._status_value = VaultStatus(
                False, "none", f"The keychain could not be opened: {exc}"
            )
        else:
            self._adopt(chosen)

    @property
    def _backend(self) -> Keychain | None:
        self._resolve()
        return self._backend_value

    @_backend.setter
    def _backend(self, value: Keychain | None) -> None:
        self._resolved = True
        self._backend_value = value

    @property
    def _status(self) -> VaultStatus:
        self._resolve()
        return self._status_value

    @_status.setter
    def _status(self, value: VaultStatus) -> None:
        self._resolved = True
        self._status_value = value

    def _adopt(self, backend: Keychain) -> None:
        name = _backend_name(backend)
        problem = _unusable_reason(backend)
        if problem:
            self._status = VaultStatus(False, name, problem + _MEMORY_ONLY)
        else:
            self._backend = backend
            self._status = VaultStatus(True, name)

    @property
    def status(self) -> VaultStatus:
        return self._status

    def save(self, portal_key: str, pair: TokenPair) -> VaultStatus:
        """Keep the pair for this run and, when possible, in the keychain."""
        self._memory[portal_key] = pair
        self._misses.pop(portal_key, None)
        if self._backend is None:
            return self._status
        try:
            if pair.refresh_token:
                self._backend.set_password(
                    self._service, _entry(portal_key, _REFRESH), pair.refresh_token
                )
            else:
                self._delete_entry(portal_key, _REFRESH)
            self._backend.set_password(
                self._service, _entry(portal_key, _ACCESS), pair.access_token
            )
        except Exception as exc:
            self._fail("save", exc)
        return self._status

    def load(self, portal_key: str, *, fresh: bool = False) -> TokenPair | None:
        """The stored pair. `fresh` re-reads the keychain: another process may have refreshed."""
        if portal_key in self._memory and not (fresh and self._backend is not None):
            return self._memory[portal_key]
        if self._backend is None:
            return None
        missed = self._misses.get(portal_key)
        if not fresh and missed is not None and time.monotonic() - missed < _MISS_TTL:
            return None  # asked a moment ago and there was nothing: spare the keychain
        try:
            access, refresh = self._read(portal_key, _ACCESS, _REFRESH)
        except Exception as exc:
            self._fail("read", exc)
            # The keychain went away (its daemon died, it was locked): that is no sign-out.
            # What this process last saw stays the best answer; saving it again will fail
            # and say so.
            return self._memory.get(portal_key)
        if not access:
            self._memory.pop(portal_key, None)
            self._misses[portal_key] = time.monotonic()
            return None
        pair = TokenPair(access, refresh or None)
        self._memory[portal_key] = pair
        self._misses.pop(portal_key, None)
        return pair

    def delete(self, portal_key: str, *, with_client_secret: bool = False) -> VaultStatus:
        self._memory.pop(portal_key, None)
        kinds = [_ACCESS, _REFRESH]
        if with_client_secret:
            self._secrets.pop(portal_key, None)
            kinds.append(_CLIENT_SECRET)
        if self._backend is not None:
            try:
                for kind in kinds:
                    self._delete_entry(portal_key, kind)
            except Exception as exc:
                self._fail("delete", exc)
        return self._status

    def save_client_secret(self, portal_key: str, secret: str) -> VaultStatus:
        self._secrets[portal_key] = secret
        if self._backend is not None:
            try:
                self._backend.set_password(
                    self._service, _entry(portal_key, _CLIENT_SECRET), secret
                )
            except Exception as exc:
                self._fail("save", exc)
        return self._status

    def load_client_secret(self, portal_key: str) -> str | None:
        if portal_key in self._secrets or self._backend is None:
            return self._secrets.get(portal_key)
        try:
            secret = self._backend.get_password(self._service, _entry(portal_key, _CLIENT_SECRET))
        except Exception as exc:
            self._fail("read", exc)
            return None
        if secret:
            self._secrets[portal_key] = secret
        return secret

    def _read(self, portal_key: str, *kinds: str) -> list[str | None]:
        backend = self._backend
        assert backend is not None
        names = [_entry(portal_key, kind) for kind in kinds]
        if isinstance(backend, SecretServiceKeychain):  # both in one round trip
            return backend.get_passwords(self._service, names)
        return [backend.get_password(self._service, name) for name in names]

    def _delete_entry(self, portal_key: str, kind: str) -> None:
        backend = self._backend
        assert backend is not None
        if isinstance(backend, SecretServiceKeychain):  # nothing stored is no error there
            backend.delete_password(self._service, _entry(portal_key, kind))
            return
        # Nothing stored is already the wanted state.
        import keyring.errors

        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            backend.delete_password(self._service, _entry(portal_key, kind))

    def _fail(self, action: str, exc: Exception) -> None:
        # Switch to memory-only for the rest of the run; the reason goes to the user.
        import logging  # here: a command that reads its tokens need not load it (cli.py)

        logging.getLogger(__name__).warning("keychain %s failed: %s", action, type(exc).__name__)
        self._backend = None
        self._status = VaultStatus(
            False, self._status.backend, _describe(action, exc) + _MEMORY_ONLY
        )


_MISS_TTL = 30.0
_MEMORY_ONLY = " Tokens are kept in memory for this run only; nothing is written to disk."


def _default_backend() -> Keychain:
    """What `keyring.get_keyring()` would pick, reached faster on a plain Linux desktop.

    With no keyring configuration to honour, the Secret Service is the answer there, and
    the vault talks to it directly (secret_service.py): keyring's discovery loads every
    backend (the macOS one alone spends 25 ms looking for a library), and importing keyring
    at all costs more than the rest of `mct-desktop token`.
    """
    if not _keyring_configured() and sys.platform.startswith("linux"):
        if not any(name.startswith("KEYRING_PROPERTY_") for name in os.environ):
            keychain = secret_service.open_keychain()
            # None: no Secret Service answers; keyring's discovery says what there is.
            if keychain is not None:
                return keychain
        else:  # properties for keyring's backend (a scheme, a collection): keyring honours them
            try:
                from keyring.backends import SecretService

                if SecretService.Keyring.priority > 0:  # raises when no Secret Service answers
                    return SecretService.Keyring()  # type: ignore[no-untyped-call]
            except Exception:  # noqa: S110 (any failure: let keyring's own discovery decide)
                pass
    import keyring

    return keyring.get_keyring()


def _keyring_configured() -> bool:
    """Whether the user or the program chose a keyring backend: keyring must then decide."""
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    core = sys.modules.get("keyring.core")  # set_keyring() or get_keyring() already ran
    if core is not None and getattr(core, "_keyring_backend", None) is not None:
        return True
    return _keyring_config_file().exists()


def _keyring_config_file() -> Path:
    """keyring's `platform_.config_root() / "keyringrc.cfg"`, without importing keyring."""
    if sys.platform.startswith("linux"):
        root = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        return Path(root, "python_keyring", "keyringrc.cfg")
    import keyring.util.platform_

    return Path(keyring.util.platform_.config_root()) / "keyringrc.cfg"


def _entry(portal_key: str, kind: str) -> str:
    return f"{portal_key} {kind}"


def _backend_name(backend: Keychain) -> str:
    if isinstance(backend, SecretServiceKeychain):
        return backend.backend_name
    cls = type(backend)
    return f"{cls.__module__.removeprefix('keyring.backends.')}.{cls.__name__}"


def _unusable_reason(backend: Keychain) -> str:
    module = type(backend).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return (
            "No system keychain was found (on Linux: install and start gnome-keyring or "
            "KWallet, or another Secret Service provider)."
        )
    if module.startswith("keyrings.alt") or "plaintext" in type(backend).__name__.lower():
        return (
            f"The keyring backend {_backend_name(backend)} stores secrets unencrypted, "
            "so it is not used."
        )
    children = getattr(backend, "backends", None)
    if children is not None and not any(not _unusable_reason(child) for child in children):
        return "No usable system keychain was found."
    return ""


def _describe(action: str, exc: Exception) -> str:
    import keyring.errors

    if isinstance(exc, keyring.errors.KeyringLocked):
        return f"The keychain is locked, so tokens could not be {_past(action)} ({exc})."
    detail = str(exc).strip() or type(exc).__name__
    return f"The keychain refused to {action} tokens: {detail}."


def _past(action: str) -> str:
    return {"save": "saved", "read": "read", "delete": "deleted"}.get(action, action)
