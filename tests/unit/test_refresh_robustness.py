"""Refreshes under stress: short-lived tokens, a keychain that dies, endpoints that hang."""

import ast
import threading
import time
from pathlib import Path

import keyring
import keyring.errors
import pytest

from mct_desktop.cli import main
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import RetryPolicy, TokenClient
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.core.tokens import TokenPair, utc_now
from tests.support import MemoryKeyring, sign_in_over_http

REFRESH_PATH = "/api/v1/ExternalAuthToken/RefreshToken/"
ROOT = Path(__file__).resolve().parents[2] / "mct_desktop"


def sign_in(demo, left, age=0):
    """Store a pair whose token expires in `left` s and was issued `age` s ago."""
    demo.token_lifetime, demo.token_age = left, age
    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    portal = service.add_portal(demo.url)
    service.store_tokens(portal, pair)
    return service, portal, pair


def test_five_minute_tokens_are_not_renewed_on_every_check(demo):
    # Azure AD B2C's shortest lifetime against the default 300 s margin: before, the idle
    # app renewed on every 10 s check (7 refreshes in 62 s).
    service, portal, pair = sign_in(demo, 300)
    manager = TokenManager(service)
    assert manager.ensure_fresh(portal, 300) == pair
    assert demo.requests_to(REFRESH_PATH) == []
    assert manager.margin == 300
    assert manager.due() == []  # what the background refresher renews


def test_the_margin_is_at_most_half_the_lifetime():
    from mct_desktop.core.session.token_manager import expires_within, renewal_margin

    def pair(exp, iat):
        import base64
        import json

        claims = base64.urlsafe_b64encode(json.dumps({"exp": exp, "iat": iat}).encode())
        return TokenPair("e30." + claims.decode().rstrip("=") + ".sig")

    now = int(time.time())
    assert renewal_margin(pair(now + 300, now), 300) == 150
    assert renewal_margin(pair(now + 3600, now), 300) == 300
    assert renewal_margin(pair(now + 60, now), 60) == 30
    assert renewal_margin(TokenPair("opaque"), 60) == 60
    assert renewal_margin(pair(now + 60, now + 60), 60) == 60  # nonsense lifetime: no cap
    assert not expires_within(
        pair(now + 60, now), renewal_margin(pair(now + 60, now), 60), utc_now()
    )


def test_one_minute_tokens_are_not_refreshed_by_every_token_command(demo, capsys):
    # At lifetimes <= 60 s each `mct-desktop token` used to refresh.
    _service, _portal, pair = sign_in(demo, 60)
    for _ in range(5):
        assert main(["token"]) == 0
    assert capsys.readouterr().out.split() == [pair.access_token] * 5
    assert demo.requests_to(REFRESH_PATH) == []


def test_callers_waiting_on_the_lock_reuse_the_pair_just_stored(demo):
    # A 60 s token with 20 s left; the refreshed ones are fresh 60 s tokens.
    _service, portal, _pair = sign_in(demo, 20, age=40)
    demo.token_lifetime, demo.token_age = 60, 0
    demo.refresh_delay = 0.3
    results, errors = [], []

    def call():
        try:
            manager = TokenManager(PortalService(), lambda: TokenClient(retry=RetryPolicy(1)))
            results.append(manager.ensure_fresh(portal, 60))  # what `mct-desktop token` asks
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(demo.requests_to(REFRESH_PATH)) == 1
    assert len({pair.access_token for pair in results}) == 1


class DyingKeyring(MemoryKeyring):
    """A Secret Service whose daemon died: D-Bus starts a new one, locked (as measured)."""

    dead = False

    def get_password(self, service, username):
        if self.dead:
            raise keyring.errors.KeyringLocked("Failed to unlock the collection!")
        return super().get_password(service, username)

    def set_password(self, service, username, password):
        if self.dead:
            raise keyring.errors.KeyringLocked("Failed to unlock the collection!")
        super().set_password(service, username, password)


def test_a_keychain_dying_mid_refresh_keeps_the_new_pair_for_the_command(demo, capsys):
    backend = DyingKeyring()
    keyring.set_keyring(backend)
    _service, _portal, old = sign_in(demo, 20, age=3580)  # an hour-long token, nearly over
    demo.refresh_delay = 0.5
    threading.Timer(0.25, lambda: setattr(backend, "dead", True)).start()
    assert main(["token"]) == 0
    captured = capsys.readouterr()
    printed = captured.out.strip()
    assert printed and printed != old.access_token
    assert printed in demo.issued  # the newly issued token, not a stale one
    assert "signed out during the refresh" not in captured.err
    assert "could not be saved to the keychain" in captured.err
    assert "you must sign in again" in captured.err and "mct-desktop login" in captured.err


def test_the_expiry_sentence_says_expires(demo, capsys):
    sign_in(demo, 3600)
    demo.revoke_refresh_tokens()
    assert main(["token", "--refresh"]) == 1
    err = capsys.readouterr().err
    assert "The access token expires in 59 min." in err


def test_a_refresh_endpoint_that_never_answers_is_given_up_on_in_time(demo, capsys, monkeypatch):
    from mct_desktop.core.session import token_client

    monkeypatch.setattr(token_client, "REFRESH_DEADLINE", 1.5)
    sign_in(demo, 3600)
    demo.refresh_delay = 8
    started = time.monotonic()
    assert main(["token", "--refresh"]) == 1
    took = time.monotonic() - started
    err = capsys.readouterr().err
    assert took < 4, took
    assert "did not answer in time" in err and "Gave up after 2 s" in err
    assert "the limit is 1.5 s" in err and "stored tokens are unchanged" in err


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("core/session/token_manager.py", ".vault"),
        ("ui/auto_refresh.py", "manager.service"),
        ("commands/token.py", ".vault"),
    ],
)
def test_one_door_to_tokens(module, forbidden):
    """The token manager and its users go through the portal service's methods only."""
    tree = ast.parse((ROOT / module).read_text())
    used = {
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load)
    }
    assert not [name for name in used if forbidden in name + "."]
