"""What the app's progress views need from the core: one progress sentence, one resume
identity for the CLI and the app, and per-dataset export events with bytes."""

import json

import pytest

from mct_desktop.core.api.client import ApiClient
from mct_desktop.core.api.export import Export, read_manifest
from mct_desktop.core.api.pager import PagingProgress
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.api.run_text import fetch_identity, progress_line
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from tests.support import sign_in_over_http


def test_progress_line_has_rows_pages_rate_eta_and_waits():
    progress = PagingProgress(rows=1000, pages=10, total=3000, elapsed=2.0)
    assert progress_line(progress) == "1,000 of 3,000 rows · 10 pages · 500 rows/s · ETA 0:00:04"
    waiting = PagingProgress(5, 1, None, 1.0, waiting=2.0, why="page 2: HTTP 429")
    assert progress_line(waiting) == "5 rows · 1 pages · 5 rows/s · waiting 2 s (page 2: HTTP 429)"


def test_the_identity_names_path_and_query():
    request = ApiRequest("GET", "/api/v1/users", query=[("role", "a b")])
    assert fetch_identity(request) == "GET /api/v1/users 'role=a b'"
    assert fetch_identity(ApiRequest("GET", "/api/v1/users")) == "GET /api/v1/users"


@pytest.fixture
def portal(demo):
    demo.data.volume.retry_after = "0"
    service = PortalService()
    added = service.add_portal(demo.url)
    service.store_tokens(added, parse_callback_location(sign_in_over_http(demo)))
    return service, added


def test_export_events_carry_bytes_and_resumed_datasets_say_so(demo, portal, tmp_path):
    service, added = portal
    demo.data.volume.missing.add("/api/v1/certificates")
    events = []
    out = tmp_path / "export"
    client = ApiClient(TokenManager(service))
    only = ["organizations", "certificates"]
    assert read_manifest(out) is None
    Export(added, out, only=only, on_progress=events.append).run(client)
    done = {e.dataset: e for e in events if e.done}
    assert done["organizations"].rows == 240 and not done["organizations"].error
    assert done["organizations"].bytes == (out / "organizations.ndjson").stat().st_size > 0
    assert "HTTP 404" in done["certificates"].error
    assert read_manifest(out)["complete"] is False
    demo.data.volume.missing.clear()
    events.clear()
    Export(added, out, only=only, resume=True, on_progress=events.append).run(client)
    done = {e.dataset: e for e in events if e.done}
    assert done["organizations"].earlier and done["organizations"].rows == 240
    assert done["organizations"].bytes > 0
    assert not done["certificates"].earlier and done["certificates"].rows == 130
    assert json.loads((out / "manifest.json").read_text())["complete"] is True
    client.close()
