"""The portal's session cookie, which the Callback sets and Swagger asks for."""

from __future__ import annotations

SESSION_COOKIE = ".AspNetCore.Cookies"


def session_cookie_header(value: str) -> str:
    return f"{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax"
