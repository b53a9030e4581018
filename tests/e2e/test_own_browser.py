"""Sign in with the user's own browser: a real, headed Chromium against the demo portal."""

from __future__ import annotations

import _thread
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from mct_desktop.cli import main
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.browser.launch import kept_profile_dir
from mct_desktop.core.session.browser.locate import BrowserSignInError
from mct_desktop.core.session.browser.runner import sign_in_with_browser
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.tokens import TokenPair
from mct_desktop.demo import LocationStyle
from tests.e2e.browser_support import (
    Tab,
    assert_no_browser_left,
    processes_under,
    require_chromium,
    run_in_thread,
    wait_for_port_file,
)

pytestmark = pytest.mark.browser
CAPTURING_STYLES = [s for s in LocationStyle if s is not LocationStyle.NONE]


@pytest.fixture
def tmp(tmp_path, monkeypatch, isolated_home):
    """Temporary profiles land here, so a test can find and check them; none may outlive it.

    A short path: Chromium puts its singleton socket under TMPDIR, and a Unix socket's path
    must stay under 108 bytes (pytest's tmp_path is too deep; Chromium then dies at start).
    """
    require_chromium()
    tmp = Path(tempfile.mkdtemp(prefix="mct-t-"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.setenv("TMPDIR", str(tmp))
    yield tmp
    try:
        assert_no_browser_left(tmp)
        assert_no_browser_left(isolated_home)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def sign_in(portal: Portal, **options) -> TokenPair:
    options.setdefault("timeout", 20)
    options.setdefault("linger", 0)
    return sign_in_with_browser(portal, "chromium", **options)


def assert_issued_by(demo, pair: TokenPair) -> None:
    """The pair is exactly what the portal issued (`+`, `/`, `=` included), not a forgery."""
    assert pair.refresh_token in demo._refresh
    assert demo.account_for_bearer(f"Bearer {pair.access_token}")[0].name == "Ada Admin"


@pytest.mark.parametrize("style", CAPTURING_STYLES)
def test_every_location_style_is_captured(demo, tmp, style):
    demo.location_style = style
    demo.auto_sign_in = "admin@contoso.demo"
    statuses: list[str] = []
    pair = sign_in(Portal(demo.url), on_status=statuses.append)
    assert_issued_by(demo, pair)
    assert statuses[-1] == "Signed in; closing the browser."


def test_a_callback_without_tokens_fails_with_the_portals_error(demo, tmp):
    demo.location_style = LocationStyle.NONE
    demo.auto_sign_in = "admin@contoso.demo"
    with pytest.raises(BrowserSignInError, match="carried no access token") as caught:
        sign_in(Portal(demo.url))
    assert "error=server_error" in str(caught.value)


def test_the_form_signs_in_and_tokens_from_another_origin_are_ignored(demo, tmp, caplog):
    running = run_in_thread(lambda: sign_in(Portal(demo.url)))
    port, path, _profile = wait_for_port_file(tmp)
    tab = Tab.attach(port, path)
    try:
        tab.wait_until("location.pathname === '/b2c/authorize'")
        # A page on the sign-in origin pushes a token URL at the portal: not the Callback.
        tab.navigate(f"{demo.sign_in_origin}/b2c/foreign-redirect")
        tab.wait_until("location.pathname === '/Home/SignedIn'")
        assert running.thread.is_alive(), "a foreign token URL ended the sign-in"
        tab.navigate(Portal(demo.url).login_url)
        tab.fill_sign_in_form()
    finally:
        tab.close()
    pair = running.outcome()
    assert isinstance(pair, TokenPair), pair
    assert_issued_by(demo, pair)
    assert "forged" not in pair.access_token
    assert "Ignored a token-bearing address because it was a redirect from " in caplog.text
    assert "forged.by.another" not in caplog.text


def test_a_browser_killed_mid_sign_in_ends_it_with_a_clear_message(demo, tmp):
    running = run_in_thread(lambda: sign_in(Portal(demo.url)))
    port, path, profile = wait_for_port_file(tmp)
    tab = Tab.attach(port, path)
    tab.wait_until("location.pathname === '/b2c/authorize'")  # mid-sign-in: the form is up
    tab.close()
    main_process = next(
        line for line in processes_under(profile) if "--type=" not in line.split(":", 1)[1]
    )
    os.kill(int(main_process.split(":", 1)[0]), signal.SIGKILL)
    error = running.outcome()
    assert isinstance(error, BrowserSignInError)
    assert str(error) == "The browser was closed before the sign-in finished."


def test_the_user_closing_the_browser_ends_the_sign_in(demo, tmp):
    running = run_in_thread(lambda: sign_in(Portal(demo.url)))
    port, path, _profile = wait_for_port_file(tmp)
    tab = Tab.attach(port, path)
    tab.wait_until("location.pathname === '/b2c/authorize'")
    tab.connection.notify("Browser.close")  # what closing the last window does
    tab.close()
    error = running.outcome()
    assert isinstance(error, BrowserSignInError) and "closed before" in str(error)


def test_a_timeout_closes_the_browser_and_its_devtools_port(demo, tmp):
    running = run_in_thread(lambda: sign_in(Portal(demo.url), timeout=1.5))
    port, _path, _profile = wait_for_port_file(tmp)
    error = running.outcome()
    assert isinstance(error, BrowserSignInError)
    assert str(error) == "Timed out after 1.5 s waiting for the sign-in to finish."
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_a_cancel_ends_the_sign_in(demo, tmp):
    cancel = threading.Event()
    running = run_in_thread(lambda: sign_in(Portal(demo.url), cancel=cancel))
    wait_for_port_file(tmp)
    cancel.set()
    error = running.outcome()
    assert isinstance(error, BrowserSignInError) and str(error) == "The sign-in was cancelled."


def test_ctrl_c_closes_the_browser(demo, tmp):
    def interrupt_once_started() -> None:
        wait_for_port_file(tmp)
        _thread.interrupt_main()

    # interrupt_main() does nothing unless Python handles SIGINT, as it does in the CLI;
    # a QApplication made by an earlier test in this process may have left it otherwise.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        threading.Thread(target=interrupt_once_started, daemon=True).start()
        with pytest.raises(KeyboardInterrupt):
            sign_in(Portal(demo.url))
    finally:
        signal.signal(signal.SIGINT, previous)


def test_a_kept_profile_keeps_no_token_and_no_cached_callback(demo, tmp):
    demo.auto_sign_in = "admin@contoso.demo"
    portal = Portal(demo.url, persistent_browser_profile=True)
    pair = sign_in(portal, linger=0.3)
    assert_issued_by(demo, pair)
    kept = kept_profile_dir(portal.key)
    assert (kept / "Local State").is_file(), "the kept profile was not used"
    secrets = [pair.access_token.encode(), pair.access_token.split(".")[2].encode()]
    assert pair.refresh_token
    secrets.append(pair.refresh_token.encode())
    holding = [
        str(f) for f in kept.rglob("*") if f.is_file() and any(s in f.read_bytes() for s in secrets)
    ]
    assert not holding, f"the kept profile holds a token: {holding}"
    assert not (kept / "DevToolsActivePort").exists()


def run_cli(*args: str, timeout: float = 60) -> subprocess.Popen[str]:
    check_qt = (
        "import sys; from mct_desktop.cli import main; code = main(sys.argv[1:]); "
        "print('Qt imported' if any(m.startswith('PySide6') for m in sys.modules) else ''); "
        "sys.exit(code)"
    )
    return subprocess.Popen(
        [sys.executable, "-c", check_qt, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.secret_service  # `login` keeps tokens in a real keychain only
def test_cli_login_with_chromium_stores_the_tokens_without_qt_and_remembers_it(demo, tmp, capsys):
    demo.auto_sign_in = "admin@contoso.demo"
    cli = run_cli("login", demo.url, "--browser", "chromium", "--timeout", "20")
    out, err = cli.communicate(timeout=60)
    assert cli.returncode == 0, err
    assert out.startswith(f"127.0.0.1:{demo.port}: Ada Admin <admin@contoso.demo>, token expires")
    assert "Qt imported" not in out
    assert PortalService().find(demo.url).sign_in_browser == "chromium"
    # The next login without --browser uses the remembered one (here in-process).
    capsys.readouterr()
    assert main(["login", demo.url, "--timeout", "20"]) == 0
    assert "Starting chromium" in capsys.readouterr().err
    assert_issued_by(demo, PortalService().tokens(PortalService().find(demo.url)))  # type: ignore[arg-type]


@pytest.mark.secret_service  # without a keychain, `login` stops before any browser starts
def test_cli_sigterm_closes_the_browser_first(demo, tmp):
    cli = run_cli("login", demo.url, "--browser", "chromium", "--timeout", "30")
    wait_for_port_file(tmp)
    cli.send_signal(signal.SIGTERM)
    _out, _err = cli.communicate(timeout=30)
    assert cli.returncode == 128 + signal.SIGTERM


def test_cli_names_the_places_searched_for_a_missing_browser(capsys, monkeypatch):
    monkeypatch.setenv("PATH", "")
    assert main(["login", "https://contoso.example", "--browser", "edge"]) == 1
    err = capsys.readouterr().err
    assert "edge is not installed here (searched: microsoft-edge on PATH" in err
    assert "--browser /path/to/chrome" in err
