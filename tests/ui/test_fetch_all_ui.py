"""Issue 14 in the app: Fetch all pages from the console, over real HTTP to the demo portal."""

import csv
import io
import json

import pytest
from PySide6.QtCore import Qt

from mct_desktop.cli import main
from mct_desktop.core.api import pager
from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.ui.clipboard import SecretClipboard
from mct_desktop.ui.console.console import ApiConsole
from mct_desktop.ui.console.fetch_all_action import FetchAllAction, proposed_name
from tests.support import sign_in_over_http

USERS = "/api/v1/admin/users"


@pytest.fixture
def console(qtbot, demo):
    demo.data.volume.retry_after = "0"
    service = PortalService()
    service.store_tokens(
        service.add_portal(demo.url), parse_callback_location(sign_in_over_http(demo))
    )
    widget = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.shutdown()


@pytest.fixture
def fetcher(console):
    action = FetchAllAction(console)
    yield action
    action.shutdown()
    for dialog in action.dialogs:
        dialog.close()


def run_to_end(qtbot, fetcher, output, **kwargs):
    fetcher.start(output, **kwargs)
    dialog = fetcher.dialogs[-1]
    qtbot.waitUntil(
        lambda: not dialog.run.running and dialog.close_button.isVisible(), timeout=30000
    )
    return dialog


def user_ids(path):
    rows = csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline=""))
    return [int(r["UserId"]) for r in rows]


def test_every_row_exactly_once_into_csv_with_the_429_wait_shown(
    qtbot, console, fetcher, demo, tmp_path
):
    demo.data.volume.retry_after = "1"
    console.editor.load(ApiRequest("GET", USERS))
    waits = []
    output = tmp_path / "users.csv"
    fetcher.start(output, resume=False)
    dialog = fetcher.dialogs[-1]
    dialog.run.progress.connect(
        lambda p: waits.append(dialog.waiting.text()) if p.waiting else None
    )
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=30000)
    assert user_ids(output) == list(range(10_000, 12_345))
    assert dialog.outcome.rows == 2345
    assert (
        "2,345 rows" in dialog.outcome_label.text() and str(output) in dialog.outcome_label.text()
    )
    assert any("Waiting 1 s before retrying" in w and "HTTP 429" in w for w in waits)
    assert dialog.open_folder.isVisible() and not dialog.resume.isVisible()
    assert not (tmp_path / "users.csv.resume.json").exists()


def test_cancel_keeps_the_rows_and_resume_finishes_without_repeats(
    qtbot, console, fetcher, demo, tmp_path
):
    console.editor.load(ApiRequest("GET", USERS))
    output = tmp_path / "users.ndjson"
    fetcher.start(output, resume=False)
    dialog = fetcher.dialogs[-1]

    def cancel(progress):  # on the worker thread: the run stops before its next page
        if progress.rows >= 300:
            dialog.run.cancel()

    dialog.run.progress.connect(cancel, Qt.ConnectionType.DirectConnection)
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=30000)
    kept = [json.loads(line)["UserId"] for line in output.read_text().splitlines()]
    assert 300 <= len(kept) < 2345 and kept == list(range(10_000, 10_000 + len(kept)))
    assert "Cancelled after" in dialog.outcome_label.text() and dialog.resume.isVisible()
    # The counts stay and the bar stops moving (not "Cancelling…" over a busy bar).
    assert dialog.status.text().startswith(f"{len(kept):,} rows") and dialog.bar.maximum() == 1
    dialog.run.progress.disconnect(cancel)
    demo.requests.clear()
    with qtbot.waitSignal(dialog.run.finished, timeout=30000):
        dialog.resume.click()
    ids = [json.loads(line)["UserId"] for line in output.read_text().splitlines()]
    assert ids == list(range(10_000, 12_345))
    assert f"skip={len(kept)}" in demo.requests_to(USERS)[0].path


def test_the_app_and_the_cli_share_the_resume_state(qtbot, console, fetcher, tmp_path, monkeypatch):
    console.editor.load(ApiRequest("GET", USERS))
    output = tmp_path / "users.csv"
    fetcher.start(output, resume=False)
    dialog = fetcher.dialogs[-1]
    dialog.run.progress.connect(
        lambda p: dialog.run.cancel() if p.rows >= 200 else None, Qt.ConnectionType.DirectConnection
    )
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=30000)
    state = (tmp_path / "users.csv.resume.json").read_text()
    assert console.service.tokens(console.portal).access_token not in state
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert main(["call", "GET", USERS, "--all", "-o", str(output), "--resume"]) == 0
    assert user_ids(output) == list(range(10_000, 12_345))


def test_a_page_that_keeps_failing_stops_with_its_number(
    qtbot, console, fetcher, demo, tmp_path, monkeypatch
):
    monkeypatch.setattr(pager, "DEFAULT_RETRY", pager.Retry(attempts=3, base=0.01))
    demo.data.volume.failing["/api/v1/organization"] = 503
    console.editor.load(ApiRequest("GET", "/api/v1/organization"))
    dialog = run_to_end(qtbot, fetcher, tmp_path / "orgs.json", resume=False)
    assert "Page 1 failed 3 times; the last: HTTP 503" in dialog.outcome_label.text()


def test_only_get_lists_of_the_portal_are_fetched(qtbot, console, fetcher, tmp_path):
    console.editor.load(ApiRequest("POST", USERS))
    assert not console.editor.fetch_all.isEnabled()
    fetcher.start(tmp_path / "x.csv", resume=False)
    assert "GET and no body" in console.messages.text() and not fetcher.dialogs
    console.editor.load(ApiRequest("GET", "https://elsewhere.example/api"))
    assert console.editor.fetch_all.isEnabled()
    fetcher.start(tmp_path / "x.csv", resume=False)
    assert "is not." in console.messages.text() and not fetcher.dialogs


def test_the_proposed_file_name_is_the_list_name():
    assert proposed_name(ApiRequest("GET", "/api/v1/admin/users?x=1")) == "users.csv"
    assert proposed_name(ApiRequest("GET", "/")) == "rows.csv"


def test_the_token_is_refreshed_during_a_long_run(qtbot, tmp_path):
    from mct_desktop.demo import DemoPortal

    with DemoPortal(token_lifetime=31) as short:  # needs a refresh once 1 s has passed
        short.data.volume.retry_after, short.data.volume.slow_seconds = "0", 1.5
        service = PortalService()
        service.store_tokens(
            service.add_portal(short.url), parse_callback_location(sign_in_over_http(short))
        )
        widget = ApiConsole(service, TokenManager(service), RequestStore(), SecretClipboard())
        qtbot.addWidget(widget)
        fetcher = FetchAllAction(widget)
        widget.editor.load(ApiRequest("GET", USERS))
        output = tmp_path / "users.ndjson"
        dialog = run_to_end(qtbot, fetcher, output, resume=False)
        assert dialog.outcome is not None and dialog.outcome.rows == 2345
        assert len(output.read_text().splitlines()) == 2345
        assert short.requests_to("/api/v1/ExternalAuthToken/RefreshToken")
        tokens = {r.headers["Authorization"] for r in short.requests_to(USERS)}
        assert len(tokens) >= 2  # the first token, then refreshed ones
        dialog.close()
        widget.shutdown()
