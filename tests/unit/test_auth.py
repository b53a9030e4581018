"""Refresh and client credentials against the demo portal over real HTTP."""

import json

import httpx
import pytest

from mct_desktop.core.portal import IdentityProvider, Portal, ServiceAuth
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.token_client import (
    AuthNetworkError,
    AuthProtocolError,
    RetryPolicy,
    SignInRequired,
    TokenClient,
    parse_refresh_response,
)
from mct_desktop.demo.accounts import (
    SERVICE_API_URI,
    SERVICE_CLIENT_ID,
    SERVICE_CLIENT_SECRET,
    TENANT_ID,
)
from tests.support import sign_in_over_http


def client(**kwargs):
    sleeps = []
    kwargs.setdefault("retry", RetryPolicy(attempts=3, first_delay=0.01))
    return TokenClient(sleep=sleeps.append, **kwargs), sleeps


@pytest.mark.parametrize(
    "body",
    [
        {"accessToken": "A", "refreshToken": "R"},
        {"AccessToken": "A", "RefreshToken": "R"},
        {"access_token": "A", "refresh_token": "R", "expires_in": 3600},
        {"ACCESSTOKEN": "A", "Refresh-Token": "R"},
    ],
)
def test_refresh_response_spellings(body):
    pair = parse_refresh_response(body)
    assert (pair.access_token, pair.refresh_token) == ("A", "R")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"message": "ok"},
        [],
        "text",
        {"accessToken": ""},
        # Only the top level counts: these are not token pairs (issue 16, item 11).
        {"token": "A", "refreshToken": "R"},
        {"error": {"accessToken": "A"}},
        {"data": {"accessToken": "A", "refreshToken": "R"}},
    ],
)
def test_refresh_response_without_access_token(body):
    with pytest.raises(AuthProtocolError, match="no access token"):
        parse_refresh_response(body)


def test_refresh_rotates_the_pair(demo):
    old = parse_callback_location(sign_in_over_http(demo))
    portal = Portal(demo.url, identity_provider=IdentityProvider.PHONE)
    tokens, _ = client()
    new = tokens.refresh(portal, old.refresh_token)
    assert new.access_token != old.access_token and new.refresh_token != old.refresh_token
    sent = demo.requests_to("/api/v1/ExternalAuthToken/RefreshToken/")[-1]
    assert sent.path == "/api/v1/ExternalAuthToken/RefreshToken/PHONE"
    assert json.loads(sent.body) == {"RefreshToken": old.refresh_token}
    assert sent.headers["Content-Type"] == "application/json"
    with pytest.raises(SignInRequired, match=r"refused the refresh token \(HTTP 400: Invalid"):
        tokens.refresh(portal, old.refresh_token)  # the old one died in the exchange


def test_server_errors_are_retried_with_backoff(demo):
    pair = parse_callback_location(sign_in_over_http(demo))
    demo.failing_refreshes = 2
    tokens, sleeps = client()
    assert tokens.refresh(Portal(demo.url), pair.refresh_token).access_token
    assert sleeps == [0.01, 0.02]
    assert len(demo.requests_to("/api/v1/ExternalAuthToken")) == 3


def test_network_failure_after_retries_is_reported():
    tokens, sleeps = client()
    with pytest.raises(AuthNetworkError) as caught:
        tokens.refresh(Portal("http://127.0.0.1:9"), "r")
    assert "after 3 attempts: cannot connect to 127.0.0.1" in str(caught.value)
    assert "stored tokens are unchanged" in str(caught.value)
    assert len(sleeps) == 2


def test_timeouts_are_reported(demo):
    demo.refresh_delay = 0.5
    tokens, _ = client(timeout=0.1, retry=RetryPolicy(attempts=1))
    with pytest.raises(AuthNetworkError, match="did not answer in time"):
        tokens.refresh(Portal(demo.url), "r")


def test_non_json_success_is_a_protocol_error():
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>"))
    tokens, _ = client(transport=transport)
    with pytest.raises(AuthProtocolError, match="not JSON"):
        tokens.refresh(Portal("https://p.example"), "r")


SERVICE = dict(tenant_id=TENANT_ID, client_id=SERVICE_CLIENT_ID, api_uri=SERVICE_API_URI)


def test_client_credentials_against_the_demo_authority(demo):
    tokens, _ = client()
    access, lifetime = tokens.client_credentials(
        ServiceAuth(**SERVICE, authority=demo.url), SERVICE_CLIENT_SECRET
    )
    assert lifetime == demo.token_lifetime
    sent = demo.requests_to(f"/{TENANT_ID}/oauth2/v2.0/token")[-1]
    form = dict(httpx.QueryParams(sent.body.decode()))
    assert form == {
        "grant_type": "client_credentials",
        "client_id": SERVICE_CLIENT_ID,
        "client_secret": SERVICE_CLIENT_SECRET,
        "scope": "api://mct-demo/.default",
    }
    ok = httpx.get(
        demo.url + "/api/v2/Profile",
        headers={"Authorization": f"Bearer {access}", "ClientType": "Service"},
    )
    assert ok.status_code == 200 and ok.json()["role"] == "Service"


def test_wrong_client_secret_says_what_to_check(demo):
    tokens, _ = client()
    with pytest.raises(
        SignInRequired, match=r"HTTP 401: AADSTS7000215: Invalid client secret.*Check the tenant ID"
    ):
        tokens.client_credentials(ServiceAuth(**SERVICE, authority=demo.url), "wrong")
