"""The sign-in flow: Login -> B2C-like page on another origin -> Callback -> token redirect."""

from __future__ import annotations

import secrets
from http import HTTPStatus
from urllib.parse import quote

from mct_desktop.demo import pages
from mct_desktop.demo.accounts import ACCOUNTS, DEMO_PASSWORD, Account
from mct_desktop.demo.cookies import session_cookie_header
from mct_desktop.demo.http import Handler, Request, route
from mct_desktop.demo.refusals import refuse


@route("GET", r"/externalauthentication/login")
def login(h: Handler, req: Request) -> None:
    state = secrets.token_urlsafe(12)
    h.redirect(f"{h.portal.sign_in_origin}/b2c/authorize?state={state}")


@route("GET", r"/b2c/authorize")
def authorize_page(h: Handler, req: Request) -> None:
    state = req.arg("state")
    if refuse(h):
        return
    if h.portal.auto_sign_in and (account := ACCOUNTS.get(h.portal.auto_sign_in)):
        _finish_sign_in(h, account, state)
        return
    h.send_html(pages.sign_in_page(state))


@route("POST", r"/b2c/authorize")
def authorize_submit(h: Handler, req: Request) -> None:
    form = req.form()
    email = form.get("email", "").strip().lower()
    state = form.get("state", "")
    account = ACCOUNTS.get(email)
    if account is None or form.get("password") != DEMO_PASSWORD:
        message = "We can't find an account with that email and password."
        h.send_html(pages.sign_in_page(state, message, email))
        return
    _finish_sign_in(h, account, state)


def _finish_sign_in(h: Handler, account: Account, state: str) -> None:
    code = h.portal.new_code(account)
    h.redirect(f"{h.portal.url}/ExternalAuthentication/Callback?code={code}&state={quote(state)}")


@route("GET", r"/externalauthentication/callback")
def callback(h: Handler, req: Request) -> None:
    account = h.portal.redeem_code(req.arg("code"))
    if account is None:
        page = pages.error_page("Sign-in failed", "Unknown or used code.")
        h.send_html(page, HTTPStatus.BAD_REQUEST)
        return
    access, refresh = h.portal.issue_tokens(account)
    # Like the real portal, the Callback also opens a cookie session (Swagger needs it).
    cookie = session_cookie_header(h.portal.new_session(account))
    # Exactly the cache headers real MCT portals send with this 302: `Expires: -1` and no
    # Cache-Control, so tests see what Chromium does with them (it caches the redirect).
    h.send_response(HTTPStatus.FOUND)
    for name, value in (
        ("Location", h.portal.token_location(access, refresh)),
        ("Set-Cookie", cookie),
        ("Expires", "-1"),
        ("Content-Length", "0"),
    ):
        h.send_header(name, value)
    h.end_headers()


@route("GET", r"/b2c/foreign-redirect")
def foreign_redirect(h: Handler, req: Request) -> None:
    # A page on another origin that pushes a forged token URL at the browser.
    h.redirect(f"{h.portal.url}/Home/SignedIn?AccessToken=forged.by.another&RefreshToken=forged")


@route("GET", r"/|/home/signedin|/externalauthentication/redirect")
def home(h: Handler, req: Request) -> None:
    h.send_html(pages.portal_home(h.portal.url))


@route("GET", r"/b2c/script-forgery")
def script_forgery(h: Handler, req: Request) -> None:
    # A hostile page: it starts a navigation to the portal, then swaps in an app-scheme URL
    # carrying tokens of its choosing, hoping the app takes them for the portal's.
    forged = "mctdemo://auth?AccessToken=FORGED.ACCESS.TOKEN&RefreshToken=FORGED"
    script = (
        f"location = '{h.portal.url}/api/demo/slow?seconds=2';"
        f"setTimeout(function () {{ location = '{forged}'; }}, 300);"
    )
    h.send_html(f"<html><body>Loading…<script>{script}</script></body></html>".encode())


# Where a hostile page can point its forged token URL: every Location style the app accepts.
_FORGED_TARGETS = {
    "relative-fragment": "{portal}/ExternalAuthentication/Redirect#access_token={a}",
    "query": "{portal}/?AccessToken={a}&RefreshToken=F",
    "fragment": "{portal}/#access_token={a}&refresh_token=F",
    "hash-route": "{portal}/#/signed-in?accessToken={a}&refreshToken=F",
    "other-origin": "{signin}/landing?AccessToken={a}&RefreshToken=F",
    "scheme": "mctdemo://auth?AccessToken={a}&RefreshToken=F",
}
FORGED_ACCESS_TOKEN = "FORGED.ACCESS.TOKEN"


def _forged_target(h: Handler, req: Request) -> str:
    template = _FORGED_TARGETS.get(req.arg("to") or "query", _FORGED_TARGETS["query"])
    return template.format(
        portal=h.portal.url, signin=h.portal.sign_in_origin, a=FORGED_ACCESS_TOKEN
    )


@route("GET", r"/b2c/meta-refresh-forgery")
def meta_refresh_forgery(h: Handler, req: Request) -> None:
    # Trick A: start a navigation to any portal page, then a meta refresh to a token URL;
    # Chromium calls the refresh a client redirect, which once looked like the portal's own.
    script = (
        f"location = '{h.portal.url}/api/demo/slow?seconds=2';"
        "var m = document.createElement('meta'); m.httpEquiv = 'refresh';"
        f"m.content = '0;url={_forged_target(h, req)}'; document.head.appendChild(m);"
    )
    h.send_html(
        f"<html><head></head><body>Loading…<script>{script}</script></body></html>".encode()
    )


@route("GET", r"/b2c/callback-then-scheme-forgery")
def callback_then_scheme_forgery(h: Handler, req: Request) -> None:
    # Trick B: navigate to the Callback while the page still loads (a "client redirect"),
    # then at once to an app-scheme URL carrying tokens of the page's choosing.
    target = (
        _forged_target(h, req)
        if req.arg("to")
        else _FORGED_TARGETS["scheme"].format(a=FORGED_ACCESS_TOKEN)
    )
    script = (
        f"location = '{h.portal.url}/ExternalAuthentication/Callback';"
        f"setTimeout(function () {{ location = '{target}'; }}, 0);"
    )
    h.send_html(
        f"<html><head></head><body>Loading…<script>{script}</script></body></html>".encode()
    )


@route("GET", r"/landing")
def landing(h: Handler, req: Request) -> None:
    h.send_html(b"<html><body>A page on the sign-in origin.</body></html>")


@route("GET", r"/b2c/located-forgery")
def located_forgery(h: Handler, req: Request) -> None:
    # Trick A from a server the attacker runs: the hostile page's own 200 response carries
    # a Location naming the forged token URL, hoping it passes for the portal's redirect.
    forged = _forged_target(h, req)
    script = (
        f"location = '{h.portal.url}/api/demo/slow?seconds=2';"
        "var m = document.createElement('meta'); m.httpEquiv = 'refresh';"
        f"m.content = '0;url={forged}'; document.head.appendChild(m);"
    )
    if req.arg("via") == "callback":  # trick B: through the Callback, then the token URL
        script = (
            f"location = '{h.portal.url}/ExternalAuthentication/Callback';"
            f"setTimeout(function () {{ location = '{forged}'; }}, 0);"
        )
    if req.arg("after") == "load":  # the same, once the page has finished loading
        script = f"window.onload = function () {{ setTimeout(function () {{ {script} }}, 50); }};"
    body = f"<html><head></head><body>Loading…<script>{script}</script></body></html>"
    h.send(HTTPStatus.OK, body.encode(), "text/html; charset=utf-8", {"Location": forged})
