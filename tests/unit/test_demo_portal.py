import httpx
import pytest

from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.tokens import decode_jwt
from mct_desktop.demo import LocationStyle
from tests.support import sign_in_over_http


def test_sign_in_goes_through_another_origin_and_back_to_the_callback(demo):
    location = sign_in_over_http(demo)
    # What a real MCT portal sends: relative, in the fragment, snake_case names.
    assert location.startswith("/ExternalAuthentication/Redirect#access_token=eyJ")
    paths = [r.path.split("?")[0] for r in demo.requests]
    assert paths == [
        "/ExternalAuthentication/Login",
        "/b2c/authorize",
        "/ExternalAuthentication/Callback",
    ]
    assert demo.requests[1].host.startswith("localhost:")


@pytest.mark.parametrize("style", list(LocationStyle))
def test_location_styles(demo, style):
    demo.location_style = style
    location = sign_in_over_http(demo)
    if style is LocationStyle.NONE:
        assert "AccessToken" not in location and "error=" in location
        return
    pair = parse_callback_location(location)
    info = decode_jwt(pair.access_token)
    assert info is not None and info.user == "Ada Admin <admin@contoso.demo>"
    assert info.issuer.endswith(".b2clogin.com/6f1d3e2a-4b5c-4d7e-8f90-a1b2c3d4e5f6/v2.0/")
    assert "+" in pair.refresh_token and "/" in pair.refresh_token
    assert decode_jwt(pair.refresh_token) is None  # opaque


def test_profile_needs_a_valid_bearer_token(demo):
    pair = parse_callback_location(sign_in_over_http(demo, "learner@contoso.demo"))
    ok = httpx.get(
        demo.url + "/api/v2/Profile", headers={"Authorization": f"bearer {pair.access_token}"}
    )
    assert ok.status_code == 200 and ok.json()["role"] == "Learner"
    for header in (
        {},
        {"Authorization": "Bearer x.y.z"},
        {"Authorization": f"Basic {pair.access_token}"},
    ):
        denied = httpx.get(demo.url + "/api/v2/Profile", headers=header)
        assert denied.status_code == 401
        assert "invalid_token" in denied.headers["www-authenticate"]


def test_token_lifetime_is_configurable_and_expired_tokens_are_refused(demo):
    demo.token_lifetime = -1
    pair = parse_callback_location(sign_in_over_http(demo))
    denied = httpx.get(
        demo.url + "/api/v2/Profile", headers={"Authorization": f"Bearer {pair.access_token}"}
    )
    assert denied.status_code == 401 and "expired" in denied.json()["message"]


def test_wrong_password_stays_on_the_form(demo):
    response = httpx.post(
        demo.sign_in_origin + "/b2c/authorize",
        data={"email": "admin@contoso.demo", "password": "nope", "state": "s"},
    )
    assert response.status_code == 200 and "find an account with that email" in response.text
    assert "Location" not in response.headers


def test_a_code_works_once(demo):
    with httpx.Client() as client:
        submit = client.post(
            demo.sign_in_origin + "/b2c/authorize",
            data={"email": "admin@contoso.demo", "password": "demo"},
        )
        callback = submit.headers["location"]
        assert client.get(callback).status_code == 302
        assert client.get(callback).status_code == 400
