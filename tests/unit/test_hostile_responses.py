"""Hostile responses give a clear message, never a traceback or a lost response, and no
spooled body outlives the process (issue 16 item 8)."""

import io

import pytest

from mct_desktop.cli import main
from mct_desktop.core.api import response as response_module
from mct_desktop.core.api.client import ApiClient, ApiError
from mct_desktop.core.api.render import prepare
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.api.response import BodyType
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from tests.hostile_server import DEEP_JSON, LONG_INT_JSON, hostile_server
from tests.support import sign_in_over_http


@pytest.fixture
def hostile():
    with hostile_server() as url:
        yield url


def test_a_redirect_to_an_invalid_url_is_an_api_error(hostile):
    client = ApiClient()
    with pytest.raises(ApiError, match=r"redirected to an invalid URL .*not followed"):
        client.send(None, ApiRequest("GET", hostile + "/bad-redirect"))
    client.close()


@pytest.mark.parametrize(("path", "why"), [("/deep", "nested too deeply"), ("/long-int", "4300")])
def test_json_that_cannot_be_formatted_is_shown_as_received(hostile, path, why):
    client = ApiClient(spool_threshold=1024)  # spooled to a temp file, as bodies over 2 MB are
    response = client.send(None, ApiRequest("GET", hostile + path))
    client.close()
    prepared = prepare(response)
    assert prepared.kind is BodyType.TEXT and why in prepared.note
    assert prepared.text.encode() == {"/deep": DEEP_JSON, "/long-int": LONG_INT_JSON}[path]
    response.discard()


def test_every_spooled_body_is_removed_at_exit_even_if_never_discarded(hostile):
    client = ApiClient(spool_threshold=1024)
    response = client.send(None, ApiRequest("GET", hostile + "/deep"))
    client.close()
    folder = response.body_path.parent
    assert folder.exists()
    response_module.remove_spooled()  # what atexit runs
    assert not folder.exists()


class _Stdout(io.StringIO):
    def __init__(self, tty):
        super().__init__()
        self.buffer = io.BytesIO()
        self._tty = tty

    def isatty(self):
        return self._tty


@pytest.fixture
def signed_in(demo):
    service = PortalService()
    service.store_tokens(
        service.add_portal(demo.url), parse_callback_location(sign_in_over_http(demo))
    )


def test_call_reports_a_bad_redirect_in_one_line(demo, signed_in, hostile, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdout", _Stdout(False))
    code = main(["call", "GET", hostile + "/bad-redirect"])
    err = capsys.readouterr().err
    assert code != 0 and "redirected to an invalid URL" in err and "Traceback" not in err


@pytest.mark.parametrize(("path", "body"), [("/deep", DEEP_JSON), ("/long-int", LONG_INT_JSON)])
def test_call_on_a_terminal_prints_unformattable_json_as_received(
    demo, signed_in, hostile, monkeypatch, capsys, path, body
):
    out = _Stdout(True)
    monkeypatch.setattr("sys.stdout", out)
    code = main(["call", "GET", hostile + path])
    assert code == 0
    assert out.buffer.getvalue() == body
    assert "shown as received" in capsys.readouterr().err


@pytest.mark.parametrize("body", [DEEP_JSON.decode(), LONG_INT_JSON.decode()])
def test_hostile_json_bodies_in_requests_get_a_clear_message(isolated_home, body):
    from mct_desktop.core.api.curl_import import from_curl
    from mct_desktop.core.api.history import RequestStore
    from mct_desktop.core.api.request import BodyKind, RequestError, check_json, pretty_json

    assert check_json(body) is not None
    with pytest.raises(RequestError):
        pretty_json(body)
    imported = from_curl(f"curl https://p.example/x -d '{body}'")  # never a traceback
    assert imported.request.body_kind is BodyKind.TEXT or imported.request.form
    json_import = from_curl(
        f"curl https://p.example/x -H 'Content-Type: application/json' -d '{body}'"
    )
    assert json_import.request.body_kind is BodyKind.JSON
    request = ApiRequest("POST", "/x", body_kind=BodyKind.JSON, body_text=body)
    RequestStore().record("p", request, "https://p.example/x", status=200)
