"""`mct_desktop.connect()` from plain Python against the demo portal."""

import subprocess
import sys

import pytest

import mct_desktop
from mct_desktop.core.api.paging import PagingError
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.tokens import TokenPair
from mct_desktop.demo import DemoPortal
from mct_desktop.demo.accounts import ACCOUNTS
from tests.support import sign_in_over_http


@pytest.fixture
def signed_in(demo):
    demo.data.volume.retry_after = "0"
    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    portal = service.add_portal(demo.url)
    service.store_tokens(portal, pair)
    return service, portal, pair


def test_get_and_paginate(demo, signed_in):
    with mct_desktop.connect() as api:
        assert api.get("/api/v2/Profile").json()["name"] == "Ada Admin"
        users = list(api.paginate("/api/v1/admin/users", paging="skip,take", page_size=500))
        assert [u["UserId"] for u in users] == list(range(10_000, 12_345))
        assert [r["id"] for r in api.paginate("/api/v1/users")] == list(range(3000, 3137))
        courses = list(api.paginate("/api/v1/Courses", status="Published", paging="page,pageSize"))
        assert courses and all(c["status"] == "Published" for c in courses)
        assert "status=Published" in demo.requests_to("/api/v1/Courses")[-1].path


def test_the_token_goes_to_the_portal_only(demo, signed_in):
    with mct_desktop.connect(demo.url) as api:
        api.get(demo.sign_in_origin + "/api/v2/deployment/info")
    foreign = [r for r in demo.requests if r.host.startswith("localhost")]
    assert foreign and "Authorization" not in foreign[-1].headers


def test_a_401_refreshes_once_and_retries(demo, signed_in):
    service, portal, pair = signed_in
    # A token another portal signed: valid-looking, refused here with 401.
    stranger, _ = DemoPortal().issue_tokens(ACCOUNTS["admin@contoso.demo"])
    service.store_tokens(portal, TokenPair(stranger, pair.refresh_token))
    with mct_desktop.connect() as api:
        assert api.get("/api/v2/Profile").status_code == 200
    assert [r.path for r in demo.requests if "token" in r.path.lower()]  # one refresh
    assert PortalService().tokens(portal).access_token != stranger


def test_paginate_errors_name_the_page(demo, signed_in):
    demo.data.volume.missing.add("/api/v1/organization")
    with mct_desktop.connect() as api, pytest.raises(PagingError, match="Page 1 failed: HTTP 404"):
        list(api.paginate("/api/v1/organization"))


def test_importing_the_python_api_never_imports_qt_and_the_package_stays_light():
    code = (
        "import sys, mct_desktop;"
        "light = 'httpx' not in sys.modules;"
        "mct_desktop.connect;"
        "print(light, [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True []"
