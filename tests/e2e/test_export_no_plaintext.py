"""Getting the data out leaves no token on disk: call --all (interrupted and resumed),
export, the proxy (with its debug log) and snippets; then every file is searched."""

import logging

import httpx

from mct_desktop.cli import main
from mct_desktop.core.api.proxy import ApiProxy
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.api.snippets import LANGUAGES, snippet
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.core.support.logs import enable_file_log
from tests.e2e.test_no_plaintext import files_holding
from tests.support import sign_in_over_http


def test_no_token_in_any_file_written(demo, isolated_home, tmp_path, monkeypatch):
    demo.data.volume.retry_after = "0"
    demo.token_lifetime = 31  # may also refresh during the runs: more tokens to look for
    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    portal = service.add_portal(demo.url)
    service.store_tokens(portal, pair)
    out = tmp_path / "out"
    out.mkdir()
    from mct_desktop.commands.run_support import TerminalProgress

    original = TerminalProgress.__call__

    def interrupt(self, progress):
        if progress.rows >= 500:
            raise KeyboardInterrupt

    monkeypatch.setattr(TerminalProgress, "__call__", interrupt)
    argv = ["call", "GET", "/api/v1/admin/users", "--all", "-o", str(out / "users.csv")]
    assert main(argv) == 130
    assert (out / "users.csv.resume.json").exists()
    files = files_holding(tmp_path, demo.issued)  # the state file, mid-run
    monkeypatch.setattr(TerminalProgress, "__call__", original)
    renew = TokenManager(service)
    renew.ensure_fresh(portal, 0, force=True)  # the resumed run starts on a new pair
    assert main([*argv, "--resume"]) == 0
    renew.ensure_fresh(portal, 0, force=True)  # and so does the export
    assert main(["export", str(out / "export")]) == 0
    log_path = enable_file_log(logging.DEBUG)  # after main(), which sets up its own logging
    with ApiProxy(portal, TokenManager(service)) as server:
        assert httpx.get(server.url + "/api/v2/Profile?access_token=x").status_code == 200
    (out / "snippets.txt").write_text(
        "\n".join(snippet(lang, ApiRequest("GET", "/api/v2/Profile"), portal) for lang in LANGUAGES)
    )
    logging.getLogger().handlers[-1].flush()
    assert log_path.exists() and "proxy: GET /api/v2/Profile" in log_path.read_text()
    assert len(demo.issued) >= 6  # the sign-in's pair and two refreshed ones (2 tokens each)
    files += files_holding(tmp_path, demo.issued) + files_holding(isolated_home, demo.issued)
    assert files == []
