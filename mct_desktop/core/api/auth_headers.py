"""The headers that authenticate a request to a portal: its token, and ClientType for apps."""

from __future__ import annotations

from mct_desktop.core.portal import Portal
from mct_desktop.core.redact import mask_secret


def authorization_headers(portal: Portal, access_token: str) -> dict[str, str]:
    """`Authorization: Bearer ...`, plus `ClientType: Service` for app-only tokens."""
    headers = {"Authorization": f"Bearer {access_token}"}
    if portal.service is not None:
        headers["ClientType"] = "Service"
    return headers


ADDED = "added by MCT Desktop"


def shown_auth_headers(portal: Portal, access_token: str | None) -> list[tuple[str, str]]:
    """What the console's Headers tab shows of the headers above: the token masked."""
    if access_token is None:
        return [("Authorization", "(none: not signed in)")]
    shown = []
    for name, value in authorization_headers(portal, access_token).items():
        if name == "Authorization":
            value = "Bearer " + mask_secret(access_token)
        shown.append((name, f"{value} — {ADDED}"))
    return shown
