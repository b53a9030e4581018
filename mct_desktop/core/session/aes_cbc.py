"""AES-128-CBC for the Secret Service session, through the OpenSSL Python itself loaded.

The session's cipher is the one piece of the keychain path that needs more than the standard
library. `cryptography` provides it, but importing it maps an 8 MB Rust library into every
process that reads a token (and 5 ms to `mct-desktop token`), while the process already
holds OpenSSL's libcrypto: `hashlib` and `ssl` are built on it. The cipher is called
through that library's EVP interface (the one OpenSSL documents for applications) with
ctypes; where it cannot be found (a Python linked statically against OpenSSL, another
platform), `cryptography` does the same work. Padding (PKCS#7) stays with the caller.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Callable
from typing import Any

BLOCK = 16
_openssl: _OpenSSL | bool | None = False  # False: not looked for yet; None: not usable


class _OpenSSL:
    """The handful of EVP functions AES-CBC needs, with their C signatures declared."""

    def __init__(self, library: ctypes.CDLL) -> None:
        c = ctypes
        self.new = _fn(library.EVP_CIPHER_CTX_new, c.c_void_p, [])
        self.free = _fn(library.EVP_CIPHER_CTX_free, None, [c.c_void_p])
        self.aes_128_cbc = _fn(library.EVP_aes_128_cbc, c.c_void_p, [])
        self.init = _fn(
            library.EVP_CipherInit_ex,
            c.c_int,
            [c.c_void_p, c.c_void_p, c.c_void_p, c.c_char_p, c.c_char_p, c.c_int],
        )
        self.set_padding = _fn(library.EVP_CIPHER_CTX_set_padding, c.c_int, [c.c_void_p, c.c_int])
        int_out = c.POINTER(c.c_int)
        self.update = _fn(
            library.EVP_CipherUpdate,
            c.c_int,
            [c.c_void_p, c.c_char_p, int_out, c.c_char_p, c.c_int],
        )
        self.final = _fn(library.EVP_CipherFinal_ex, c.c_int, [c.c_void_p, c.c_char_p, int_out])

    def run(self, key: bytes, iv: bytes, data: bytes, encrypt: bool) -> bytes:
        context = self.new()
        if not context:
            raise MemoryError("OpenSSL could not allocate a cipher context")
        try:
            if not self.init(context, self.aes_128_cbc(), None, key, iv, int(encrypt)):
                raise ValueError("OpenSSL refused the AES key or IV")
            self.set_padding(context, 0)  # whole blocks in and out; PKCS#7 is the caller's
            out, tail = (
                ctypes.create_string_buffer(len(data) + BLOCK),
                ctypes.create_string_buffer(BLOCK),
            )
            written, tail_written = ctypes.c_int(0), ctypes.c_int(0)
            if not self.update(context, out, ctypes.byref(written), data, len(data)):
                raise ValueError("OpenSSL could not run AES-CBC over the data")
            if not self.final(context, tail, ctypes.byref(tail_written)):
                raise ValueError("the data is not a whole number of AES blocks")
            return out.raw[: written.value] + tail.raw[: tail_written.value]
        finally:
            self.free(context)


def _fn(function: Any, restype: Any, argtypes: list[Any]) -> Callable[..., Any]:
    function.restype = restype
    function.argtypes = argtypes
    return function  # type: ignore[no-any-return]


def _python_libcrypto() -> str | None:
    """The libcrypto file `hashlib` runs on, as this process mapped it (Linux)."""
    import _hashlib  # noqa: F401  (maps the libcrypto Python was built against)

    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.rstrip("\n").partition("/")[2]
                if path and os.path.basename(path).startswith("libcrypto.so"):
                    return "/" + path
    except OSError:
        return None
    return None


def _load_openssl() -> _OpenSSL | None:
    global _openssl
    if _openssl is False:
        try:
            path = _python_libcrypto()
            _openssl = _OpenSSL(ctypes.CDLL(path)) if path else None
        except (ImportError, OSError, AttributeError):  # no such library or symbol
            _openssl = None
    return _openssl  # type: ignore[return-value]


def load() -> None:
    """Load the cipher ahead of use (e.g. while the Secret Service answers a call)."""
    if _load_openssl() is None:
        from cryptography.hazmat.primitives.ciphers import Cipher  # noqa: F401


def encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """AES-128-CBC over whole blocks, no padding added."""
    return _run(key, iv, data, encrypt=True)


def decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """AES-128-CBC over whole blocks, no padding removed."""
    return _run(key, iv, data, encrypt=False)


def _run(key: bytes, iv: bytes, data: bytes, encrypt: bool) -> bytes:
    if len(key) != BLOCK or len(iv) != BLOCK:
        raise ValueError("AES-128-CBC takes a 16-byte key and a 16-byte IV")
    if len(data) % BLOCK:
        raise ValueError("the data is not a whole number of AES blocks")
    openssl = _load_openssl()
    if openssl is not None:
        return openssl.run(key, iv, data, encrypt)
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    cipher = Cipher(algorithms.AES(key), modes.CBC(iv))
    worker = cipher.encryptor() if encrypt else cipher.decryptor()
    return worker.update(data) + worker.finalize()
