"""Token endpoints: the portal's RefreshToken call and an Azure AD-like client-credentials one."""

from __future__ import annotations

import json
import time
from http import HTTPStatus

from mct_desktop.demo.accounts import (
    SERVICE_API_URI,
    SERVICE_CLIENT_ID,
    SERVICE_CLIENT_SECRET,
    TENANT_ID,
)
from mct_desktop.demo.http import Handler, Request, route


@route("POST", r"/api/v1/externalauthtoken/refreshtoken/(?P<idp>[^/]+)")
def refresh(h: Handler, req: Request) -> None:
    portal = h.portal
    if portal.refresh_delay:
        time.sleep(portal.refresh_delay)
    if portal.take_failing_refresh():
        h.send_json(
            HTTPStatus.SERVICE_UNAVAILABLE, {"message": "Try again later"}, {"Retry-After": "0"}
        )
        return
    if req.params["idp"].upper() not in ("EMAIL", "PHONE", "AZUREAD"):
        h.send_json(HTTPStatus.BAD_REQUEST, {"message": f"Unknown provider {req.params['idp']}"})
        return
    try:
        data = json.loads(req.body or b"{}")
        token = next(v for k, v in data.items() if k.lower() == "refreshtoken")
    except (ValueError, StopIteration, AttributeError):
        h.send_json(HTTPStatus.BAD_REQUEST, {"message": 'Body must be {"RefreshToken": "..."}'})
        return
    pair = portal.rotate(str(token))
    if pair is None:
        h.send_json(HTTPStatus.BAD_REQUEST, {"message": "Invalid or expired refresh token"})
        return
    h.send_json(
        HTTPStatus.OK,
        {"accessToken": pair[0], "refreshToken": pair[1], "expiresIn": portal.token_lifetime},
    )


@route("POST", r"/(?P<tenant>[^/]+)/oauth2/v2\.0/token")
def client_credentials(h: Handler, req: Request) -> None:
    form = req.form()
    problem = _client_credentials_problem(req.params["tenant"], form)
    if problem:
        status, error, description = problem
        h.send_json(status, {"error": error, "error_description": description})
        return
    lifetime = h.portal.token_lifetime
    h.send_json(
        HTTPStatus.OK,
        {
            "token_type": "Bearer",
            "expires_in": lifetime,
            "ext_expires_in": lifetime,
            "access_token": h.portal.issue_service_token(),
        },
    )


def _client_credentials_problem(tenant: str, form: dict[str, str]) -> tuple[int, str, str] | None:
    if tenant != TENANT_ID:
        return (
            HTTPStatus.BAD_REQUEST,
            "invalid_request",
            f"AADSTS90002: Tenant '{tenant}' not found.",
        )
    if form.get("grant_type") != "client_credentials":
        return HTTPStatus.BAD_REQUEST, "unsupported_grant_type", "Use client_credentials."
    if (form.get("client_id"), form.get("client_secret")) != (
        SERVICE_CLIENT_ID,
        SERVICE_CLIENT_SECRET,
    ):
        return (
            HTTPStatus.UNAUTHORIZED,
            "invalid_client",
            "AADSTS7000215: Invalid client secret provided.",
        )
    if form.get("scope") != f"{SERVICE_API_URI}/.default":
        return (
            HTTPStatus.BAD_REQUEST,
            "invalid_scope",
            f"AADSTS500011: The resource {form.get('scope')} was not found in the tenant.",
        )
    return None
