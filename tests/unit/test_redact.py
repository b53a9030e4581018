import logging

from mct_desktop.core.redact import RedactingFilter, redact

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijkl"


def test_redact_tokens_in_every_usual_place():
    text = redact(
        f"GET /x?AccessToken={JWT}&refresh_token=abc%2Bdef&page=2 "
        f'Authorization: Bearer {JWT} body {{"RefreshToken": "opaque123"}}\n'
        "Cookie: session=xyz"
    )
    for secret in ("eyJhbGci", "abc%2Bdef", "opaque123", "session=xyz"):
        assert secret not in text
    assert "page=2" in text


def test_logging_filter_redacts_messages_and_arguments(caplog):
    logger = logging.getLogger("test.redact")
    handler = logging.Handler()
    records = []
    handler.emit = records.append
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    try:
        logger.warning("captured %s", f"mctapp://x#access_token={JWT}")
    finally:
        logger.removeHandler(handler)
    assert "eyJ" not in records[0].getMessage()


# Every name the four former regexes (callback, redact, sanitise's header and field
# patterns) called secret, plus the API-key headers of issue 16.
SECRET_NAMES = [
    "AccessToken", "access_token", "refresh-token", "id_token", "code", "client_secret",
    "password", "passwd", "session", "SessionState", "assertion", "SAMLResponse", "key",
    "apiKey", "api-key", "sig", "signature", "Authorization", "Proxy-Authorization",
    "Cookie", "Set-Cookie", "X-CSRF-Token", "Ocp-Apim-Subscription-Key", "X-Functions-Key",
    "X-Auth", "X-Api-Key", "X-Auth-Token",
]  # fmt: skip
PLAIN_NAMES = [
    "page", "pageSize", "Accept", "Accept-Encoding", "Content-Type", "User-Agent", "keyword",
    "author", "X-Request-Id", "state", "filter", "$top",
]  # fmt: skip


def test_one_rule_says_which_names_are_secret():
    from mct_desktop.core.redact import is_secret_name

    assert [n for n in SECRET_NAMES if not is_secret_name(n)] == []
    assert [n for n in PLAIN_NAMES if is_secret_name(n)] == []


def test_redact_uses_the_same_rule_for_named_values():
    text = redact('GET /x?X-Api-Key=k1k1k1&sig=s2s2&page=2 {"apiKey": "k3k3k3", "a": "b"}')
    assert not any(secret in text for secret in ("k1k1k1", "s2s2", "k3k3k3"))
    assert "page=2" in text and '"a": "b"' in text


def test_callback_masks_api_key_parameters_too():
    from mct_desktop.core.session.callback import mask_location

    masked = mask_location("https://p/cb?x_api_key=k1k1&page=2")
    assert "k1k1" not in masked and "page=2" in masked
