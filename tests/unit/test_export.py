"""`mct-desktop export DIR` against the demo portal."""

import csv
import io
import json
import zipfile

import pytest

from mct_desktop.cli import main
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


def test_everything_with_a_manifest_and_reports_byte_for_byte(demo, signed_in, tmp_path, capsys):
    out = tmp_path / "export"
    assert main(["export", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] is True and manifest["portal"] == demo.url
    sets = manifest["datasets"]
    assert sets["users"]["rows"] == 2345 and sets["users"]["source"] == "/api/v1/admin/users"
    assert sets["organizations"]["rows"] == 240 and sets["certificates"]["rows"] == 130
    assert sets["courses"]["rows"] == 12 and sets["groups"]["rows"] == 3
    assert all(e["error"] is None and e["start"] and e["end"] for e in sets.values())
    lines = (out / "users.ndjson").read_text().splitlines()
    assert len({json.loads(line)["UserId"] for line in lines}) == 2345
    report = (out / "users-report.csv").read_bytes()
    assert report == demo.data.volume.users_csv() and report.startswith(b"\xef\xbb\xbf")
    assert sets["users-report"]["bytes"] == len(report)
    with zipfile.ZipFile(out / "users-report-zip.zip") as archive:
        assert archive.namelist() == ["Users.csv"]
    assert "[10/10] users-report-zip: done" in capsys.readouterr().err


def test_a_failing_dataset_is_recorded_and_the_export_goes_on(demo, signed_in, tmp_path, capsys):
    demo.data.volume.missing.add("/api/v1/certificates")
    out = tmp_path / "export"
    assert (
        main(["export", str(out), "--only", "certificates,organizations", "--format", "csv"]) == 1
    )
    sets = json.loads((out / "manifest.json").read_text())["datasets"]
    assert "HTTP 404" in sets["certificates"]["error"]
    assert sets["organizations"]["error"] is None
    rows = list(csv.DictReader(io.StringIO((out / "organizations.csv").read_text("utf-8-sig"))))
    assert len(rows) == 240
    assert "1 of 2 datasets failed (certificates)" in capsys.readouterr().err
    # Resuming retries only what failed.
    demo.data.volume.missing.clear()
    demo.requests.clear()
    assert main(["export", str(out), "--resume"]) == 0
    assert not demo.requests_to("/api/v1/organization")
    assert (
        json.loads((out / "manifest.json").read_text())["datasets"]["certificates"]["rows"] == 130
    )


def test_interrupted_export_resumes_the_list_where_it_stopped(
    demo, signed_in, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "export"
    from mct_desktop.core.api import export as core_export

    calls = {"n": 0}
    original = core_export.Export._report

    def interrupt(self, event):
        if event.dataset == "users" and event.rows >= 500:
            calls["n"] += 1
            raise KeyboardInterrupt
        original(self, event)

    monkeypatch.setattr(core_export.Export, "_report", interrupt)
    assert main(["export", str(out), "--only", "users"]) == 130
    assert "--resume" in capsys.readouterr().err
    monkeypatch.setattr(core_export.Export, "_report", original)
    demo.requests.clear()
    assert main(["export", str(out), "--only", "users", "--resume"]) == 0
    ids = [json.loads(line)["UserId"] for line in (out / "users.ndjson").read_text().splitlines()]
    assert ids == list(range(10_000, 12_345))
    assert demo.requests_to("/api/v1/admin/users")[0].path.startswith(
        "/api/v1/admin/users?skip=400"
    )


def test_usage_errors(demo, signed_in, tmp_path, capsys):
    assert main(["export", str(tmp_path), "--only", "nope"]) == 2
    assert "Unknown dataset 'nope'" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "a"), "--only", "groups"]) == 0
    assert main(["export", str(tmp_path / "a"), "--only", "groups"]) == 2
    assert "holds an export already" in capsys.readouterr().err
