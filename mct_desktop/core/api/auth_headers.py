"""The headers that authenticate a request to a portal: its token, and ClientType for apps."""

from __future__ import annotations

from mct_desktop.core.portal import Portal


def authorization_headers(portal: Portal, access_token: str) -> dict[str, str]:
    """`Authorization: Bearer ...`, plus `ClientType: Service` for app-only tokens."""
    headers = {"Authorization": f"Bearer {access_token}"}
    if portal.service is not None:
        headers["ClientType"] = "Service"
    return headers
