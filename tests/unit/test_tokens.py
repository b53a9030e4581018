import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mct_desktop.core.session.token_summary import summarize
from mct_desktop.core.tokens import TokenPair, decode_jwt, describe_expiry

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def make_jwt(claims, header=None):
    def enc(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{enc(header or {'alg': 'RS256', 'typ': 'JWT'})}.{enc(claims)}.c2ln"


B2C_CLAIMS = {
    "iss": "https://contoso.b2clogin.com/6f1d3e2a-4b5c-4d7e-8f90-a1b2c3d4e5f6/v2.0/",
    "exp": int((NOW + timedelta(minutes=53)).timestamp()),
    "iat": int(NOW.timestamp()) - 60,
    "name": "Ada Admin",
    "emails": ["ada@contoso.com"],
    "idp": "google.com",
    "sub": "abc",
}


def test_b2c_claims_are_read():
    info = decode_jwt(make_jwt(B2C_CLAIMS))
    assert info is not None
    assert info.user == "Ada Admin <ada@contoso.com>"
    assert info.tenant == "6f1d3e2a-4b5c-4d7e-8f90-a1b2c3d4e5f6"
    assert info.identity_provider == "google.com"
    assert info.expires_at == NOW + timedelta(minutes=53)
    assert not info.is_expired(NOW)
    assert info.header["alg"] == "RS256"


def test_azure_ad_claims():
    info = decode_jwt(make_jwt({"tid": "t-1", "upn": "leo@contoso.com", "exp": 1}))
    assert info is not None
    assert info.user == "leo@contoso.com"
    assert info.tenant == "t-1"
    assert info.is_expired(NOW)


@pytest.mark.parametrize(
    "token",
    ["opaque-refresh-token", "a.b.c", "eyJ.eyJ.x", "...", "", make_jwt([1, 2]).replace("W", "*")],
)
def test_opaque_or_garbage_tokens_are_not_jwts(token):
    assert decode_jwt(token) is None


@given(st.text(max_size=200))
def test_decode_never_raises(text):
    decode_jwt(text)


def test_odd_claim_types_do_not_break_anything():
    info = decode_jwt(make_jwt({"exp": "soon", "name": 42, "emails": "x", "iat": 1e300}))
    assert info is not None
    assert info.expires_at is None and info.issued_at is None
    assert info.user == "unknown user"


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(minutes=53, seconds=30), "in 53 min"),
        (timedelta(seconds=42), "in 42 s"),
        (timedelta(hours=-3), "expired 3 h ago"),
        (timedelta(hours=2, minutes=5), "in 2 h 5 min"),
        (timedelta(hours=24), "in 24 h"),
        (timedelta(days=-90), "expired 90 days ago"),
    ],
)
def test_describe_expiry(delta, text):
    assert describe_expiry(NOW + delta, NOW) == text


def test_token_pair_repr_never_shows_a_token():
    pair = TokenPair("secret-access-value", "secret-refresh-value")
    for text in (repr(pair), str(pair), f"{pair}", repr([pair])):
        assert "secret" not in text


def test_summary_masks_and_describes():
    summary = summarize(TokenPair(make_jwt(B2C_CLAIMS), "opaque-refresh-1234"), NOW)
    assert summary.user == "Ada Admin <ada@contoso.com>"
    assert summary.expires_relative == "in 53 min"
    assert summary.access_masked.startswith("eyJh…(")
    assert "opaque-refresh" not in summary.refresh_masked
    line = summary.one_line("Contoso")
    assert line.startswith("Contoso: Ada Admin <ada@contoso.com>, token expires ")
    opaque = summarize(TokenPair("opaque-access-token"), NOW)
    assert not opaque.is_jwt and opaque.refresh_masked == "none received"
