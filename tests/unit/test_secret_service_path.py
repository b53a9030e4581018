"""The direct Secret Service path: secretstorage's session crypto, and when keyring decides.

The conversation with a real service is tested in tests/e2e/test_secret_service_direct.py.
"""

import os

import keyring.core
import pytest
import secretstorage.dhcrypto
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from mct_desktop.core.session import secret_service, vault
from mct_desktop.core.session.secret_service import _DH_PRIME, _aes_key, _Session


def test_the_session_key_is_the_one_secretstorage_derives():
    theirs = secretstorage.dhcrypto.Session()
    server_private = int.from_bytes(os.urandom(128), "big")
    theirs.set_server_public_key(pow(2, server_private, _DH_PRIME))
    shared = pow(theirs.my_public_key, server_private, _DH_PRIME)
    assert secretstorage.dhcrypto.DH_PRIME_1024 == _DH_PRIME
    assert _aes_key(shared.to_bytes(128, "big")) == theirs.aes_key


@pytest.mark.parametrize("text", ["", "a", "x" * 15, "y" * 16, "é" * 1000])
def test_secrets_go_out_and_come_back_as_the_service_handles_them(text):
    key = os.urandom(16)
    session = _Session("/org/freedesktop/secrets/session/1", key)
    path, iv, value, content_type = session.encrypt(text.encode())
    assert (path, content_type) == ("/org/freedesktop/secrets/session/1", "text/plain")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    unpadder = padding.PKCS7(128).unpadder()
    plain = unpadder.update(decryptor.update(value) + decryptor.finalize()) + unpadder.finalize()
    assert plain == text.encode()
    assert session.decrypt((path, iv, value, content_type)) == text.encode()


def test_a_secret_with_bad_padding_is_refused_not_truncated():
    key = os.urandom(16)
    iv = os.urandom(16)
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    value = encryptor.update(b"no padding here!") + encryptor.finalize()
    with pytest.raises(ValueError, match="padding"):
        _Session("/s", key).decrypt(("/s", iv, value, "text/plain"))


def test_a_plain_session_passes_secrets_through():
    session = _Session("/s", None)
    assert session.encrypt(b"abc") == ("/s", b"", b"abc", "text/plain")
    assert session.decrypt(("/s", b"", b"abc", "text/plain")) == b"abc"


@pytest.fixture
def unconfigured(monkeypatch, tmp_path):
    """No keyring choice anywhere: no set_keyring(), no variable, no keyringrc.cfg."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    monkeypatch.setattr(vault.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    for name in list(os.environ):
        if name == "PYTHON_KEYRING_BACKEND" or name.startswith("KEYRING_PROPERTY_"):
            monkeypatch.delenv(name)
    opened = []

    def open_keychain():
        opened.append(True)
        return "direct"

    monkeypatch.setattr(secret_service, "open_keychain", open_keychain)
    monkeypatch.setattr(keyring, "get_keyring", lambda: "keyring's choice")
    return opened


def test_with_nothing_configured_the_vault_talks_to_the_secret_service(unconfigured):
    assert vault._default_backend() == "direct"


def test_no_secret_service_leaves_the_choice_to_keyring(unconfigured, monkeypatch):
    monkeypatch.setattr(secret_service, "open_keychain", lambda: None)
    assert vault._default_backend() == "keyring's choice"


@pytest.mark.parametrize(
    "configure",
    [
        lambda mp, cfg: mp.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring"),
        lambda mp, cfg: cfg.write_text(
            "[backend]\ndefault-keyring=keyring.backends.null.Keyring\n"
        ),
        lambda mp, cfg: mp.setattr(keyring.core, "_keyring_backend", object()),
    ],
    ids=["PYTHON_KEYRING_BACKEND", "keyringrc.cfg", "set_keyring"],
)
def test_a_keyring_configuration_is_honoured_by_keyring(unconfigured, monkeypatch, configure):
    cfg = vault._keyring_config_file()
    cfg.parent.mkdir(parents=True)
    configure(monkeypatch, cfg)
    assert vault._default_backend() == "keyring's choice"
    assert unconfigured == []


def test_keyring_properties_go_to_keyrings_own_backend(unconfigured, monkeypatch):
    from keyring.backends import SecretService

    class Answering(SecretService.Keyring):
        priority = 5  # as when a Secret Service runs

    monkeypatch.setattr(SecretService, "Keyring", Answering)
    monkeypatch.setenv("KEYRING_PROPERTY_SCHEME", "KeePassXC")
    backend = vault._default_backend()
    assert isinstance(backend, Answering) and backend.scheme == "KeePassXC"
    assert unconfigured == []


def test_the_config_file_is_where_keyring_looks():
    import keyring.util.platform_

    assert vault._keyring_config_file() == keyring.util.platform_.config_root() / "keyringrc.cfg"
