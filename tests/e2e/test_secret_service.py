"""The real keyring path: gnome-keyring's Secret Service inside a private D-Bus session."""

import os
import subprocess
import sys

import keyring
import pytest

from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.vault import TokenVault
from mct_desktop.demo import LocationStyle
from tests.e2e.conftest import fill_sign_in_form

pytestmark = [pytest.mark.secret_service, pytest.mark.webengine]


def files_containing(root, *secrets):
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [str(path) for s in secrets if s.encode() in data]
    return found


def test_the_real_backend_is_secret_service():
    assert type(keyring.get_keyring()).__module__ == "keyring.backends.SecretService"
    assert TokenVault().status.persistent


def test_browser_sign_in_lands_in_the_secret_service(qtbot, demo, open_login, isolated_home):
    demo.location_style = LocationStyle.FRAGMENT
    window = open_login(demo.url)
    with qtbot.waitSignal(window.tokens_captured, timeout=30000) as captured:
        window.start()
        fill_sign_in_form(qtbot, window, "learner@contoso.demo")
    pair = captured.args[0]
    service = PortalService()
    portal = service.add_portal(demo.url)
    assert service.store_tokens(portal, pair).persistent
    # A fresh vault (as at the next start) reads the pair back from the Secret Service.
    assert TokenVault().load(portal.key) == pair
    assert keyring.get_password("mct-desktop", f"{portal.key} refresh_token") == pair.refresh_token
    # Off the record by default: nothing of the browser, and no token, reached the disk.
    assert files_containing(isolated_home, pair.access_token, pair.refresh_token) == []
    assert not (isolated_home / "data" / "mct-desktop" / "browser-profiles").exists()
    service.sign_out(portal)
    assert TokenVault().load(portal.key) is None


def run_cli(*args, timeout=90):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "mct_desktop", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def test_cli_login_token_logout_round_trip(demo, isolated_home):
    demo.auto_sign_in = "admin@contoso.demo"
    demo.location_style = LocationStyle.SCHEME
    login = run_cli("login", demo.url, "--idp", "azuread", "--timeout", "60")
    assert login.returncode == 0, login.stderr
    assert login.stdout.startswith(
        f"127.0.0.1:{demo.port}: Ada Admin <admin@contoso.demo>, token expires "
    )
    assert "(in 59 min)" in login.stdout or "(in 1 h)" in login.stdout
    token = run_cli("token")
    assert token.returncode == 0, token.stderr
    access = token.stdout.strip()
    assert demo.account_for_bearer(f"Bearer {access}")[0].email == "admin@contoso.demo"
    assert access not in login.stdout + login.stderr
    refresh = keyring.get_password("mct-desktop", f"{demo.url} refresh_token")
    assert files_containing(isolated_home, access, refresh) == []
    portals = run_cli("portals")
    assert f"* {demo.url}\t-\tAZUREAD\tAda Admin <admin@contoso.demo>, token in" in portals.stdout
    assert run_cli("logout").returncode == 0
    after = run_cli("token")
    assert after.returncode == 1 and after.stdout == ""
    assert "No token is stored" in after.stderr


def test_cli_login_timeout_is_a_clear_failure(demo):
    login = run_cli("login", demo.url, "--timeout", "3")
    assert login.returncode == 1
    assert "Timed out after 3 s" in login.stderr
    assert login.stdout == ""


def test_five_concurrent_token_processes_share_one_refresh(demo, isolated_home):
    from mct_desktop.core.session.callback import parse_callback_location
    from tests.support import sign_in_over_http

    demo.token_lifetime = 20  # expires within the CLI's 60 s margin: every process must refresh
    old = parse_callback_location(sign_in_over_http(demo))
    demo.token_lifetime = 3600
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), old)
    demo.refresh_delay = 0.5  # keep the first refresh on the wire while the others arrive
    env = dict(os.environ)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "mct_desktop", "token"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(5)
    ]
    outputs = [p.communicate(timeout=60) for p in processes]
    assert [p.returncode for p in processes] == [0] * 5, [err for _, err in outputs]
    tokens = {out.strip() for out, _ in outputs}
    assert len(tokens) == 1
    new = tokens.pop()
    assert new != old.access_token
    assert demo.account_for_bearer(f"Bearer {new}")[0] is not None
    assert len(demo.requests_to("/api/v1/ExternalAuthToken/RefreshToken/")) == 1
    # The rotated refresh token is what the keyring holds now.
    stored = keyring.get_password("mct-desktop", f"{demo.url} refresh_token")
    assert stored != old.refresh_token and stored in demo._refresh
