"""`mct-desktop call GET PATH --all` against the demo portal: both paging schemes, a cap,
a 429, a slow page, resume after Ctrl+C, a page that keeps failing."""

import csv
import io
import json
import time

import pytest

from mct_desktop.cli import main
from mct_desktop.core.api import pager
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from tests.support import sign_in_over_http


@pytest.fixture
def signed_in(demo):
    demo.data.volume.retry_after = "0"
    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), pair)
    return pair


class FakeStdout(io.StringIO):
    def __init__(self):
        super().__init__()
        self.buffer = io.BytesIO()

    def isatty(self):
        return False


def run(monkeypatch, argv):
    out = FakeStdout()
    monkeypatch.setattr("sys.stdout", out)
    code = main(argv)
    return code, out.buffer.getvalue()


def offsets(demo, path="/api/v1/admin/users"):
    return [r.path for r in demo.requests_to(path)]


def test_skip_take_with_a_cap_a_429_and_a_slow_page_into_csv(
    demo, signed_in, monkeypatch, tmp_path
):
    target = tmp_path / "users.csv"
    code, _ = run(
        monkeypatch,
        ["call", "GET", "/api/v1/admin/users", "--all", "--page-size", "1000", "-o", str(target)],
    )
    assert code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    ids = [int(r["UserId"]) for r in rows]
    assert ids == list(range(10_000, 10_000 + 2345))  # every row once, in order
    assert rows[0]["Organization.Name"] == "Organization 1" and rows[0]["Groups"] == "[11]"
    assert rows[997]["Notes"] == 'Says "hi",\nthen leaves'
    paths = offsets(demo)
    assert any("skip=" in p and "take=1000" in p for p in paths)  # asked 1000, got 250
    throttled = next(
        p for p in paths if "skip=" in p and int(p.split("skip=")[1].split("&")[0]) >= 1000
    )
    assert paths.count(throttled) == 2  # the 429, then the retry


def test_probing_finds_skip_take_and_stdout_is_ndjson(demo, signed_in, monkeypatch, capsys):
    code, raw = run(monkeypatch, ["call", "GET", "/api/v1/admin/users", "--all"])
    assert code == 0
    lines = raw.decode().splitlines()
    assert len(lines) == 2345 and json.loads(lines[-1])["UserId"] == 10_000 + 2344
    err = capsys.readouterr().err
    assert "2,345 rows in 24 pages (skip,take)" in err


def test_page_scheme_capped_bare_list_stops_on_an_empty_page(demo, signed_in, monkeypatch):
    code, raw = run(
        monkeypatch,
        [
            "call",
            "GET",
            "/api/v1/organization",
            "--all",
            "--paging",
            "page,pageSize",
            "--page-size",
            "500",
        ],
    )
    assert code == 0
    ids = [json.loads(line)["id"] for line in raw.decode().splitlines()]
    assert ids == list(range(1, 241))  # capped at 100 a page: a short page is not the end
    assert offsets(demo, "/api/v1/organization")[-1].startswith("/api/v1/organization?page=4")


def test_total_count_stops_without_an_extra_request_and_json_is_one_array(
    demo, signed_in, monkeypatch, tmp_path
):
    target = tmp_path / "users.json"
    assert run(monkeypatch, ["call", "GET", "/api/v1/users", "--all", "-o", str(target)])[0] == 0
    rows = json.loads(target.read_text())
    assert [r["id"] for r in rows] == list(range(3000, 3137))
    # The spec is not cached: probing asked for pages 1, 0 (refused: numbered from 1) and 2,
    # and that was all of it.
    asked = [r.path.split("?")[1] for r in demo.requests_to("/api/v1/users")]
    assert asked == ["page=1&pageSize=100", "page=0&pageSize=100", "page=2&pageSize=100"]


def test_next_links_are_followed(demo, signed_in, monkeypatch):
    code, raw = run(monkeypatch, ["call", "GET", "/api/v1/Certificates", "--all"])
    assert code == 0 and len(raw.decode().splitlines()) == 130


def test_ctrl_c_keeps_the_rows_and_resume_finishes_without_repeats(
    demo, signed_in, monkeypatch, tmp_path, capsys
):
    target = tmp_path / "users.csv"
    argv = [
        "call",
        "GET",
        "/api/v1/admin/users",
        "--all",
        "--paging",
        "skip,take",
        "-o",
        str(target),
    ]
    seen = []

    def interrupt(self, progress):
        seen.append(progress.rows)
        if progress.rows >= 700:
            raise KeyboardInterrupt

    from mct_desktop.commands.run_support import TerminalProgress

    original = TerminalProgress.__call__
    monkeypatch.setattr(TerminalProgress, "__call__", interrupt)
    assert run(monkeypatch, argv)[0] == 130
    err = capsys.readouterr().err
    assert "Interrupted after 600 rows" in err and "--resume" in err
    kept = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"), newline="")))
    assert len(kept) == 600  # the 7th page was read, never written
    monkeypatch.setattr(TerminalProgress, "__call__", original)
    demo.requests.clear()
    assert run(monkeypatch, [*argv, "--resume"])[0] == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"), newline="")))
    assert [int(r["UserId"]) for r in rows] == list(range(10_000, 10_000 + 2345))
    assert offsets(demo)[0] == "/api/v1/admin/users?skip=600&take=100"
    assert not (tmp_path / "users.csv.resume.json").exists()


def test_a_page_that_keeps_failing_stops_the_run_with_its_number(
    demo, signed_in, monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(pager, "DEFAULT_RETRY", pager.Retry(attempts=3, base=0.01))
    demo.data.volume.failing["/api/v1/organization"] = 503
    target = tmp_path / "orgs.ndjson"
    argv = ["call", "GET", "/api/v1/organization", "--all", "--paging", "page,pageSize"]
    assert run(monkeypatch, [*argv, "-o", str(target)])[0] == 1
    err = capsys.readouterr().err
    assert "Page 1 failed 3 times; the last: HTTP 503" in err and "--resume" in err
    assert len(demo.requests_to("/api/v1/organization")) == 3


def test_retry_after_is_honoured(demo, signed_in, monkeypatch):
    demo.data.volume.retry_after = "1"
    started = time.monotonic()
    code, raw = run(
        monkeypatch, ["call", "GET", "/api/v1/admin/users", "--all", "--page-size", "250"]
    )
    assert code == 0 and len(raw.splitlines()) == 2345
    assert time.monotonic() - started >= 1.0


def test_forbidden_and_usage_errors_are_one_line(demo, monkeypatch, capsys, tmp_path):
    pair = parse_callback_location(sign_in_over_http(demo, "learner@contoso.demo"))
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), pair)
    assert run(monkeypatch, ["call", "GET", "/api/v1/admin/users", "--all"])[0] == 1
    assert "Page 1 failed: HTTP 403 Forbidden: Learners may not" in capsys.readouterr().err
    assert run(monkeypatch, ["call", "POST", "/x", "--all"])[0] == 2
    assert run(monkeypatch, ["call", "GET", "/x", "--all", "--paging", "a,b,c"])[0] == 2
    assert run(monkeypatch, ["call", "GET", "/x", "--all", "--resume"])[0] == 2
    assert run(monkeypatch, ["call", "GET", "/x", "--all", "--page-size", "0"])[0] == 2
    out = tmp_path / "x.ndjson"
    out.write_text("{}\n")
    assert run(monkeypatch, ["call", "GET", "/x", "--all", "-o", str(out), "--resume"])[0] == 1
    assert "Nothing to resume" in capsys.readouterr().err


def test_the_token_is_refreshed_during_a_long_run(monkeypatch, tmp_path):
    from mct_desktop.demo import DemoPortal

    with DemoPortal(token_lifetime=31) as short:  # needs a refresh once 1 s has passed
        volume = short.data.volume
        volume.retry_after, volume.slow_seconds = "0", 1.5
        pair = parse_callback_location(sign_in_over_http(short))
        service = PortalService()
        service.store_tokens(service.add_portal(short.url), pair)
        target = tmp_path / "users.ndjson"
        argv = ["call", "GET", "/api/v1/admin/users", "--all", "-o", str(target)]
        assert run(monkeypatch, [*argv, "--paging", "skip,take"])[0] == 0
        assert len(target.read_text().splitlines()) == 2345
        assert short.requests_to("/api/v1/ExternalAuthToken/RefreshToken")
        tokens = {r.headers["Authorization"] for r in short.requests_to("/api/v1/admin/users")}
        assert len(tokens) >= 2  # the first token, then refreshed ones
