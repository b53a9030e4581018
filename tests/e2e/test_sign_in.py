"""Sign in through the embedded browser and capture the tokens, for every Location style."""

import pytest

from mct_desktop.core.session.capture import Captured, Ignored
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.demo import LocationStyle
from tests.e2e.conftest import fill_sign_in_form

pytestmark = pytest.mark.webengine
CAPTURING_STYLES = [s for s in LocationStyle if s is not LocationStyle.NONE]


def wait_loaded(qtbot, window):
    qtbot.waitUntil(lambda: not window.page.isLoading(), timeout=15000)


@pytest.mark.parametrize("style", CAPTURING_STYLES)
def test_form_sign_in_captures_the_tokens(qtbot, demo, open_login, memory_keyring, style):
    demo.location_style = style
    window = open_login(demo.url)
    with qtbot.waitSignal(window.tokens_captured, timeout=30000) as captured:
        window.start()
        fill_sign_in_form(qtbot, window)
    pair = captured.args[0]
    # The pair is exactly what the portal issued, `+`, `/` and `=` included.
    assert pair.refresh_token in demo._refresh
    assert demo._refresh[pair.refresh_token].email == "admin@contoso.demo"
    assert demo.account_for_bearer(f"Bearer {pair.access_token}")[0].name == "Ada Admin"
    # After capture the browser never requested the token URL.
    assert not demo.requests_to("/Home/SignedIn")
    assert "AccessToken" not in window.page.url().toString()
    service = PortalService()
    portal = service.add_portal(demo.url)
    service.store_tokens(portal, pair)
    assert memory_keyring.entries[("mct-desktop", f"{demo.url} access_token")] == pair.access_token
    assert PortalService().tokens(portal) == pair


def test_token_url_from_a_foreign_origin_is_ignored(qtbot, demo, open_login):
    window = open_login(demo.url)
    captured = []
    window.tokens_captured.connect(captured.append)
    window.start()
    wait_loaded(qtbot, window)
    # A page on the sign-in origin pushes a forged token URL of the portal at the browser.
    window.view.setUrl(demo.sign_in_origin + "/b2c/foreign-redirect")
    qtbot.waitUntil(lambda: bool(demo.requests_to("/b2c/foreign-redirect")), timeout=15000)
    wait_loaded(qtbot, window)
    qtbot.wait(300)
    assert captured == []
    assert not window.page.tracker.done
    # The forged token URL was never even loaded.
    assert not demo.requests_to("/Home/SignedIn")


def test_callback_without_tokens_shows_the_error(qtbot, demo, open_login):
    demo.location_style = LocationStyle.NONE
    demo.auto_sign_in = "admin@contoso.demo"
    window = open_login(demo.url)
    with qtbot.waitSignal(window.login_failed, timeout=30000) as failed:
        window.start()
    message = failed.args[0]
    assert "no access token" in message and "error=server_error" in message
    assert "state=demo…(" in message  # values masked
    assert window.banner.isVisible() and window.banner.kind == "error"


def test_unreachable_portal_is_reported(qtbot, open_login):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    window = open_login(f"http://127.0.0.1:{port}")
    with qtbot.waitSignal(window.login_failed, timeout=30000) as failed:
        window.start()
    assert f"Could not load http://127.0.0.1:{port}" in failed.args[0]
    assert "CONNECTION_REFUSED" in failed.args[0].upper()


def test_main_window_sign_in_shows_the_user(qtbot, demo, memory_keyring):
    import shiboken6

    from mct_desktop.ui.browser_profiles import BrowserProfiles
    from mct_desktop.ui.main_window import MainWindow

    demo.auto_sign_in = "learner@contoso.demo"
    demo.location_style = LocationStyle.HASH_ROUTE
    service = PortalService()
    service.add_portal(demo.url, "Demo")
    profiles = BrowserProfiles()
    window = MainWindow(service, profiles)
    qtbot.waitUntil(lambda: window.is_ready, timeout=5000)  # after the first paint
    window.show()
    try:
        window.start_sign_in()
        qtbot.waitUntil(lambda: window.tokens.user.text().startswith("Leo Learner"), timeout=30000)
        assert window.sign_in.window is None
        assert window.messages.kind == "success"
    finally:
        shiboken6.delete(window)
        profiles.dispose()


def test_opt_in_persistent_profile_keeps_cookies_on_disk_until_sign_out(
    qtbot, demo, open_login, isolated_home
):
    from mct_desktop.core import paths

    demo.auto_sign_in = "admin@contoso.demo"
    window = open_login(demo.url, persistent_browser_profile=True)
    with qtbot.waitSignal(window.tokens_captured, timeout=30000):
        window.start()
    profile_dir = paths.browser_profile_dir(demo.url)
    qtbot.waitUntil(lambda: profile_dir.exists() and any(profile_dir.rglob("*")), timeout=10000)
    service = PortalService()
    portal = service.add_portal(demo.url, persistent_browser_profile=True)
    service.sign_out(portal)
    assert not profile_dir.exists()


def test_a_script_cannot_plant_app_scheme_tokens(qtbot, demo, open_login):
    window = open_login(demo.url)
    captured, outcomes = [], []
    window.tokens_captured.connect(captured.append)
    window.page.outcome.connect(outcomes.append)
    window.start()
    wait_loaded(qtbot, window)
    window.view.setUrl(demo.sign_in_origin + "/b2c/script-forgery")
    qtbot.waitUntil(lambda: bool(outcomes), timeout=15000)
    qtbot.wait(500)
    assert captured == []
    assert "FORGED" not in str(outcomes)
    assert "did not follow the portal's Callback" in outcomes[0].reason


def forge(qtbot, demo, open_login, path, tries=6):
    """Sign-in window open, then a hostile page on the sign-in origin plays its trick.

    Its timing races the engine (a Callback answering first, a refresh dropped), so it is
    played until the forged navigation reaches the tracker; every try must be harmless."""
    window = open_login(demo.url)
    captured, outcomes = [], []
    window.tokens_captured.connect(captured.append)
    window.page.outcome.connect(outcomes.append)
    window.start()
    wait_loaded(qtbot, window)
    before = len(demo.requests)
    for _ in range(tries):
        window.view.setUrl(demo.sign_in_origin + path)
        try:
            qtbot.waitUntil(lambda: any(isinstance(o, Ignored) for o in outcomes), timeout=8000)
        except qtbot.TimeoutError:
            continue
        qtbot.wait(500)
        break
    loaded = [r.path for r in demo.requests[before:]]
    assert captured == [] and not window.page.tracker.done
    assert not [o for o in outcomes if isinstance(o, Captured)]
    assert "FORGED" not in str(outcomes)
    assert not [p for p in loaded if "FORGED" in p]
    assert "FORGED" not in window.page.url().toString()
    assert any(isinstance(o, Ignored) for o in outcomes), "the trick never reached the tracker"
    return loaded


@pytest.mark.parametrize(
    "target", ["query", "relative-fragment", "fragment", "hash-route", "other-origin", "scheme"]
)
def test_a_meta_refresh_after_a_portal_navigation_plants_no_tokens(
    qtbot, demo, open_login, memory_keyring, target
):
    # Trick A: the page starts loading a portal URL, then a meta refresh to a token URL:
    # Chromium calls both client redirects; only a real 3xx from the portal counts.
    loaded = forge(qtbot, demo, open_login, f"/b2c/meta-refresh-forgery?to={target}")
    assert not [p for p in loaded if "landing" in p or "Redirect" in p]
    assert memory_keyring.entries == {}


@pytest.mark.parametrize("target", ["scheme", "query"])
def test_a_client_redirect_through_the_callback_plants_no_tokens(
    qtbot, demo, open_login, memory_keyring, target
):
    # Trick B: `location = PORTAL/ExternalAuthentication/Callback`, then a token URL at once.
    forge(qtbot, demo, open_login, f"/b2c/callback-then-scheme-forgery?to={target}")
    assert memory_keyring.entries == {}


@pytest.mark.parametrize("kept", [False, True])
def test_the_browser_does_not_announce_qtwebengine(qtbot, demo, open_login, isolated_home, kept):
    demo.auto_sign_in = "admin@contoso.demo"
    window = open_login(demo.url, persistent_browser_profile=kept)
    with qtbot.waitSignal(window.tokens_captured, timeout=30000):
        window.start()
    agents = {r.headers.get("User-Agent", "") for r in demo.requests_to("/ExternalAuthentication")}
    assert agents and all("Chrome/" in a and "QtWebEngine" not in a for a in agents), agents

    from mct_desktop.ui.browser_profiles import plain_user_agent

    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    assert plain_user_agent(ua + "QtWebEngine/6.11.3 Chrome/140.0.0.0 Safari/537.36") == (
        ua + "Chrome/140.0.0.0 Safari/537.36"
    )


@pytest.mark.parametrize(
    "query",
    [
        "to=query",
        "to=relative-fragment",
        "to=scheme",
        "to=query&after=load",
        "to=scheme&after=load",
        "to=scheme&via=callback",
        "to=query&via=callback&after=load",
    ],
)
def test_a_location_on_the_hostile_pages_own_response_plants_no_tokens(
    qtbot, demo, open_login, memory_keyring, query
):
    # A server the attacker runs adds `Location: <token URL>` to its page's own 200
    # response: the engine reports the last response of the current load with the stop.
    forge(qtbot, demo, open_login, f"/b2c/located-forgery?{query}")
    assert memory_keyring.entries == {}


def test_try_again_after_a_failed_sign_in_captures(qtbot, demo, open_login):
    # The first attempt ends on the identity provider's page; the retry starts from there.
    demo.location_style = LocationStyle.NONE
    window = open_login(demo.url)
    with qtbot.waitSignal(window.login_failed, timeout=30000):
        window.start()
        fill_sign_in_form(qtbot, window)
    demo.location_style = LocationStyle.RELATIVE_FRAGMENT
    demo.auto_sign_in = "admin@contoso.demo"
    with qtbot.waitSignal(window.tokens_captured, timeout=30000):
        window.retry_button.click()
