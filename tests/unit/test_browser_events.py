"""The DevTools-event logic of the own-browser sign-in, on events recorded from Chromium."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from mct_desktop.core.session.browser.events import CallbackWatcher
from mct_desktop.core.session.capture import Captured, Failed, Ignored, Outcome

RECORDED = Path(__file__).parent.parent / "data" / "devtools"
ACCESS, REFRESH = "RECORDED.ACCESS.TOKEN", "RECORDED-REFRESH-TOKEN"


def _recording(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((RECORDED / f"{name}.json").read_text())
    return data


def _replay(name: str, portal: str | None = None) -> list[Outcome]:
    data = _recording(name)
    watcher = CallbackWatcher(portal or data["portal"], data["main_frame"])
    return [o for e in data["events"] if (o := watcher.feed(e)) is not None]


@pytest.mark.parametrize(
    "style", ["relative-fragment", "query", "fragment", "hash-route", "scheme"]
)
def test_every_location_style_yields_the_token_pair_once(style):
    outcomes = _replay(style)
    assert outcomes == [Captured(outcomes[0].pair)]  # type: ignore[union-attr]
    pair = outcomes[0].pair  # type: ignore[union-attr]
    assert (pair.access_token, pair.refresh_token) == (ACCESS, REFRESH)


def test_the_held_callback_response_carries_the_raw_relative_location():
    data = _recording("relative-fragment")
    paused = [e["params"] for e in data["events"] if e["method"] == "Fetch.requestPaused"]
    callback = next(p for p in paused if "/Callback" in p["request"]["url"])
    assert callback["responseStatusCode"] == 302
    location = next(h["value"] for h in callback["responseHeaders"] if h["name"] == "Location")
    assert location.startswith("/ExternalAuthentication/Redirect#access_token=")
    # Held there, the browser never requested the token-bearing Redirect address.
    requested = [
        e["params"]["request"]["url"]
        for e in data["events"]
        if e["method"] == "Network.requestWillBeSent"
    ]
    assert not [url for url in requested if "/ExternalAuthentication/Redirect" in url]


def test_the_real_portal_style_is_read_from_the_raw_relative_location():
    data = _recording("relative-fragment-network-only")
    redirect = next(
        e["params"]
        for e in data["events"]
        if "Callback" in (e["params"].get("redirectResponse") or {}).get("url", "")
    )
    assert redirect["redirectResponse"]["headers"]["Location"].startswith(
        "/ExternalAuthentication/Redirect#access_token="
    )
    # The resolved request URL has no fragment; the watcher must not depend on it.
    redirect["request"]["urlFragment"] = ""
    watcher = CallbackWatcher(data["portal"], data["main_frame"])
    outcome = watcher.feed({"method": "Network.requestWillBeSent", "params": redirect})
    assert isinstance(outcome, Captured) and outcome.pair.access_token == ACCESS


def test_a_callback_without_tokens_fails_with_the_portals_error():
    outcomes = _replay("none")
    assert len(outcomes) == 1 and isinstance(outcomes[0], Failed)
    assert "error=server_error" in outcomes[0].message
    assert "parameters present: error, state" in outcomes[0].message


def test_tokens_pushed_by_another_origin_are_ignored_and_logged_masked(caplog):
    caplog.set_level(logging.WARNING)
    outcomes = _replay("foreign")
    assert outcomes and all(isinstance(o, Ignored) for o in outcomes)
    assert "http://localhost:40123" in outcomes[0].reason  # type: ignore[union-attr]
    assert "forged.by.another" not in caplog.text
    assert "AccessToken=" in caplog.text


def test_a_recording_for_another_portal_captures_nothing():
    outcomes = _replay("relative-fragment", portal="https://other.example")
    assert not any(isinstance(o, Captured | Failed) for o in outcomes)


def _callback_redirect(frame: str, type_: str = "Document", status: int = 302) -> dict[str, Any]:
    return {
        "method": "Network.requestWillBeSent",
        "params": {
            "frameId": frame,
            "type": type_,
            "request": {"url": "https://p.example/Home", "urlFragment": ""},
            "redirectResponse": {
                "url": "https://p.example/ExternalAuthentication/Callback?code=x",
                "status": status,
                "headers": {"location": "/Home#access_token=AAA&refresh_token=RRR"},
            },
        },
    }


def test_only_the_main_frame_counts():
    watcher = CallbackWatcher("https://p.example", "MAIN")
    assert isinstance(watcher.feed(_callback_redirect("IFRAME")), Ignored)
    assert isinstance(watcher.feed(_callback_redirect("MAIN", type_="XHR")), Ignored)
    outcome = watcher.feed(_callback_redirect("MAIN"))
    assert isinstance(outcome, Captured) and outcome.pair.refresh_token == "RRR"
    assert watcher.feed(_callback_redirect("MAIN")) is None  # done: later events change nothing


def test_header_names_are_matched_in_any_case():
    event = _callback_redirect("MAIN")
    event["params"]["redirectResponse"]["headers"] = {"LOCATION": "/x#access_token=Z"}
    outcome = CallbackWatcher("https://p.example", "MAIN").feed(event)
    assert isinstance(outcome, Captured) and outcome.pair.access_token == "Z"


def test_a_callback_answering_with_a_page_fails():
    event = {
        "method": "Network.responseReceived",
        "params": {
            "frameId": "MAIN",
            "type": "Document",
            "response": {
                "url": "https://p.example/ExternalAuthentication/Callback?code=c0de",
                "status": 400,
            },
        },
    }
    outcome = CallbackWatcher("https://p.example", "MAIN").feed(event)
    assert isinstance(outcome, Failed) and "HTTP 400" in outcome.message


def test_a_token_url_typed_or_scripted_into_the_page_is_ignored():
    event = {
        "method": "Network.requestWillBeSent",
        "params": {
            "frameId": "MAIN",
            "type": "Document",
            "request": {"url": "https://p.example/Home?AccessToken=forged-by-script-123"},
        },
    }
    outcome = CallbackWatcher("https://p.example", "MAIN").feed(event)
    assert isinstance(outcome, Ignored) and "forged-by-script-123" not in outcome.reason
