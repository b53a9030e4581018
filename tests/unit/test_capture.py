from urllib.parse import quote

from mct_desktop.core.session.capture import Captured, CaptureTracker, Failed, Ignored

PORTAL = "https://contoso.azurefd.net"
IDP = "https://contoso.b2clogin.com/authorize?state=1"
CALLBACK = PORTAL + "/ExternalAuthentication/Callback?code=abc"
TOKENS = f"?AccessToken={quote('a+b/c=', safe='')}&RefreshToken=r"


def walk_to_callback(tracker):
    assert (
        tracker.on_navigation(
            PORTAL + "/ExternalAuthentication/Login", is_redirect=False, is_main_frame=True
        )
        is None
    )
    assert tracker.on_navigation(IDP, is_redirect=True, is_main_frame=True) is None
    # The user submits the IdP form, which redirects to the portal's Callback.
    assert tracker.on_navigation(IDP + "&post", is_redirect=False, is_main_frame=True) is None
    assert tracker.on_navigation(CALLBACK, is_redirect=True, is_main_frame=True) is None


def test_redirect_from_the_callback_is_captured_once():
    tracker = CaptureTracker(PORTAL)
    walk_to_callback(tracker)
    url = PORTAL + "/Home" + TOKENS
    assert tracker.must_block(url, is_main_frame=True)
    # Held until the engine reports the 302 that sent the browser there.
    assert tracker.on_navigation(url, is_redirect=True, is_main_frame=True) is None
    result = tracker.on_load_stopped(url, location=url)
    assert isinstance(result, Captured)
    assert result.pair.access_token == "a+b/c="
    assert tracker.on_navigation(url, is_redirect=True, is_main_frame=True) is None
    assert tracker.on_load_stopped(url, location=url) is None


def test_relative_fragment_location_is_resolved_against_the_callback():
    tracker = CaptureTracker(PORTAL)
    walk_to_callback(tracker)
    location = "/ExternalAuthentication/Redirect#access_token=a%2Bb&refresh_token=r"
    url = PORTAL + location
    assert tracker.on_navigation(url, is_redirect=True, is_main_frame=True) is None
    result = tracker.on_load_stopped(url, location=location)
    assert isinstance(result, Captured) and result.pair.access_token == "a+b"


def test_custom_scheme_target_is_captured_from_the_aborted_load():
    tracker = CaptureTracker(PORTAL)
    walk_to_callback(tracker)
    url = "mctapp://auth" + TOKENS
    result = tracker.on_load_stopped(url, location=url)
    assert isinstance(result, Captured)


def test_a_client_redirect_to_a_token_url_is_not_a_capture():
    """Trick A: `location = PORTAL/...` then a meta refresh to a token URL. The engine calls
    both hops redirects, but the stopped load carries the page's own headers, no Location."""
    for target in (
        PORTAL + "/" + TOKENS,
        PORTAL + "/ExternalAuthentication/Redirect#access_token=x&refresh_token=y",
        PORTAL + "/#/signed-in?accessToken=x",
        "https://evil.example/landing" + TOKENS,
    ):
        tracker = CaptureTracker(PORTAL)
        tracker.on_navigation("https://evil.example/page", is_redirect=False, is_main_frame=True)
        tracker.on_navigation(PORTAL + "/api/slow", is_redirect=True, is_main_frame=True)
        assert tracker.on_navigation(target, is_redirect=True, is_main_frame=True) is None
        assert tracker.must_block(target, is_main_frame=True)
        result = tracker.on_load_stopped(target, location=None)
        assert isinstance(result, Ignored), target
        assert "portal's server sent no redirect" in result.reason
        assert not tracker.done


def test_a_location_naming_another_url_is_not_a_capture():
    tracker = CaptureTracker(PORTAL)
    walk_to_callback(tracker)
    url = PORTAL + "/Home" + TOKENS
    tracker.on_navigation(url, is_redirect=True, is_main_frame=True)
    other = PORTAL + "/Home?AccessToken=other&RefreshToken=r"
    assert isinstance(tracker.on_load_stopped(url, location=other), Ignored)
    assert not tracker.done


def test_a_stop_for_another_url_than_the_held_one_is_not_a_capture():
    tracker = CaptureTracker(PORTAL)
    walk_to_callback(tracker)
    tracker.on_navigation(PORTAL + "/Home" + TOKENS, is_redirect=True, is_main_frame=True)
    forged = PORTAL + "/?AccessToken=forged"
    assert tracker.on_load_stopped(forged, location=forged) is None
    assert not tracker.done


def test_token_url_from_a_foreign_origin_is_ignored():
    tracker = CaptureTracker(PORTAL)
    tracker.on_navigation("https://evil.example/page", is_redirect=False, is_main_frame=True)
    result = tracker.on_navigation(PORTAL + "/" + TOKENS, is_redirect=True, is_main_frame=True)
    assert isinstance(result, Ignored)
    assert "evil.example" in result.reason and "a+b" not in result.reason
    assert not tracker.done
    # The forged hop lies on the portal's origin but must not vouch for what follows it.
    app_url = "mctapp://x" + TOKENS
    assert isinstance(tracker.on_load_stopped(app_url, location=app_url), Ignored)
    tracker.on_navigation("https://evil.example/page", is_redirect=False, is_main_frame=True)
    assert isinstance(tracker.on_load_stopped(app_url, location=app_url), Ignored)


def test_a_script_cannot_plant_app_scheme_tokens_via_a_portal_page():
    tracker = CaptureTracker(PORTAL)
    tracker.on_navigation("https://evil.example/page", is_redirect=False, is_main_frame=True)
    # The page sets location to a portal URL, then at once to an app URL with its tokens.
    tracker.on_navigation(PORTAL + "/api/slow", is_redirect=False, is_main_frame=True)
    assert isinstance(tracker.on_load_stopped("mctapp://auth" + TOKENS, location=None), Ignored)
    tracker.on_navigation(CALLBACK, is_redirect=False, is_main_frame=True)  # even the Callback
    assert isinstance(tracker.on_load_stopped("mctapp://auth" + TOKENS, location=None), Ignored)
    # Trick B: the Callback reached by a client redirect (reported as a redirect).
    tracker.on_navigation(
        PORTAL + "/ExternalAuthentication/Callback", is_redirect=True, is_main_frame=True
    )
    assert isinstance(tracker.on_load_stopped("mctapp://auth" + TOKENS, location=None), Ignored)
    assert not tracker.done


def test_callback_reached_by_form_post_then_app_scheme_is_captured():
    tracker = CaptureTracker(PORTAL)
    tracker.on_navigation(IDP, is_redirect=False, is_main_frame=True)
    tracker.on_navigation(CALLBACK, is_redirect=False, is_main_frame=True)
    url = "mctapp://auth" + TOKENS
    assert isinstance(tracker.on_load_stopped(url, location=url), Captured)


def test_a_typed_token_url_or_subframe_is_not_a_capture():
    tracker = CaptureTracker(PORTAL)
    assert isinstance(
        tracker.on_navigation(PORTAL + "/" + TOKENS, is_redirect=False, is_main_frame=True), Ignored
    )
    assert (
        tracker.on_navigation(PORTAL + "/" + TOKENS, is_redirect=True, is_main_frame=False) is None
    )


def test_callback_redirect_without_tokens_fails_visibly():
    tracker = CaptureTracker(PORTAL)
    walk_to_callback(tracker)
    result = tracker.on_navigation(
        PORTAL + "/Home?error=access_denied", is_redirect=True, is_main_frame=True
    )
    assert isinstance(result, Failed)
    assert "no access token" in result.message and "error" in result.message


def test_callback_that_renders_a_page_fails_visibly():
    tracker = CaptureTracker(PORTAL)
    walk_to_callback(tracker)
    result = tracker.on_load_finished(CALLBACK)
    assert isinstance(result, Failed)
    assert "abc" not in result.message or "code=" in result.message


def test_other_portal_redirects_pass_through():
    tracker = CaptureTracker(PORTAL)
    tracker.on_navigation(PORTAL + "/", is_redirect=False, is_main_frame=True)
    assert tracker.on_navigation(PORTAL + "/Home", is_redirect=True, is_main_frame=True) is None
    assert tracker.on_load_stopped("https://contoso.azurefd.net/x", location=None) is None
    assert not tracker.must_block(PORTAL + "/Home", is_main_frame=True)
    assert not tracker.must_block(PORTAL + "/" + TOKENS, is_main_frame=False)


def test_a_location_on_the_shown_pages_own_response_is_not_a_capture():
    """A hostile server adds the Location to its page's own 200 response; the engine
    reports that page's headers when its load is cut short by the forged navigation."""
    evil = "https://evil.example/page"
    url = PORTAL + "/" + TOKENS
    own = (("content-type", "text/html"), ("location", url))
    # The hostile page never finished loading (it navigated away while loading).
    tracker = CaptureTracker(PORTAL)
    tracker.on_navigation(evil, is_redirect=False, is_main_frame=True)
    tracker.on_navigation(PORTAL + "/api/slow", is_redirect=True, is_main_frame=True)
    tracker.on_navigation(url, is_redirect=True, is_main_frame=True)
    result = tracker.on_load_stopped(url, location=url, headers=own, shown_url=evil)
    assert isinstance(result, Ignored) and "still loading" in result.reason
    assert "Paste Location" in result.reason and not tracker.done
    # It finished loading, and the stop reports the very headers it loaded with.
    tracker = CaptureTracker(PORTAL)
    tracker.on_navigation(evil, is_redirect=False, is_main_frame=True)
    tracker.on_load_finished(evil, own)
    tracker.on_navigation(PORTAL + "/api/slow", is_redirect=True, is_main_frame=True)
    tracker.on_navigation(url, is_redirect=True, is_main_frame=True)
    result = tracker.on_load_stopped(url, location=url, headers=own, shown_url=evil)
    assert isinstance(result, Ignored) and "own response" in result.reason


def test_the_callback_behind_a_finished_identity_provider_page_is_captured():
    tracker = CaptureTracker(PORTAL)
    tracker.on_navigation(IDP, is_redirect=False, is_main_frame=True)
    tracker.on_load_finished(IDP, (("content-type", "text/html"),))
    tracker.on_navigation(CALLBACK, is_redirect=False, is_main_frame=True)
    url = PORTAL + "/Home" + TOKENS
    tracker.on_navigation(url, is_redirect=True, is_main_frame=True)
    headers = (("expires", "-1"), ("location", url))
    result = tracker.on_load_stopped(url, location=url, headers=headers, shown_url=IDP)
    assert isinstance(result, Captured)
