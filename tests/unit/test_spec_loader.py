"""Fetching the portal's Swagger (admin session or token), files, URLs, cache, CLI."""

import json

import httpx
import pytest

from mct_desktop.cli import main
from mct_desktop.core.api.client import ApiClient
from mct_desktop.core.catalog.spec_loader import (
    SpecAccessError,
    SpecService,
    load_cache,
    load_file_or_url,
    save_cache,
)
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.demo.swagger import documents
from tests.support import sign_in_over_http, sign_in_with_session


def signed_in(demo, email="admin@contoso.demo"):
    """The spec service the app and the CLI use, and the portal, signed in as `email`."""
    service = PortalService()
    portal = service.add_portal(demo.url)
    if email:
        service.store_tokens(portal, parse_callback_location(sign_in_over_http(demo, email)))
    return SpecService(ApiClient(TokenManager(service))), portal


def test_discovers_every_document_from_the_swagger_ui_page(demo):
    specs, portal = signed_in(demo)
    assert specs.discover(portal) == [
        ("v1", f"{demo.url}/swagger/v1/swagger.json"),
        ("v2", f"{demo.url}/swagger/v2/swagger.json"),
    ]
    loaded = specs.load_portal(portal)
    assert len(loaded.catalog.operations) == 244 and set(loaded.documents) == {"v1", "v2"}


def test_the_browser_session_cookie_is_enough(demo):
    _location, cookies = sign_in_with_session(demo)
    assert ".AspNetCore.Cookies" in cookies
    specs, portal = signed_in(demo, None)
    loaded = specs.load_portal(portal, cookies)
    assert len(loaded.catalog.operations) == 244
    sent = demo.requests_to("/swagger/v1/swagger.json")[-1]
    assert "Authorization" not in sent.headers and ".AspNetCore.Cookies=" in sent.headers["Cookie"]


@pytest.mark.parametrize("who", ["learner@contoso.demo", None])
def test_non_admins_get_the_enable_swagger_explanation(demo, who):
    specs, portal = signed_in(demo, who)
    with pytest.raises(SpecAccessError) as caught:
        specs.load_portal(portal)
    message = str(caught.value)
    assert "EnableSwagger=true" in message and "administrator" in message


def test_disabled_swagger_is_explained(demo):
    specs, portal = signed_in(demo)
    demo.swagger_enabled = False
    with pytest.raises(SpecAccessError, match=r"No Swagger document was found.*EnableSwagger"):
        specs.load_portal(portal)


def test_fallback_locations_when_the_page_lists_nothing():
    v1 = json.dumps(documents()["v1"]).encode()

    def respond(request):
        if request.url.path == "/swagger/v1/swagger.json":
            return httpx.Response(200, content=v1)
        return httpx.Response(404)

    specs = SpecService(ApiClient(transport=httpx.MockTransport(respond)))
    loaded = specs.load_portal(Portal("https://p.example"))
    assert set(loaded.documents) == {"v1"} and len(loaded.catalog.operations) == 189


def test_unreachable_portal():
    with pytest.raises(SpecAccessError, match=r"Could not reach 127\.0\.0\.1:9"):
        SpecService(ApiClient()).load_portal(Portal("http://127.0.0.1:9"))


def test_files_urls_and_bad_files(tmp_path, demo):
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(documents()["v2"]))
    assert len(load_file_or_url(str(spec)).catalog.operations) == 55
    yaml_spec = tmp_path / "spec.yaml"
    yaml_spec.write_text("openapi: 3.0.0\ninfo: {version: '7'}\npaths:\n  /a: {get: {}}\n")
    loaded = load_file_or_url(str(yaml_spec))
    assert [o.path for o in loaded.catalog.operations] == ["/a"]
    assert loaded.catalog.operations[0].version == "7"
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")
    with pytest.raises(SpecAccessError, match="neither JSON nor YAML"):
        load_file_or_url(str(broken))
    with pytest.raises(SpecAccessError, match="Cannot read"):
        load_file_or_url(str(tmp_path / "missing.json"))
    with pytest.raises(SpecAccessError, match="answered HTTP 404"):
        load_file_or_url(demo.url + "/nothing.json")


def test_cache_round_trip(demo):
    specs, portal = signed_in(demo)
    assert load_cache(portal) is None
    save_cache(portal, specs.load_portal(portal))
    cached = load_cache(portal)
    assert cached is not None and len(cached.catalog.operations) == 244
    assert cached.source.startswith("cache of ")


def test_cli_endpoints(demo, capsys, tmp_path):
    service = PortalService()
    service.store_tokens(
        service.add_portal(demo.url), parse_callback_location(sign_in_over_http(demo))
    )
    assert main(["endpoints", "--filter", "learningpaths"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "GET /api/v1/learningpaths  List learning paths" in lines
    assert lines == sorted(lines, key=lambda line: (line.split()[1].lower(), 0))  # by path
    assert main(["endpoints"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 244
    # Later the portal refuses: the cached spec is shown with a warning.
    demo.swagger_enabled = False
    assert main(["endpoints", "-f", "profile role"]) == 0
    captured = capsys.readouterr()
    assert "Showing the cached spec" in captured.err
    assert "GET /api/v2/Profile/Role  The signed-in user's role" in captured.out
    spec = tmp_path / "pets.json"
    spec.write_text(
        json.dumps(
            {
                "swagger": "2.0",
                "paths": {"/pets": {"post": {"summary": "Add"}, "get": {"summary": "List"}}},
            }
        )
    )
    assert main(["endpoints", "--spec", str(spec)]) == 0
    assert capsys.readouterr().out.splitlines() == ["GET /pets  List", "POST /pets  Add"]


def test_cli_endpoints_without_access(demo, capsys):
    service = PortalService()
    service.store_tokens(
        service.add_portal(demo.url),
        parse_callback_location(sign_in_over_http(demo, "learner@contoso.demo")),
    )
    assert main(["endpoints"]) == 1
    assert "EnableSwagger=true" in capsys.readouterr().err


def test_the_swagger_fetch_refreshes_an_expired_token_on_401(demo):
    """The spec goes through the ApiClient like every request: a 401 for an expired token
    earns one refresh and a retry (the portal here answers what an API would)."""
    demo.token_lifetime = -5
    old = parse_callback_location(sign_in_over_http(demo))
    demo.token_lifetime = 3600
    service = PortalService()
    portal = service.add_portal(demo.url)
    service.store_tokens(portal, old)
    v1 = json.dumps(documents()["v1"]).encode()
    seen = []

    def respond(request):
        seen.append(request.headers.get("Authorization"))
        if request.url.path != "/swagger/v1/swagger.json":
            return httpx.Response(404)
        if request.headers.get("Authorization") == f"Bearer {old.access_token}":
            return httpx.Response(401, headers={"WWW-Authenticate": 'Bearer error="expired"'})
        return httpx.Response(200, content=v1)

    client = ApiClient(TokenManager(service), transport=httpx.MockTransport(respond))
    client._token = lambda p: (old, "")  # as if the token died on the way
    loaded = SpecService(client).load_portal(portal)
    assert set(loaded.documents) == {"v1"}
    assert len(demo.requests_to("/api/v1/ExternalAuthToken")) == 1
    fresh = service.tokens(portal).access_token
    assert fresh != old.access_token and f"Bearer {fresh}" in seen


def test_token_and_cookies_go_only_to_the_portal(demo):
    """Scripts on another origin are not fetched; documents listed there are skipped."""
    seen = []

    def respond(request):
        seen.append((request.url.host, request.headers.get("Cookie")))
        if request.url.path == "/swagger/index.html":
            page = (
                b'<script src="https://cdn.example/ui.js"></script>'
                b'<script>const ui = SwaggerUIBundle({"urls": [{"url": '
                b'"https://elsewhere.example/swagger/v1/swagger.json", "name": "v1"}]})</script>'
            )
            return httpx.Response(200, content=page, headers={"Content-Type": "text/html"})
        return httpx.Response(404)

    specs = SpecService(ApiClient(transport=httpx.MockTransport(respond)))
    with pytest.raises(SpecAccessError, match="not on the portal, skipped"):
        specs.load_portal(Portal("https://p.example"), {"session": "s3cret"})
    assert {host for host, _cookie in seen} == {"p.example"}
    assert all(cookie == "session=s3cret" for _host, cookie in seen)


def test_cli_endpoints_when_the_token_cannot_be_refreshed(demo, capsys):
    demo.token_lifetime = -5
    service = PortalService()
    service.store_tokens(
        service.add_portal(demo.url), parse_callback_location(sign_in_over_http(demo))
    )
    demo.revoke_refresh_tokens()
    assert main(["endpoints"]) == 1
    err = capsys.readouterr().err
    assert "sign in" in err.lower() and "Could not reach" not in err, err
    assert err.count("\n") == 1, err
