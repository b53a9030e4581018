"""Copy diagnostics keeps query names and drops their values (issue 13, item 18)."""

from __future__ import annotations

import logging

import pytest

from mct_desktop.core.redact import mask_query_values
from mct_desktop.core.support.diagnostics import diagnostics
from mct_desktop.core.support.logs import enable_file_log


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "proxy: GET /api/v1/users?search=ada.lovelace@contoso.com&page=2 200",
            "proxy: GET /api/v1/users?search=…&page=… 200",
        ),
        (
            "GET https://contoso.azurefd.net/api/v1/users?phone=%2B447700900123 failed",
            "GET https://contoso.azurefd.net/api/v1/users?phone=… failed",
        ),
        ("url 'https://x.example/a?q=Ada+Lovelace'", "url 'https://x.example/a?q=…'"),
        (
            "https://x.example/cb?access_token=<redacted>&x=",
            "https://x.example/cb?access_token=<redacted>&x=",
        ),
        ("mctapp://x#access_token=<redacted>", "mctapp://x#access_token=<redacted>"),
        ("is it? yes=no", "is it? yes=no"),  # prose, not a URL
        ("config: /root/.config/mct-desktop", "config: /root/.config/mct-desktop"),
    ],
)
def test_query_values_are_masked(text, expected):
    assert mask_query_values(text) == expected


def test_copy_diagnostics_masks_the_logged_queries(isolated_home):
    enable_file_log()
    try:
        logging.getLogger("test").warning(
            "proxy: GET /api/v1/users?search=ada.lovelace%40contoso.com&pageSize=2 200"
        )
        for handler in logging.getLogger().handlers:
            if hasattr(handler, "baseFilename"):
                handler.flush()
        text = diagnostics()
    finally:
        logging.getLogger().handlers = [
            h for h in logging.getLogger().handlers if not hasattr(h, "baseFilename")
        ]
    assert "/api/v1/users?search=…&pageSize=… 200" in text
    assert "lovelace" not in text
