"""complete_sign_in: where every sign-in ends (window, CLI, pasted Location, own browser)."""

import time

import keyring.backends.fail

from mct_desktop.core.portal import IdentityProvider, Portal, ServiceAuth
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.sign_in import complete_sign_in
from mct_desktop.core.session.vault import TokenVault
from mct_desktop.core.tokens import TokenPair
from mct_desktop.demo import jwt


def fresh_access() -> str:
    """An access token valid for an hour from now (not from when the module was imported)."""
    claims = {"exp": int(time.time()) + 3600, "name": "Ada Admin", "emails": ["ada@contoso.com"]}
    return jwt.sign(claims, b"k")


ACCESS = fresh_access()
PAIR = TokenPair(ACCESS, "refresh-1")


def test_stores_the_pair_and_says_who_signed_in_without_a_secret(memory_keyring):
    service = PortalService()
    portal = service.add_portal("a.example", "A")
    access = fresh_access()  # "in 59 min" from now, however long the suite ran so far
    pair = TokenPair(access, "refresh-1")
    result = complete_sign_in(service, portal, pair)
    assert result.persistent and result.problem == ""
    assert result.user == "Ada Admin <ada@contoso.com>"
    assert result.line.startswith("A: Ada Admin <ada@contoso.com>, token expires ")
    assert result.line.endswith("(in 59 min)") or result.line.endswith("(in 1 h)")
    assert access not in result.line and "refresh-1" not in result.line
    assert PortalService().tokens(portal) == pair


def test_a_new_portal_is_saved_and_made_active_only_now():
    service = PortalService()
    old = service.add_portal("old.example")
    new = Portal("https://new.example", "New", IdentityProvider.PHONE)
    complete_sign_in(service, new, PAIR)
    again = PortalService()
    assert again.portals == [old, new] and again.active == new
    assert again.tokens(new) == PAIR


def test_an_existing_unchanged_portal_is_left_as_it_is():
    service = PortalService()
    a = service.add_portal("a.example", "A")
    service.add_portal("b.example", "B")  # active
    complete_sign_in(service, a, PAIR)
    assert PortalService().active.name == "B"  # a sign-in in the background moves nothing


def test_a_service_profile_becomes_a_user_profile_and_forgets_its_secret(memory_keyring):
    service = PortalService()
    portal = service.add_portal("a.example")
    portal = service.set_service_auth(portal, ServiceAuth("t", "c", "api://x"), "s3cret")
    complete_sign_in(service, portal, PAIR)
    saved = PortalService().find("a.example")
    assert saved.service is None
    assert "s3cret" not in memory_keyring.entries.values()
    assert PortalService().tokens(saved) == PAIR


def test_without_a_keychain_the_result_says_the_tokens_are_not_kept():
    service = PortalService(vault=TokenVault(keyring.backends.fail.Keyring()))
    result = complete_sign_in(service, service.add_portal("a.example"), PAIR)
    assert not result.persistent
    assert "No system keychain was found" in result.problem


def test_the_browser_a_sign_in_was_made_with_is_kept_with_the_portal_and_can_change_back():
    service = PortalService()
    new = Portal("https://new.example", "New", sign_in_browser="chromium")
    complete_sign_in(service, new, PAIR)
    assert PortalService().find("new.example").sign_in_browser == "chromium"
    complete_sign_in(service, Portal("https://new.example", "New"), PAIR)  # embedded again
    assert PortalService().find("new.example").sign_in_browser == ""


def test_choosing_a_browser_saves_nothing_before_the_sign_in_succeeds(monkeypatch):
    from mct_desktop.commands import login_browser

    monkeypatch.setattr(login_browser, "find_browser", lambda name: "/usr/bin/chromium")
    chosen = login_browser.with_chosen_browser(Portal("https://new.example"), "chromium")
    assert chosen.sign_in_browser == "chromium"
    assert PortalService().portals == []
    assert login_browser.with_chosen_browser(chosen, None).sign_in_browser == "chromium"
    assert login_browser.with_chosen_browser(chosen, "embedded").sign_in_browser == ""
