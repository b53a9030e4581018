"""ApiResponse on its own: how a body is decoded."""

from mct_desktop.core.api.response import ApiResponse


def test_unknown_charset_falls_back_to_utf8():
    response = ApiResponse(
        200, "OK", "u", [("Content-Type", "text/plain; charset=utf8x")], 0.0, 3, body="été".encode()
    )
    assert response.text() == "été"
