"""The headers that authenticate a request to a portal, and a curl line that uses them."""

from __future__ import annotations

import shlex

from mct_desktop.core.portal import Portal

PROFILE_PATH = "/api/v2/Profile"


def authorization_headers(portal: Portal, access_token: str) -> dict[str, str]:
    """`Authorization: Bearer ...`, plus `ClientType: Service` for app-only tokens."""
    headers = {"Authorization": f"Bearer {access_token}"}
    if portal.service is not None:
        headers["ClientType"] = "Service"
    return headers


def curl_command(portal: Portal, access_token: str, path: str = PROFILE_PATH) -> str:
    """A ready-to-paste curl line for a GET of `path` on the portal."""
    parts = ["curl", "--fail-with-body"]
    for name, value in authorization_headers(portal, access_token).items():
        parts += ["-H", f"{name}: {value}"]
    parts.append(portal.base_url + path)
    return " ".join(shlex.quote(p) for p in parts)
