"""Swagger UI and spec documents, for signed-in administrators only, like a real portal."""

from __future__ import annotations

from http import HTTPStatus
from http.cookies import SimpleCookie

from mct_desktop.demo import swagger
from mct_desktop.demo.accounts import Account
from mct_desktop.demo.cookies import SESSION_COOKIE
from mct_desktop.demo.http import Handler, Request, route

ADMIN = "Global Administrator"


def _caller(h: Handler) -> Account | None:
    """The portal session (cookie) or, failing that, a bearer token."""
    cookies = SimpleCookie(h.headers.get("Cookie", ""))
    if SESSION_COOKIE in cookies:
        account = h.portal.session_account(cookies[SESSION_COOKIE].value)
        if account is not None:
            return account
    account, _reason = h.portal.account_for_bearer(h.headers.get("Authorization", ""))
    return account


def _allowed(h: Handler) -> bool:
    if not h.portal.swagger_enabled:
        h.send_json(HTTPStatus.NOT_FOUND, {"message": "Not found"})
        return False
    account = _caller(h)
    if account is None:
        # ASP.NET sends an anonymous visitor to the sign-in page.
        h.redirect(f"{h.portal.url}/ExternalAuthentication/Login")
        return False
    if account.role != ADMIN:
        h.send_json(HTTPStatus.FORBIDDEN, {"message": "Swagger is available to administrators"})
        return False
    return True


@route("GET", r"/swagger|/swagger/index\.html")
def swagger_ui(h: Handler, req: Request) -> None:
    if _allowed(h):
        h.send_html(swagger.swagger_ui_page())


@route("GET", r"/swagger/(?P<version>v\d+)/swagger\.json")
def swagger_document(h: Handler, req: Request) -> None:
    if not _allowed(h):
        return
    body = swagger.document_bytes(req.params["version"].lower())
    if body is None:
        h.send_json(HTTPStatus.NOT_FOUND, {"message": f"No document {req.params['version']}"})
        return
    h.send(HTTPStatus.OK, body, "application/json; charset=utf-8")
