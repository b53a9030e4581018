"""The slice of the MCT REST API the demo portal implements."""

from __future__ import annotations

from http import HTTPStatus

from mct_desktop.demo.accounts import TENANT_ID
from mct_desktop.demo.http import Handler, Request, route


@route("GET", r"/api/v2/profile")
def profile(h: Handler, req: Request) -> None:
    authorization = h.headers.get("Authorization", "")
    claims, reason = h.portal.claims_for_bearer(authorization)
    if claims is not None and claims.get("idtyp") == "app":
        if h.headers.get("ClientType", "").lower() != "service":
            h.unauthorized("app-only tokens must be sent with 'ClientType: Service'")
            return
        h.send_json(
            HTTPStatus.OK,
            {
                "id": claims["appid"],
                "name": "Demo service",
                "role": "Service",
                "tenantId": TENANT_ID,
            },
        )
        return
    account, reason = h.portal.account_for_bearer(authorization)
    if account is None:
        h.unauthorized(reason)
        return
    h.send_json(
        HTTPStatus.OK,
        {
            "id": account.user_id,
            "name": account.name,
            "email": account.email,
            "role": account.role,
            "tenantId": TENANT_ID,
        },
    )
