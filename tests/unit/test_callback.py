from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mct_desktop.core.session.callback import (
    CallbackError,
    has_token_parameter,
    mask_location,
    parse_callback_location,
)

ACCESS = "eyJhbGciOi.eyJzdWIiOi.c2ln+/="
REFRESH = "r+t/o==ken"
A, R = quote(ACCESS, safe=""), quote(REFRESH, safe="")


@pytest.mark.parametrize(
    "location",
    [
        f"https://contoso.azurefd.net/Home?AccessToken={A}&RefreshToken={R}",
        f"https://contoso.azurefd.net/?accessToken={A}&refreshToken={R}",
        f"https://contoso.azurefd.net/#access_token={A}&refresh_token={R}&token_type=Bearer",
        f"https://contoso.azurefd.net/#/signed-in?accessToken={A}&refreshToken={R}",
        f"https://contoso.azurefd.net/app?x=1#/route/deep?ACCESS_TOKEN={A}&Refresh-Token={R}",
        f"mctapp://auth?AccessToken={A}&RefreshToken={R}",
        f"msal1234://auth/#access_token={A};refresh_token={R}",
        f"http://127.0.0.1:8080/cb?RefreshToken={R}&AccessToken={A}",
        # What real MCT portals send (relative), and what a user can copy from DevTools.
        f"/ExternalAuthentication/Redirect#access_token={A}&refresh_token={R}",
        f"location: /ExternalAuthentication/Redirect#access_token={A}&refresh_token={R}",
        f"https://contoso.azurefd.net/ExternalAuthentication/Redirect#access_token={A}"
        f"&refresh_token={R}&token_type=Bearer&expires_in=3600",
    ],
)
def test_every_location_form_yields_the_exact_tokens(location):
    pair = parse_callback_location(location)
    assert pair.access_token == ACCESS
    assert pair.refresh_token == REFRESH


def test_plus_is_not_a_space_and_decoding_happens_once():
    pair = parse_callback_location("https://p/?AccessToken=a+b%252Fc&RefreshToken=x%2By")
    assert pair.access_token == "a+b%2Fc"
    assert pair.refresh_token == "x+y"


def test_access_token_without_refresh_token_is_accepted():
    pair = parse_callback_location(f"https://p/?AccessToken={A}")
    assert pair.refresh_token is None


@pytest.mark.parametrize(
    "location",
    [
        "https://contoso.azurefd.net/Home/SignedIn?error=server_error&state=abcdefghijklmnopqrstuv",
        f"https://contoso.azurefd.net/?RefreshToken={R}",
        "https://contoso.azurefd.net/?AccessToken=",
        "https://contoso.azurefd.net/",
    ],
)
def test_a_location_without_access_token_is_a_precise_error(location):
    with pytest.raises(CallbackError) as caught:
        parse_callback_location(location)
    message = str(caught.value)
    assert "no access token" in message
    assert "AccessToken" in message
    assert REFRESH not in message and R not in message
    assert "abcdefghijklmnopqrstuv" not in message  # long values masked


def test_mask_location_hides_values_but_keeps_shape():
    masked = mask_location(f"https://p/x?AccessToken={A}&page=2#/r?refresh_token={R}")
    assert ACCESS not in masked and A not in masked and R not in masked
    assert masked.startswith("https://p/x?AccessToken=eyJh…(")
    assert "&page=2#/r?refresh_token=" in masked


def test_has_token_parameter():
    assert has_token_parameter("mctapp://x#access_token=1")
    assert not has_token_parameter("https://p/?code=abc")


token_text = (
    st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FFF, exclude_characters="\x7f"),
        min_size=1,
        max_size=200,
    )
    .map(str.strip)
    .filter(bool)
)
names = st.sampled_from(["AccessToken", "accessToken", "access_token", "ACCESS-TOKEN"])
refresh_names = st.sampled_from(["RefreshToken", "refreshToken", "refresh_token"])
layouts = st.sampled_from(
    [
        "https://portal.example/?{a}&{r}",
        "https://portal.example/#{a}&{r}",
        "https://portal.example/#/route?{r}&{a}",
        "app.custom://cb?x=1&{a}&{r}",
    ]
)


@given(
    access=token_text, refresh=token_text, name=names, refresh_name=refresh_names, layout=layouts
)
def test_any_token_round_trips_through_any_location(access, refresh, name, refresh_name, layout):
    location = layout.format(
        a=f"{name}={quote(access, safe='')}", r=f"{refresh_name}={quote(refresh, safe='')}"
    )
    pair = parse_callback_location(location)
    assert (pair.access_token, pair.refresh_token) == (access, refresh)


@given(st.text(max_size=300))
def test_parsing_never_raises_anything_but_callback_error(text):
    try:
        parse_callback_location(text)
    except CallbackError as exc:
        assert exc.masked_location is not None


def test_a_pasted_header_line_is_accepted():
    pair = parse_callback_location(f"  Location: https://p/?AccessToken={A}&RefreshToken={R}\n")
    assert (pair.access_token, pair.refresh_token) == (ACCESS, REFRESH)
