"""A bare address finds the portal already configured; loopback means http (issue 13, item 19)."""

from __future__ import annotations

import time

import pytest

from mct_desktop.cli import main
from mct_desktop.core.portal import Portal, normalise_portal_url, portal_url_candidates
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.settings import PortalLookupError, Settings
from mct_desktop.core.tokens import TokenPair
from mct_desktop.demo import jwt


def fake_jwt(lifetime):
    return jwt.sign({"exp": int(time.time()) + lifetime, "name": "Ada"}, b"k")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("127.0.0.1:41945", "http://127.0.0.1:41945"),
        ("localhost:8080/ExternalAuthentication/Login", "http://localhost:8080"),
        ("[::1]:5000", "http://[::1]:5000"),
        ("//localhost", "http://localhost"),
        ("contoso.azurefd.net", "https://contoso.azurefd.net"),
        ("app.localhost:8080", "https://app.localhost:8080"),  # not this computer for sure
        ("https://127.0.0.1:41945", "https://127.0.0.1:41945"),  # an explicit scheme wins
    ],
)
def test_a_bare_loopback_address_defaults_to_http(typed, expected):
    assert normalise_portal_url(typed) == expected


def test_candidates_try_the_other_scheme_only_without_one():
    assert portal_url_candidates("127.0.0.1:41945") == [
        "http://127.0.0.1:41945",
        "https://127.0.0.1:41945",
    ]
    assert portal_url_candidates("contoso.example") == ["https://contoso.example"]
    assert portal_url_candidates("http://localhost:1") == ["http://localhost:1"]


def test_a_bare_address_finds_a_portal_of_either_scheme():
    settings = Settings(
        portals=[Portal("https://127.0.0.1:8443"), Portal("http://127.0.0.1:41945")]
    )
    assert settings.find("127.0.0.1:41945").base_url == "http://127.0.0.1:41945"
    assert settings.find("127.0.0.1:8443").base_url == "https://127.0.0.1:8443"
    with pytest.raises(PortalLookupError):
        settings.find("https://127.0.0.1:41945")  # explicit: another portal


def test_add_portal_with_a_bare_address_updates_the_existing_one():
    service = PortalService()
    service.add_portal("https://127.0.0.1:8443", "TLS")
    service.add_portal("127.0.0.1:8443", identity_provider=None, name="Renamed")
    assert [(p.base_url, p.name) for p in service.portals] == [
        ("https://127.0.0.1:8443", "Renamed")
    ]


def test_login_with_a_bare_address_adds_no_duplicate(monkeypatch, capsys):
    service = PortalService()
    portal = service.add_portal("http://127.0.0.1:41945")
    service.store_tokens(portal, TokenPair(fake_jwt(600), "refresh"))
    seen = []
    monkeypatch.setattr(
        "mct_desktop.app.run_login",
        lambda service, portal, timeout: seen.append(portal.base_url) or 0,
    )
    assert main(["login", "127.0.0.1:41945"]) == 0
    assert seen == ["http://127.0.0.1:41945"]
    assert [p.base_url for p in PortalService().portals] == ["http://127.0.0.1:41945"]
    capsys.readouterr()
    assert main(["token"]) == 0  # not "Several portals are configured"


def test_portals_add_says_updated_for_a_known_address(capsys):
    assert main(["portals", "add", "http://127.0.0.1:41945"]) == 0
    assert capsys.readouterr().out == "Added 127.0.0.1:41945 (http://127.0.0.1:41945).\n"
    assert main(["portals", "add", "127.0.0.1:41945", "--name", "Local"]) == 0
    assert capsys.readouterr().out == "Updated Local (http://127.0.0.1:41945).\n"
    assert [p.base_url for p in PortalService().portals] == ["http://127.0.0.1:41945"]
