"""The Secret Service on Linux over one D-Bus connection and one session per process.

keyring's SecretService backend opens a D-Bus connection and an encrypted session (a
Diffie-Hellman exchange) for every entry it reads, and importing keyring costs more than
the rest of `mct-desktop token`. This talks to the same service through jeepney and reads
and writes exactly the items that backend does: the default collection, attributes
"service" and "username" (plus "application" on write), the same label and content type.
Tokens stored by either are read by the other. What this path does not cover (a locked
collection or item, no default collection, a prompt, any D-Bus error) is handed to keyring's
backend, so that the behaviour and the messages stay what they were.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import keyring.backend
    from jeepney.io.blocking import DBusConnection

BUS_NAME = "org.freedesktop.secrets"
_SERVICE = "org.freedesktop.Secret.Service"
_COLLECTION = "org.freedesktop.Secret.Collection"
_ITEM = "org.freedesktop.Secret.Item"
_PROPERTIES = "org.freedesktop.DBus.Properties"
_DBUS, _DBUS_PATH = "org.freedesktop.DBus", "/org/freedesktop/DBus"
_SERVICE_PATH = "/org/freedesktop/secrets"
DEFAULT_COLLECTION = "/org/freedesktop/secrets/aliases/default"
# keyring's SecretService.Keyring.appid: an item written here is the one keyring would write.
APPLICATION = "Python keyring library"

# The session algorithm keyring (through secretstorage) uses: a 1024-bit Diffie-Hellman
# exchange (RFC 2409's second Oakley group), HKDF-SHA256, AES-128-CBC with PKCS#7 padding.
_DH_ALGORITHM = "dh-ietf1024-sha256-aes128-cbc-pkcs7"
_DH_PRIME = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF",
    16,
)


class NotCovered(Exception):
    """A case this path leaves to keyring's backend (it prompts, or it says why it cannot)."""


def open_keychain() -> SecretServiceKeychain | None:
    """A keychain on the session bus's Secret Service; None when none runs or can start.

    The same test as keyring's backend before it declares itself usable: the service's
    bus name has an owner, or D-Bus can activate it.
    """
    keychain = SecretServiceKeychain()
    try:
        if keychain.answers():
            return keychain
    except Exception:  # noqa: S110 (no session bus, no jeepney, refused: keyring decides)
        pass
    keychain.close()
    return None


class SecretServiceKeychain:
    """`get_password`, `set_password`, `delete_password` as keyring's backend has them.

    One connection and one session serve every call of the process (a lock orders the
    threads), and the calls of one step go out together: reading two entries takes two
    round trips to the service. After a failure the next call starts a new connection.
    """

    backend_name = "SecretService.Keyring"  # what the user was shown for keyring's backend

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: DBusConnection | None = None
        self._session: _Session | None = None
        self._pending_keys: tuple[int, int] | None = None
        self._keyring: keyring.backend.KeyringBackend | None = None
        self.sessions_opened = 0  # for the tests: one per connection

    def get_passwords(self, service: str, usernames: Sequence[str]) -> list[str | None]:
        """The secrets of several entries (None for a missing one), in two round trips."""
        try:
            with self._lock:
                return self._get(service, usernames)
        except Exception as exc:
            backend = self._fallback(exc)
            return [backend.get_password(service, username) for username in usernames]

    def get_password(self, service: str, username: str) -> str | None:
        return self.get_passwords(service, [username])[0]

    def set_password(self, service: str, username: str, password: str) -> None:
        try:
            with self._lock:
                self._set(service, username, password)
        except Exception as exc:
            self._fallback(exc).set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        """Delete every matching item; nothing stored is no error (unlike keyring's)."""
        try:
            with self._lock:
                self._delete(service, username)
        except Exception as exc:
            backend = self._fallback(exc)
            import keyring.errors

            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                for _ in range(_MAX_DUPLICATES):  # keyring's deletes the first match per call
                    backend.delete_password(service, username)

    def answers(self) -> bool:
        """Whether the Secret Service runs, or D-Bus can start it (the connection stays)."""
        with self._lock:
            asked = self._send(_bus_call("NameHasOwner", "s", BUS_NAME))
            self._keys()  # while the bus answers
            (owned,) = _body(self._receive(asked)[0])
            if owned:
                return True
            (names,) = _body(self._exchange(_bus_call("ListActivatableNames"))[0])
            return BUS_NAME in names

    def close(self) -> None:
        with self._lock:
            self._reset()

    # ----- the D-Bus conversation (called with the lock held)
    def _get(self, service: str, usernames: Sequence[str]) -> list[str | None]:
        found = self._prepare(*(_search_call(service, username) for username in usernames))
        session = self._open_session()
        items = [paths[0] if paths else None for (paths,) in found]
        calls = [_call(item, _ITEM, "GetSecret", "o", session.path) for item in items if item]
        secrets = iter(self._exchange(*calls))
        return [
            session.decrypt(_body(next(secrets))[0]).decode("utf-8") if item else None
            for item in items
        ]

    def _set(self, service: str, username: str, password: str) -> None:
        self._prepare()
        session = self._open_session()
        properties = {
            _ITEM + ".Label": ("s", f"Password for '{username}' on '{service}'"),
            _ITEM + ".Attributes": (
                "a{ss}",
                {"application": APPLICATION, "service": service, "username": username},
            ),
        }
        secret = session.encrypt(password.encode("utf-8"))
        signature = "a{sv}(oayays)b"
        create = _call(
            DEFAULT_COLLECTION, _COLLECTION, "CreateItem", signature, properties, secret, True
        )
        item, _prompt = _body(self._exchange(create)[0])
        if len(item) <= 1:  # "/": the service wants a prompt first
            raise NotCovered("creating the item needs a prompt")

    def _delete(self, service: str, username: str) -> None:
        ((items,),) = self._prepare(_search_call(service, username))
        for reply in self._exchange(*(_call(item, _ITEM, "Delete") for item in items)):
            (prompt,) = _body(reply)
            if len(prompt) > 1:
                raise NotCovered("deleting the item needs a prompt")

    def _prepare(self, *calls: _Call) -> list[Any]:
        """One round trip: is the collection locked, `calls`, and a session when none is open.

        A locked collection is keyring's to handle: it asks to unlock it and, refused,
        raises KeyringLocked, which the vault turns into its message.
        """
        locked = _call(DEFAULT_COLLECTION, _PROPERTIES, "Get", "ss", _COLLECTION, "Locked")
        opening, private = None, 0
        if self._session is None:
            private, public = self._keys()
            key = ("ay", public.to_bytes(128, "big"))
            opening = _call(_SERVICE_PATH, _SERVICE, "OpenSession", "sv", _DH_ALGORITHM, key)
        asked = self._send(locked, *calls, *([opening] if opening else []))
        _load_cipher()  # while the service answers: 4 ms of imports that would wait otherwise
        replies = self._receive(asked)
        if opening is not None:
            self._pending_keys = None
            self._adopt_session(replies.pop(), private)
        ((_signature, is_locked),) = _body(replies[0])
        if is_locked:
            raise NotCovered("the collection is locked")
        return [_body(reply) for reply in replies[1:]]

    def _keys(self) -> tuple[int, int]:
        """The Diffie-Hellman key pair of the next session (made once, used once)."""
        if self._pending_keys is None:
            # A 256-bit exponent: a quarter of the work of a full-size one, and attacks on
            # short exponents (2^128 steps) stay far costlier than on the group (~2^80).
            private = int.from_bytes(os.urandom(32), "big")
            self._pending_keys = (private, pow(2, private, _DH_PRIME))
        return self._pending_keys

    def _adopt_session(self, reply: Any, private: int) -> None:
        try:
            output, path = _body(reply)
        except Exception as exc:
            if getattr(exc, "name", "") != "org.freedesktop.DBus.Error.NotSupported":
                raise
            # secretstorage (so keyring) falls back the same way
            plain = _call(_SERVICE_PATH, _SERVICE, "OpenSession", "sv", "plain", ("s", ""))
            _output, path = _body(self._exchange(plain)[0])
            self._session = _Session(path, None)
        else:
            shared = pow(int.from_bytes(output[1], "big"), private, _DH_PRIME)
            self._session = _Session(path, _aes_key(shared.to_bytes(128, "big")))
        self.sessions_opened += 1

    def _open_session(self) -> _Session:
        assert self._session is not None  # _prepare opened it
        return self._session

    def _exchange(self, *calls: _Call) -> list[Any]:
        """Send every call, then collect the replies: one round trip for all of them."""
        return self._receive(self._send(*calls))

    def _send(self, *calls: _Call) -> list[int]:
        from jeepney import DBusAddress, new_method_call

        if self._connection is None:
            from jeepney.io.blocking import open_dbus_connection

            self._connection = open_dbus_connection(bus="SESSION")
        serials = []
        for bus, path, interface, method, signature, body in calls:
            message = new_method_call(DBusAddress(path, bus, interface), method, signature, body)
            serials.append(next(self._connection.outgoing_serial))
            self._connection.send(message, serial=serials[-1])
        return serials

    def _receive(self, serials: list[int]) -> list[Any]:
        from jeepney.low_level import HeaderFields

        assert self._connection is not None
        replies: dict[int, Any] = {}
        while len(replies) < len(serials):
            message = self._connection.receive()
            serial = message.header.fields.get(HeaderFields.reply_serial)
            if serial in serials:  # anything else (a signal) is nobody's here
                replies[serial] = message
        return [replies[serial] for serial in serials]

    def _reset(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
        self._connection = None
        self._session = None
        self._pending_keys = None

    def _fallback(self, exc: Exception) -> keyring.backend.KeyringBackend:
        """keyring's own backend, for this one call; the next call tries this path again."""
        import logging

        logging.getLogger(__name__).debug("Secret Service via keyring: %s", _why(exc))
        with self._lock:
            self._reset()
            if self._keyring is None:
                from keyring.backends import SecretService

                self._keyring = SecretService.Keyring()  # type: ignore[no-untyped-call]
            return self._keyring


# A method call: bus name, object path, interface, method, signature, arguments.
_Call = tuple[str, str, str, str, "str | None", tuple[Any, ...]]


def _call(
    path: str, interface: str, method: str, signature: str | None = None, *body: Any
) -> _Call:
    return (BUS_NAME, path, interface, method, signature, body)


def _bus_call(method: str, signature: str | None = None, *body: Any) -> _Call:
    return (_DBUS, _DBUS_PATH, _DBUS, method, signature, body)


def _search_call(service: str, username: str) -> _Call:
    attributes = {"username": username, "service": service}  # keyring's query
    return _call(DEFAULT_COLLECTION, _COLLECTION, "SearchItems", "a{ss}", attributes)


def _body(reply: Any) -> Any:
    from jeepney.wrappers import unwrap_msg

    return unwrap_msg(reply)


_MAX_DUPLICATES = 64


def _why(exc: Exception) -> str:
    return type(exc).__name__ if not isinstance(exc, NotCovered) else str(exc)


def _load_cipher() -> None:
    from mct_desktop.core.session import aes_cbc

    aes_cbc.load()


def _aes_key(shared: bytes) -> bytes:
    # HKDF-SHA256 with no salt and no info, one block: the spec's key derivation.
    import hashlib
    import hmac

    def mac(key: bytes, data: bytes) -> bytes:
        return hmac.new(key, data, hashlib.sha256).digest()

    return mac(mac(b"\x00" * 32, shared), b"\x01")[:16]


class _Session:
    """An open Secret Service session: AES-128-CBC with the shared key, or plain."""

    def __init__(self, path: str, key: bytes | None) -> None:
        self.path = path
        self._key = key

    def encrypt(self, plain: bytes) -> tuple[str, bytes, bytes, str]:
        if self._key is None:
            return (self.path, b"", plain, "text/plain")
        from mct_desktop.core.session import aes_cbc

        pad = 16 - len(plain) % 16
        iv = os.urandom(16)
        padded = plain + bytes([pad]) * pad
        return (self.path, iv, aes_cbc.encrypt(self._key, iv, padded), "text/plain")

    def decrypt(self, secret: tuple[str, bytes, bytes, str]) -> bytes:
        _session, iv, value, _content_type = secret
        if self._key is None:
            return bytes(value)
        from mct_desktop.core.session import aes_cbc

        padded = aes_cbc.decrypt(self._key, bytes(iv), bytes(value))
        pad = padded[-1] if padded else 0
        if not 1 <= pad <= 16 or padded[-pad:] != bytes([pad]) * pad:
            raise ValueError("the secret's padding is not PKCS#7")
        return padded[:-pad]
