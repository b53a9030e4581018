"""`mct-desktop token` and `login` (service) against the demo portal, in-process."""

import io
import json
import re

import keyring

from mct_desktop.cli import main
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import AuthProtocolError
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.demo.accounts import (
    SERVICE_API_URI,
    SERVICE_CLIENT_ID,
    SERVICE_CLIENT_SECRET,
    TENANT_ID,
)
from tests.support import REFRESH_PATH, WriteLockedKeyring, demo_tokens, sign_in_and_store


def signed_in(demo, lifetime):
    """The tokens stored for the demo portal; the access token lives `lifetime` seconds."""
    return sign_in_and_store(demo, lifetime=lifetime)[2]


def test_token_refreshes_when_expiring_within_a_minute(demo, capsys):
    old = signed_in(demo, lifetime=45)
    assert main(["token"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed != old.access_token
    assert demo.account_for_bearer(f"Bearer {printed}")[0] is not None
    assert len(demo.requests_to(REFRESH_PATH)) == 1
    assert main(["token"]) == 0
    assert capsys.readouterr().out.strip() == printed
    assert len(demo.requests_to(REFRESH_PATH)) == 1


def test_token_with_time_left_is_not_refreshed_unless_forced(demo, capsys):
    old = signed_in(demo, lifetime=600)
    assert main(["token"]) == 0
    assert capsys.readouterr().out.strip() == old.access_token
    assert main(["token", "--refresh"]) == 0
    assert capsys.readouterr().out.strip() != old.access_token
    assert len(demo.requests_to(REFRESH_PATH)) == 1


def test_token_json(demo, capsys):
    pair = signed_in(demo, lifetime=600)
    assert main(["token", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["access_token"] == pair.access_token
    assert data["refresh_token_present"] is True
    assert data["user"] == "Ada Admin <admin@contoso.demo>"
    assert 590 <= data["expires_in_seconds"] <= 600
    assert data["auth_method"] == "user" and "refresh_token" not in data


def test_revoked_refresh_token_names_login(demo, capsys):
    signed_in(demo, lifetime=-10)
    demo.revoke_refresh_tokens()
    assert main(["token"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    # 10 s, or a little more when the machine is slow between the sign-in and the command.
    assert re.search(r"The access token expired 1\d s ago", captured.err), captured.err
    assert "refused the refresh token (HTTP 400" in captured.err
    assert f"Run: mct-desktop login {demo.url}" in captured.err


def test_network_failure_prints_a_still_valid_token_with_a_warning(demo, capsys):
    pair = signed_in(demo, lifetime=40)
    demo.stop()
    assert main(["token"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == pair.access_token
    assert "warning: Could not refresh the token" in captured.err
    assert PortalService().tokens(PortalService().find(None)) == pair


def test_service_login_reads_the_secret_from_stdin(demo, capsys, monkeypatch, memory_keyring):
    monkeypatch.setattr("sys.stdin", io.StringIO(SERVICE_CLIENT_SECRET + "\n"))
    code = main(
        [
            "login",
            demo.url,
            "--client-id",
            SERVICE_CLIENT_ID,
            "--tenant",
            TENANT_ID,
            "--api-uri",
            SERVICE_API_URI,
            "--authority",
            demo.url,
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.startswith(f"127.0.0.1:{demo.port}: service principal {SERVICE_CLIENT_ID}")
    assert (
        memory_keyring.entries[("mct-desktop", f"{demo.url} client_secret")]
        == SERVICE_CLIENT_SECRET
    )
    assert main(["token", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["auth_method"] == "service" and data["refresh_token_present"] is False


def test_service_login_with_a_wrong_secret_saves_nothing(demo, capsys, monkeypatch, memory_keyring):
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong\n"))
    code = main(
        [
            "login",
            demo.url,
            "--client-id",
            SERVICE_CLIENT_ID,
            "--tenant",
            TENANT_ID,
            "--api-uri",
            SERVICE_API_URI,
            "--authority",
            demo.url,
        ]
    )
    assert code == 1
    assert "Invalid client secret" in capsys.readouterr().err
    assert memory_keyring.entries == {}
    assert PortalService().portals == []  # not even the address: nothing signed in


def test_service_login_needs_every_field_and_a_secret(demo, capsys, monkeypatch):
    assert main(["login", demo.url, "--client-id", "x"]) == 2
    assert "also needs --tenant, --api-uri" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["login", demo.url, "--client-id", "x", "--tenant", "t", "--api-uri", "u"]) == 2
    assert "No client secret given" in capsys.readouterr().err
    assert (
        main(
            [
                "login",
                demo.url,
                "--client-id",
                "x",
                "--tenant",
                "t",
                "--api-uri",
                "u",
                "--authority",
                "http://login.example",
            ]
        )
        == 2
    )
    assert "Authority: http://login.example is not allowed" in capsys.readouterr().err


def test_a_refresh_that_cannot_be_saved_says_the_session_ends(demo, capsys):
    backend = WriteLockedKeyring()
    keyring.set_keyring(backend)
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), demo_tokens(demo, lifetime=20))
    backend.locked = True
    assert main(["token"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip()  # the new token, usable for this command
    assert "could not be saved to the keychain" in captured.err
    assert "you must sign in again" in captured.err


def test_unreadable_refresh_answers_are_one_line_errors(demo, capsys, monkeypatch):
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), demo_tokens(demo, lifetime=20))

    def broken(self, portal, min_validity, *, force=False):
        raise AuthProtocolError("The refresh response was not JSON (text/html, 120 bytes).")

    monkeypatch.setattr(TokenManager, "ensure_fresh", broken)
    assert main(["token"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mct-desktop: The refresh response was not JSON")
    assert "Traceback" not in err and "mct-desktop login" in err
