"""AES-128-CBC through the OpenSSL Python loaded, checked against `cryptography`."""

import os
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from mct_desktop.core.session import aes_cbc


def reference(key, iv, data, encrypt):
    cipher = Cipher(algorithms.AES(key), modes.CBC(iv))
    worker = cipher.encryptor() if encrypt else cipher.decryptor()
    return worker.update(data) + worker.finalize()


@pytest.fixture(params=["openssl", "cryptography"])
def backend(request, monkeypatch):
    if request.param == "openssl":
        assert aes_cbc._load_openssl() is not None, "this Linux Python's libcrypto was not found"
    else:
        monkeypatch.setattr(aes_cbc, "_openssl", None)  # as where no libcrypto is found
    return request.param


@pytest.mark.parametrize("size", [0, 16, 32, 4096, 178_000 // 16 * 16])
def test_both_ways_match_cryptography(backend, size):
    key, iv, data = os.urandom(16), os.urandom(16), os.urandom(size)
    sealed = aes_cbc.encrypt(key, iv, data)
    assert sealed == reference(key, iv, data, encrypt=True)
    assert aes_cbc.decrypt(key, iv, sealed) == data
    assert aes_cbc.decrypt(key, iv, reference(key, iv, data, True)) == data


def test_a_known_answer_from_nist_sp_800_38a():
    # F.2.1 CBC-AES128.Encrypt, first block
    key = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
    iv = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
    plain = bytes.fromhex("6bc1bee22e409f96e93d7e117393172a")
    assert aes_cbc.encrypt(key, iv, plain).hex() == "7649abac8119b246cee98e9b12e9197d"


@pytest.mark.parametrize(
    ("key", "iv", "data", "message"),
    [
        (b"k" * 15, b"i" * 16, b"", "16-byte key"),
        (b"k" * 16, b"i" * 8, b"", "16-byte IV"),
        (b"k" * 16, b"i" * 16, b"x" * 17, "whole number of AES blocks"),
    ],
)
def test_wrong_sizes_are_refused_before_openssl_sees_them(backend, key, iv, data, message):
    with pytest.raises(ValueError, match=message):
        aes_cbc.decrypt(key, iv, data)


def test_the_cipher_loads_without_cryptography():
    code = (
        "import sys; from mct_desktop.core.session import aes_cbc; aes_cbc.load(); "
        "print(aes_cbc.encrypt(b'k' * 16, b'i' * 16, b'x' * 16).hex(), "
        "'cryptography' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    sealed, imported = done.stdout.split()
    assert sealed == reference(b"k" * 16, b"i" * 16, b"x" * 16, True).hex()
    assert imported == "False"
