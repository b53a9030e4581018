import json

import pytest

from mct_desktop.core.portal import IdentityProvider, ServiceAuth
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.settings import PortalLookupError, SettingsStore
from mct_desktop.core.session.vault import TokenVault
from mct_desktop.core.tokens import TokenPair
from tests.support import MemoryKeyring


def service():
    return PortalService(vault=TokenVault(MemoryKeyring()))


def test_settings_live_in_xdg_config_home(isolated_home):
    svc = service()
    svc.add_portal("contoso.azurefd.net", "Contoso", IdentityProvider.AZUREAD)
    path = isolated_home / "config" / "mct-desktop" / "settings.json"
    data = json.loads(path.read_text())
    assert data["portals"][0] == {
        "base_url": "https://contoso.azurefd.net",
        "name": "Contoso",
        "identity_provider": "AZUREAD",
        "persistent_browser_profile": False,
        "ca_bundle": "",
    }
    again = service()
    assert again.active.name == "Contoso"
    assert again.active.identity_provider is IdentityProvider.AZUREAD


def test_several_portals_switch_and_same_address_updates_in_place():
    svc = service()
    a = svc.add_portal("https://a.example/ExternalAuthentication/Login", "A")
    b = svc.add_portal("b.example")
    assert svc.active == b
    svc.set_active(a)
    assert service().active.key == "https://a.example"
    svc.add_portal("https://a.example/", "Renamed")
    assert [p.name for p in service().portals] == ["Renamed", ""]


def test_find_by_name_url_or_only_portal():
    svc = service()
    with pytest.raises(PortalLookupError, match="No portal is configured"):
        svc.find(None)
    svc.add_portal("a.example", "Alpha")
    assert svc.find(None).key == "https://a.example"
    svc.add_portal("b.example")
    with pytest.raises(PortalLookupError, match="Several portals"):
        svc.find(None)
    assert svc.find("alpha").key == "https://a.example"
    assert svc.find("https://b.example/ExternalAuthentication/Login").key == "https://b.example"
    with pytest.raises(PortalLookupError, match="No configured portal matches 'c'"):
        svc.find("c")


def test_tokens_never_reach_the_settings_file(isolated_home):
    svc = service()
    portal = svc.add_portal("a.example")
    svc.store_tokens(portal, TokenPair("ACCESS-SECRET-123", "REFRESH-SECRET-456"))
    svc.add_portal("b.example")
    for file in isolated_home.rglob("*"):
        if file.is_file():
            text = file.read_text(errors="ignore")
            assert "ACCESS-SECRET" not in text and "REFRESH-SECRET" not in text


def test_damaged_settings_are_kept_aside_not_lost(isolated_home):
    path = isolated_home / "config" / "mct-desktop" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    settings = SettingsStore().load()
    assert settings.portals == []
    assert "damaged" in settings.load_warning
    kept = list(path.parent.glob("settings.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{not json"


def test_remove_portal_deletes_its_tokens_and_browser_profile(isolated_home):
    from mct_desktop.core import paths

    backend = MemoryKeyring()
    svc = PortalService(vault=TokenVault(backend))
    portal = svc.add_portal("a.example", persistent_browser_profile=True)
    svc.store_tokens(portal, TokenPair("x", "y"))
    profile = paths.browser_profile_dir(portal.key)
    (profile / "Cookies").parent.mkdir(parents=True)
    (profile / "Cookies").write_text("cookie")
    svc.remove_portal(portal)
    assert backend.entries == {} and not profile.exists() and svc.portals == []


def test_user_sign_in_turns_a_service_profile_back(memory_keyring):
    service = PortalService(vault=TokenVault(memory_keyring))
    portal = service.set_service_auth(
        service.add_portal("a.example"), ServiceAuth("t", "c", "api://x"), "s3cret"
    )
    back = service.use_user_sign_in(portal)
    assert back.service is None and PortalService().find(None).service is None
    assert memory_keyring.entries == {}
