"""Minimal HS256 JWTs for the demo portal (real portals use RS256; clients only decode)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(claims: dict[str, Any], secret: bytes, kid: str = "demo-key") -> str:
    header = {"alg": "HS256", "typ": "JWT", "kid": kid}
    signing_input = _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())
    signature = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + _b64(signature)


class InvalidToken(ValueError):
    """Why a bearer token was refused (sent back to the client in the 401 body)."""


def verify(token: str, secret: bytes, now: float | None = None) -> dict[str, Any]:
    try:
        head, body, signature = token.split(".")
        expected = hmac.new(secret, f"{head}.{body}".encode("ascii"), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature)):
            raise InvalidToken("signature does not match")
        claims: dict[str, Any] = json.loads(_unb64(body))
    except InvalidToken:
        raise
    except (ValueError, UnicodeError) as exc:
        raise InvalidToken("malformed token") from exc
    if float(claims.get("exp", 0)) <= (time.time() if now is None else now):
        raise InvalidToken("token expired")
    return claims
