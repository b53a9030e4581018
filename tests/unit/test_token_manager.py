"""Refresh orchestration against the demo portal: one refresh, rotation, failures keep tokens."""

import threading
import time
from datetime import timedelta

import pytest

from mct_desktop.core.portal import ServiceAuth
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import (
    AuthNetworkError,
    RetryPolicy,
    SignInRequired,
    TokenClient,
)
from mct_desktop.core.session.token_manager import NotSignedIn, TokenManager, expires_within
from mct_desktop.core.tokens import utc_now
from mct_desktop.demo.accounts import (
    SERVICE_API_URI,
    SERVICE_CLIENT_ID,
    SERVICE_CLIENT_SECRET,
    TENANT_ID,
)
from tests.support import REFRESH_PATH, demo_tokens, fast_client, sign_in_and_store


def signed_in(demo, lifetime=30):
    """A portal whose stored access token expires in `lifetime` seconds."""
    return sign_in_and_store(demo, lifetime=lifetime)


def test_a_fresh_token_is_returned_without_a_refresh(demo):
    service, portal, pair = signed_in(demo, lifetime=3600)
    assert TokenManager(service, fast_client).ensure_fresh(portal, 300) == pair
    assert demo.requests_to(REFRESH_PATH) == []


def test_expiry_leads_to_exactly_one_refresh_and_rotation_is_honoured(demo):
    service, portal, old = signed_in(demo)
    manager = TokenManager(service, fast_client)
    new = manager.ensure_fresh(portal, 300)
    assert manager.ensure_fresh(portal, 300) == new
    assert len(demo.requests_to(REFRESH_PATH)) == 1
    assert new.refresh_token != old.refresh_token
    assert PortalService().tokens(portal) == new  # persisted
    assert not expires_within(new, 300, utc_now())


def test_concurrent_callers_share_one_refresh(demo):
    _, portal, _ = signed_in(demo)
    demo.refresh_delay = 0.3  # widen the race window
    results, errors = [], []

    def call():
        # Separate services and managers, like separate windows or processes.
        try:
            results.append(TokenManager(PortalService(), fast_client).ensure_fresh(portal, 300))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({pair.access_token for pair in results}) == 1
    assert len(demo.requests_to(REFRESH_PATH)) == 1


def test_forced_refresh(demo):
    service, portal, pair = signed_in(demo, lifetime=3600)
    new = TokenManager(service, fast_client).ensure_fresh(portal, 60, force=True)
    assert new != pair and len(demo.requests_to(REFRESH_PATH)) == 1


def test_revoked_refresh_token_requires_sign_in_and_keeps_tokens(demo):
    service, portal, pair = signed_in(demo)
    demo.revoke_refresh_tokens()
    with pytest.raises(SignInRequired, match="Sign in again"):
        TokenManager(service, fast_client).ensure_fresh(portal, 300)
    assert PortalService().tokens(portal) == pair


def test_network_failure_keeps_the_stored_tokens(demo):
    service, portal, pair = signed_in(demo)
    demo.stop()
    with pytest.raises(AuthNetworkError):
        TokenManager(service, fast_client).ensure_fresh(portal, 300)
    assert PortalService().tokens(portal) == pair


def test_not_signed_in(demo):
    service = PortalService()
    portal = service.add_portal(demo.url)
    with pytest.raises(NotSignedIn, match=r"No token is stored for 127\.0\.0\.1"):
        TokenManager(service, fast_client).ensure_fresh(portal, 60)


def service_portal(demo):
    service = PortalService()
    portal = service.add_portal(demo.url)
    portal = service.set_service_auth(
        portal,
        ServiceAuth(TENANT_ID, SERVICE_CLIENT_ID, SERVICE_API_URI, demo.url),
        SERVICE_CLIENT_SECRET,
    )
    return service, portal


def test_service_tokens_are_fetched_and_renewed_before_expiry(demo):
    service, portal = service_portal(demo)
    manager = TokenManager(service, fast_client)
    demo.token_lifetime = 100
    first = manager.ensure_fresh(portal, 60)
    assert first.refresh_token is None
    assert manager.ensure_fresh(portal, 60) == first
    second = manager.ensure_fresh(portal, 300)  # within the margin: renewed
    assert second != first
    assert len(demo.requests_to(f"/{TENANT_ID}/oauth2/v2.0/token")) == 2


def test_service_secret_lives_only_in_the_keyring(demo, memory_keyring, isolated_home):
    service_portal(demo)
    assert (
        memory_keyring.entries[("mct-desktop", f"{demo.url} client_secret")]
        == SERVICE_CLIENT_SECRET
    )
    for file in isolated_home.rglob("*"):
        if file.is_file():
            assert SERVICE_CLIENT_SECRET not in file.read_text(errors="ignore")


def test_expires_within():
    from mct_desktop.core.tokens import TokenPair
    from mct_desktop.demo import jwt

    now = utc_now()
    token = jwt.sign({"exp": int((now + timedelta(seconds=90)).timestamp())}, b"k")
    assert expires_within(TokenPair(token), 120, now)
    assert not expires_within(TokenPair(token), 60, now)
    assert not expires_within(TokenPair("opaque"), 60, now)


def test_sign_out_during_a_refresh_wins(demo):
    service = PortalService()
    portal = service.add_portal(demo.url)
    service.store_tokens(portal, demo_tokens(demo, lifetime=20))
    demo.refresh_delay = 0.5
    manager = TokenManager(service, lambda: TokenClient(retry=RetryPolicy(attempts=1)))
    errors = []
    worker = threading.Thread(target=lambda: _catch(errors, manager, portal))
    worker.start()
    time.sleep(0.2)
    service.sign_out(portal)
    worker.join()
    assert isinstance(errors[0], NotSignedIn)
    assert PortalService().tokens(portal) is None


def _catch(errors, manager, portal):
    try:
        manager.ensure_fresh(portal, 300)
    except Exception as exc:
        errors.append(exc)
