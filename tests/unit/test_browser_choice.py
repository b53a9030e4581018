"""The sign-in browser chosen for a portal is remembered in settings.json."""

import json

from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.vault import TokenVault
from tests.support import MemoryKeyring


def service():
    return PortalService(vault=TokenVault(MemoryKeyring()))


def test_the_sign_in_browser_is_saved_and_read_back(isolated_home):
    svc = service()
    portal = svc.add_portal("contoso.azurefd.net")
    assert portal.sign_in_browser == ""
    svc.set_sign_in_browser(portal, "/opt/my browsers/chrome")
    path = isolated_home / "config" / "mct-desktop" / "settings.json"
    assert json.loads(path.read_text())["portals"][0]["sign_in_browser"] == (
        "/opt/my browsers/chrome"
    )
    again = service()
    assert again.active.sign_in_browser == "/opt/my browsers/chrome"


def test_choosing_embedded_again_forgets_the_browser(isolated_home):
    svc = service()
    portal = svc.set_sign_in_browser(svc.add_portal("contoso.azurefd.net"), "edge")
    svc.set_sign_in_browser(portal, "embedded")
    assert service().active.sign_in_browser == ""
    data = json.loads((isolated_home / "config" / "mct-desktop" / "settings.json").read_text())
    assert "sign_in_browser" not in data["portals"][0]


def test_signing_out_deletes_the_kept_own_browser_profile(isolated_home):
    from mct_desktop.core import paths

    svc = service()
    portal = svc.add_portal("contoso.azurefd.net", persistent_browser_profile=True)
    kept = paths.own_browser_profile_dir(portal.key)
    (kept / "Default").mkdir(parents=True)
    (kept / "Default" / "Cookies").write_bytes(b"sso cookie")
    assert kept.is_relative_to(isolated_home / "data" / "mct-desktop" / "chrome-profiles")
    svc.sign_out(portal)
    assert not kept.exists()
