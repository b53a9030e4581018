"""`mct-desktop proxy` against the demo portal: loopback only, a fresh token, no rebinding."""

import argparse
import socket
import threading
import time

import httpx
import pytest

from mct_desktop.commands.proxy import proxy as proxy_command
from mct_desktop.core.api.proxy import ApiProxy
from mct_desktop.core.portal import ServiceAuth
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.demo.accounts import (
    SERVICE_API_URI,
    SERVICE_CLIENT_ID,
    SERVICE_CLIENT_SECRET,
    TENANT_ID,
)
from tests.support import sign_in_over_http


@pytest.fixture
def running(demo):
    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    portal = service.add_portal(demo.url)
    service.store_tokens(portal, pair)
    lines = []
    with ApiProxy(portal, TokenManager(service), on_request=lines.append) as server:
        yield server, lines


def test_forwards_with_a_fresh_token_and_streams_both_ways(demo, running):
    server, lines = running
    assert server.url.startswith("http://127.0.0.1:")
    with httpx.Client(base_url=server.url) as local:
        profile = local.get("/api/v2/Profile", headers={"Authorization": "Bearer mine"})
        assert profile.status_code == 200 and profile.json()["name"] == "Ada Admin"
        sent = demo.requests_to("/api/v2/Profile")[-1]
        assert sent.headers["Authorization"].startswith("Bearer ey")  # ours, not "mine"
        assert sent.host == demo.url.removeprefix("http://")
        created = local.post(
            "/api/v2/Category",
            content=iter([b'{"name": ', b'"Via proxy"}']),  # chunked upload
        )
        assert created.status_code == 201 and created.json()["name"] == "Via proxy"
        upload = b'{"name": "Big", "description": "' + b"x" * 3_000_000 + b'"}'
        big = local.post("/api/v2/Category", content=upload)  # streamed on, with its length
        assert big.status_code == 201 and len(big.json()["description"]) == 3_000_000
        large = local.get("/api/demo/large", params={"mb": "3"})
        assert large.status_code == 200 and len(large.content) > 3_000_000
        users = local.get("/api/v1/admin/users", params={"skip": "5", "take": "2"})
        assert [u["UserId"] for u in users.json()["UserDetails"]] == [10_005, 10_006]
    assert any("GET /api/v2/Profile -> 200" in line for line in lines)
    assert not any(token in line for line in lines for token in demo.issued)


def test_refuses_a_foreign_host_origin_or_absolute_target(demo, running):
    server, _ = running
    before = len(demo.requests)
    rebinding = httpx.get(server.url + "/api/v2/Profile", headers={"Host": "evil.example"})
    assert rebinding.status_code == 403 and "not this proxy's address" in rebinding.text
    page = httpx.post(server.url + "/api/v2/Category", headers={"Origin": "https://evil.example"})
    assert page.status_code == 403
    fetch = httpx.get(server.url + "/api/v2/Profile", headers={"Sec-Fetch-Site": "cross-site"})
    assert fetch.status_code == 403
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.sendall(
            f"GET http://example.com/ HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode()
        )
        assert raw.recv(200).startswith(b"HTTP/1.1 403")
    assert len(demo.requests) == before  # nothing reached the portal, nothing went elsewhere
    assert httpx.get(f"http://localhost:{server.port}/api/v2/Profile").status_code == 200


def test_a_service_profile_sends_client_type(demo):
    service = PortalService()
    portal = service.add_portal(demo.url)
    portal = service.set_service_auth(
        portal,
        ServiceAuth(TENANT_ID, SERVICE_CLIENT_ID, SERVICE_API_URI, demo.url),
        SERVICE_CLIENT_SECRET,
    )
    with ApiProxy(portal, TokenManager(service)) as server:
        answer = httpx.get(server.url + "/api/v2/Profile")
    assert answer.status_code == 200 and answer.json()["role"] == "Service"
    assert demo.requests_to("/api/v2/Profile")[-1].headers["ClientType"] == "Service"


def test_the_command_prints_its_address_and_stops_cleanly(demo, capsys):
    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), pair)
    stop = threading.Event()
    codes = []
    thread = threading.Thread(
        target=lambda: codes.append(proxy_command(argparse.Namespace(portal=None, port=0), stop))
    )
    thread.start()
    out = ""
    for _ in range(100):
        out += capsys.readouterr().out
        if out.strip():
            break
        time.sleep(0.05)
    url = out.strip()
    assert url.startswith("http://127.0.0.1:")
    assert httpx.get(url + "/api/v2/Profile").status_code == 200
    stop.set()
    thread.join(5)
    assert codes == [0] and "proxy stopped" in capsys.readouterr().err
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/api/v2/Profile")


def test_a_401_refreshes_once_and_retries(demo):
    from mct_desktop.core.tokens import TokenPair
    from mct_desktop.demo import DemoPortal
    from mct_desktop.demo.accounts import ACCOUNTS

    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    portal = service.add_portal(demo.url)
    stranger, _ = DemoPortal().issue_tokens(ACCOUNTS["admin@contoso.demo"])
    service.store_tokens(portal, TokenPair(stranger, pair.refresh_token))
    with ApiProxy(portal, TokenManager(service)) as server:
        created = httpx.post(server.url + "/api/v2/Category", json={"name": "Retried"})
    assert created.status_code == 201 and created.json()["name"] == "Retried"
    assert len(demo.requests_to("/api/v2/Category")) == 2  # the 401, then the retry
