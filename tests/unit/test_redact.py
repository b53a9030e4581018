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
