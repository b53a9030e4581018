"""`--demo` keeps its port and its data from run to run; a dead demo says how to start it
(issue 13, item 22)."""

import socket

from mct_desktop.app import dead_demo_hint
from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.api.variables import VariableStore
from mct_desktop.core.catalog.spec_loader import _cache_file
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.demo.launch import DEFAULT_PORT, DEMO_PORTAL_NAME, point_at_demo, start_demo
from tests.support import demo_tokens


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_demo_takes_its_stable_port_and_another_only_when_busy():
    assert 1024 < DEFAULT_PORT < 49152  # not in the range the system hands out at random
    port = free_port()
    first = start_demo(port)
    try:
        assert first.port == port
        second = start_demo(port)  # taken: any free one instead of failing
        try:
            assert second.port not in (0, port)
        finally:
            second.stop()
    finally:
        first.stop()
    again = start_demo(port)  # the next run finds the same address
    try:
        assert again.url == first.url
    finally:
        again.stop()


def keep_some_data(service, portal):
    store = RequestStore()
    store.record(portal.key, ApiRequest("GET", "/api/v2/Profile"), portal.base_url, status=200)
    store.save(portal.key, "General", "profile", ApiRequest("GET", "/api/v2/Profile"))
    store.close()
    VariableStore().set_pairs(portal.key, [("courseId", "101")])
    path = _cache_file(portal)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{}")


def test_a_second_run_finds_the_demo_data_even_on_another_port():
    port = free_port()
    server = start_demo(port)
    try:
        service = PortalService()
        first = point_at_demo(service, server)
        service.store_tokens(first, demo_tokens(server))
        keep_some_data(service, first)
    finally:
        server.stop()
    blocker = socket.socket()  # the stable port is taken this time
    blocker.bind(("127.0.0.1", port))
    blocker.listen()
    server = start_demo(port)
    try:
        service = PortalService()
        demo = point_at_demo(service, server)
        assert demo.base_url != first.base_url
        assert [p.name for p in service.portals].count(DEMO_PORTAL_NAME) == 1
        assert service.active == demo
        store = RequestStore()
        assert [e.request.target for e in store.history(demo.key)] == ["/api/v2/Profile"]
        assert [s.name for s in store.saved(demo.key)] == ["profile"]
        store.close()
        assert VariableStore().pairs(demo.key) == [("courseId", "101")]
        assert _cache_file(demo).exists()
        # The tokens of an earlier demo are worthless to this one: not shown as signed in.
        assert service.tokens(demo) is None and service.tokens(first) is None
    finally:
        server.stop()
        blocker.close()


def test_a_dead_demo_portal_says_how_to_start_it():
    port = free_port()
    server = start_demo(port)
    service = PortalService()
    demo = point_at_demo(service, server)
    try:
        assert dead_demo_hint(service.active) == ""  # running: nothing to say
    finally:
        server.stop()
    hint = dead_demo_hint(PortalService().active)
    assert "mct-desktop --demo" in hint and demo.base_url in hint
    other = service.add_portal("http://127.0.0.1:9", "Contoso test")
    assert dead_demo_hint(other) == ""  # only the demo gets the demo's hint
