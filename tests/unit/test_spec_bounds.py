"""Hostile specs: alias bombs, endless files and servers, runaway nesting (issue 16, item 4
and the RecursionError of item 8). Each is refused quickly with a one-line message."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import yaml

from mct_desktop.cli import main
from mct_desktop.core.api.client import ApiClient
from mct_desktop.core.catalog.spec_document import (
    MAX_SPEC_BYTES,
    SpecError,
    bounded_loader,
    parse_document,
)
from mct_desktop.core.catalog.spec_loader import SpecAccessError, SpecService, load_file_or_url
from mct_desktop.core.portal import Portal


def laughs() -> str:
    """A "billion laughs": nine levels of aliases, each repeating the one below nine times
    (9**9 strings once expanded), used as an operation's summary."""
    lines = ['openapi: "3.0.0"', "info: {title: t, version: '1'}", "x-lol:"]
    lines.append("  a: &a [" + ",".join(['"lol"'] * 9) + "]")
    for below, level in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"  {level}: &{level} [" + ",".join([f"*{below}"] * 9) + "]")
    lines += ["paths:", "  /x:", "    get:", "      summary: *i"]
    return "\n".join(lines) + "\n"


def run_endpoints(capsys, spec: str) -> tuple[int, str, float]:
    started = time.perf_counter()
    code = main(["endpoints", "--spec", spec])
    return code, capsys.readouterr().err, time.perf_counter() - started


def test_a_billion_laughs_is_refused_at_once(tmp_path, capsys):
    spec = tmp_path / "laughs.yaml"
    spec.write_text(laughs())
    assert len(spec.read_bytes()) < 2048
    code, err, seconds = run_endpoints(capsys, str(spec))
    assert code == 1 and seconds < 5
    assert "aliases expand to more than 1,000,000 nodes" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_yaml_anchors_in_moderation_still_load():
    text = (
        "openapi: 3.0.0\ninfo: {version: '2'}\n"
        "x-common: &ok {description: fine, content: {application/json: {schema: {type: object}}}}\n"
        "paths:\n"
        + "".join(
            f"  /p{i}: {{get: {{summary: s{i}, responses: {{'200': *ok}}}}}}\n" for i in range(500)
        )
    )
    document = parse_document(text)
    assert document["paths"]["/p499"]["get"]["responses"]["200"]["description"] == "fine"


def test_self_referring_aliases_are_refused():
    with pytest.raises(SpecError, match="refer to themselves"):
        parse_document("openapi: 3.0.0\nx: &x [1, *x]\n")


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
def test_yaml_is_read_by_libyaml(monkeypatch):
    # Several times faster than the pure-Python parser on large specs.
    used = []
    monkeypatch.setattr(yaml, "load", lambda text, Loader: used.append(Loader) or {})
    with pytest.raises(SpecError):
        parse_document("openapi: 3.0.0")
    assert used == [bounded_loader(yaml.CSafeLoader)]


@pytest.mark.parametrize("base", ["SafeLoader", "CSafeLoader"])
def test_aliases_are_counted_by_either_parser(base):
    if not hasattr(yaml, base):
        pytest.skip("PyYAML without libyaml")
    loader = bounded_loader(getattr(yaml, base))
    started = time.perf_counter()
    with pytest.raises(SpecError, match="aliases expand"):
        yaml.load(laughs(), Loader=loader)
    assert time.perf_counter() - started < 2
    assert yaml.load("a: &x [1, 2]\nb: *x\n", Loader=loader) == {"a": [1, 2], "b": [1, 2]}


def test_an_endless_file_stops_at_the_cap(capsys):
    code, err, seconds = run_endpoints(capsys, "/dev/zero")
    assert code == 1 and seconds < 20
    assert err == (
        "mct-desktop: /dev/zero: The document is larger than 64 MB, the most a spec may be; "
        "reading stopped there.\n"
    )


def test_a_file_over_the_cap_is_refused(tmp_path):
    spec = tmp_path / "big.json"
    spec.write_text(json.dumps({"openapi": "3.0.0", "paths": {}, "x": "y" * 5000}))
    with pytest.raises(SpecAccessError, match="larger than"):
        load_file_or_url(str(spec), max_bytes=4096)
    assert load_file_or_url(str(spec), max_bytes=8192).catalog.operations == []


class _Endless(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()  # no length: the body ends when the connection does, i.e. never
        chunk = b" " * 65536
        try:
            self.wfile.write(b"{")
            while True:
                self.wfile.write(chunk)
                self.server.sent += len(chunk)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def endless_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Endless)
    server.sent = 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_url_that_never_ends_stops_at_the_cap(endless_server, capsys):
    url = f"http://127.0.0.1:{endless_server.server_port}/spec.json"
    code, err, seconds = run_endpoints(capsys, url)
    assert code == 1 and seconds < 30
    assert f"Could not fetch {url}: The response is larger than 64.0 MB" in err
    assert endless_server.sent < MAX_SPEC_BYTES + 16 * 1024 * 1024


def test_the_portals_swagger_stops_at_the_cap():
    yielded = []

    def endless():
        while True:
            yielded.append(1)
            yield b" " * 65536

    def respond(request):
        if request.url.path == "/swagger/v1/swagger.json":
            return httpx.Response(200, content=endless())
        return httpx.Response(404)

    specs = SpecService(ApiClient(transport=httpx.MockTransport(respond)), max_bytes=1 << 20)
    with pytest.raises(SpecAccessError, match=r"larger than 1\.0 MB"):
        specs.load_portal(Portal("https://p.example"))
    assert len(yielded) <= 17


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_runaway_nesting_is_explained(tmp_path, capsys, suffix):
    spec = tmp_path / f"deep.{suffix}"
    depth = 100_000
    if suffix == "json":
        spec.write_text('{"openapi": "3.0.0", "x": ' + "[" * depth + "]" * depth + "}")
    else:
        spec.write_text("openapi: 3.0.0\nx: " + "[" * depth + "]" * depth + "\n")
    code, err, _seconds = run_endpoints(capsys, str(spec))
    assert code == 1
    assert err.endswith("The document is nested too deeply (over 1000 levels) to be a spec.\n")


def test_deep_values_that_do_parse_leave_the_catalog_working(tmp_path, capsys):
    deep = json.loads("[" * 900 + "1" + "]" * 900)
    operation = {
        "summary": deep,
        "description": deep,
        "tags": [deep],
        "parameters": [{"name": "q", "in": "query", "default": deep, "schema": deep}],
        "requestBody": {"content": {"application/json": {"schema": deep}}},
        "responses": {"200": {"description": deep}},
    }
    spec = tmp_path / "deep.json"
    spec.write_text(json.dumps({"openapi": "3.0.0", "paths": {"/d": {"get": operation}}}))
    code, _err, _seconds = run_endpoints(capsys, str(spec))
    assert code == 0
    loaded = load_file_or_url(str(spec))
    (only,) = loaded.catalog.operations
    assert only.summary == "" and only.tag == "default"
    assert only.body_schema is None or isinstance(only.body_schema, dict)
