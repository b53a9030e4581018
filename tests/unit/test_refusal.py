"""The refusal detector against recorded provider pages (tests/data/refusals), look-alikes too."""

import json
from pathlib import Path

import pytest

from mct_desktop.core.session.browser.locate import browser_label
from mct_desktop.core.session.refusal import (
    HEADLINE,
    detect_refusal,
    refusal_command_advice,
    refusal_message,
)

PAGES = sorted((Path(__file__).parents[1] / "data" / "refusals").glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_refusals_and_look_alikes():
    expectations = [load(p)["expect"] for p in PAGES]
    assert sum(e is None for e in expectations) >= 5
    assert sum(e is not None for e in expectations) >= 8


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_recorded_page(path):
    page = load(path)
    reason = detect_refusal(page["url"], page["title"], page["text"])
    if page["expect"] is None:
        assert reason is None, f"{path.stem} is no refusal, but was taken for one: {reason}"
    else:
        assert reason is not None, f"{path.stem} was not recognised"
        assert page["expect"] in reason


def test_the_url_alone_can_carry_the_refusal():
    url = (
        "https://contoso.b2clogin.com/contoso.onmicrosoft.com/oauth2/authresp?error=access_denied"
        "&error_description=AADSTS530003%3a+Your+device+is+required+to+be+managed"
    )
    assert "530003" in detect_refusal(url, "", "")


def test_an_empty_page_is_no_refusal():
    assert detect_refusal("about:blank", "", "") is None


def test_the_app_names_the_browser_found():
    text = refusal_message("Google: Error 403 disallowed_useragent", ["chromium", "edge"])
    assert text.startswith(HEADLINE)
    assert "Sign in with Chromium instead" in text


def test_without_a_browser_the_app_says_what_to_install_and_the_paste_fallback():
    text = refusal_message("Google", [])
    assert "Install Chrome, Edge, Chromium or Brave" in text
    assert "Paste Location URL" in text


def test_the_cli_gives_the_exact_command():
    text = refusal_command_advice("Google", "Contoso learning", ["edge"])
    assert text.endswith("mct-desktop login 'Contoso learning' --browser edge")
    missing = refusal_command_advice("Google", "https://x.example", [])
    assert "mct-desktop login https://x.example --browser chrome" in missing


def test_browser_labels():
    assert browser_label("chromium") == "Chromium"
    assert browser_label("/opt/vivaldi/vivaldi") == "vivaldi"
    assert browser_label(r"C:\Program Files\Google\Chrome\Application\chrome.exe") == "chrome.exe"
