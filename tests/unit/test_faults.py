"""The demo portal's fault modes: each gives a clear message and loses no stored token."""

import pytest

from mct_desktop.core.api.client import ApiClient, ApiError
from mct_desktop.core.api.render import prepare
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import AuthNetworkError, RetryPolicy, TokenClient
from mct_desktop.core.session.token_manager import TokenManager
from tests.support import sign_in_and_store


@pytest.fixture
def signed_in(demo):
    service, portal, pair = sign_in_and_store(demo)
    manager = TokenManager(service, lambda: TokenClient(retry=RetryPolicy(2, 0.01)))
    return ApiClient(manager), portal, pair


@pytest.mark.parametrize(
    ("path", "timeout", "message"),
    [
        ("/api/demo/reset-mid-body", 10, "The connection broke before the whole body"),
        ("/api/demo/truncated", 10, "received 1001 bytes, expected 100000"),
        ("/api/demo/slow?seconds=3", 0.5, "did not answer within 0.5 s (timeout)"),
        ("/api/demo/redirect-loop", 10, "Too many redirects (10)"),
    ],
)
def test_broken_answers_are_explained_and_tokens_stay(demo, signed_in, path, timeout, message):
    client, portal, pair = signed_in
    target, _, query = path.partition("?")
    request = ApiRequest(
        "GET", target, query=[tuple(query.split("="))] if query else [], timeout=timeout
    )
    with pytest.raises(ApiError) as caught:
        client.send(portal, request)
    assert message in str(caught.value)
    assert PortalService().tokens(portal) == pair
    assert client.send(portal, ApiRequest("GET", "/api/v2/Profile")).ok  # still usable


def test_invalid_json_with_a_json_type_is_shown_as_text(demo, signed_in):
    client, portal, _ = signed_in
    response = client.send(portal, ApiRequest("GET", "/api/demo/invalid-json"))
    prepared = prepare(response)
    assert prepared.kind.value == "text" and prepared.text == '{"items": [1, 2, oops'
    assert "not valid JSON despite its content type" in prepared.note


def test_server_errors_and_rate_limits_are_responses_not_failures(demo, signed_in):
    client, portal, _ = signed_in
    assert client.send(portal, ApiRequest("GET", "/api/demo/server-error")).status == 500
    limited = client.send(portal, ApiRequest("GET", "/api/demo/ratelimited"))
    assert (limited.status, limited.retry_after) == (429, "30")


def test_a_refresh_cut_off_by_the_network_keeps_the_session(demo, signed_in):
    _client, portal, pair = signed_in
    demo.failing_refreshes = 5  # every attempt fails
    manager = TokenManager(PortalService(), lambda: TokenClient(retry=RetryPolicy(2, 0.01)))
    with pytest.raises(AuthNetworkError, match="after 2 attempts: HTTP 503"):
        manager.ensure_fresh(portal, 60, force=True)
    assert PortalService().tokens(portal) == pair
    demo.failing_refreshes = 0
    assert manager.ensure_fresh(portal, 60, force=True) != pair  # and once the portal is back
