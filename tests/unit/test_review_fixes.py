"""Regressions found in review: lost refreshes, sign-out races, odd specs and charsets."""

import threading
import time

import keyring.errors
import pytest

from mct_desktop.cli import main
from mct_desktop.core.api.response import ApiResponse
from mct_desktop.core.catalog.openapi import load_catalog
from mct_desktop.core.catalog.schema_example import example
from mct_desktop.core.portal import ServiceAuth
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import AuthProtocolError, RetryPolicy, TokenClient
from mct_desktop.core.session.token_manager import NotSignedIn, TokenManager
from mct_desktop.core.session.vault import TokenVault
from tests.support import MemoryKeyring, sign_in_over_http


class WriteLockedKeyring(MemoryKeyring):
    """Reads work; the next writes hit a keychain that was locked meanwhile."""

    locked = False

    def set_password(self, service, username, password):
        if self.locked:
            raise keyring.errors.KeyringLocked("Failed to unlock the collection!")
        super().set_password(service, username, password)


def signed_in(demo, lifetime=20):
    demo.token_lifetime = lifetime
    pair = parse_callback_location(sign_in_over_http(demo))
    demo.token_lifetime = 3600
    return pair


def test_a_refresh_that_cannot_be_saved_says_the_session_ends(demo, capsys):
    backend = WriteLockedKeyring()
    keyring.set_keyring(backend)
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), signed_in(demo))
    backend.locked = True
    assert main(["token"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip()  # the new token, usable for this command
    assert "could not be saved to the keychain" in captured.err
    assert "you must sign in again" in captured.err


def test_sign_out_during_a_refresh_wins(demo):
    service = PortalService()
    portal = service.add_portal(demo.url)
    service.store_tokens(portal, signed_in(demo))
    demo.refresh_delay = 0.5
    manager = TokenManager(service, lambda: TokenClient(retry=RetryPolicy(attempts=1)))
    errors = []
    worker = threading.Thread(target=lambda: _catch(errors, manager, portal))
    worker.start()
    time.sleep(0.2)
    service.sign_out(portal)
    worker.join()
    assert isinstance(errors[0], NotSignedIn)
    assert PortalService().tokens(portal) is None


def _catch(errors, manager, portal):
    try:
        manager.ensure_fresh(portal, 300)
    except Exception as exc:
        errors.append(exc)


def test_unreadable_refresh_answers_are_one_line_errors(demo, capsys, monkeypatch):
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), signed_in(demo))

    def broken(self, portal, min_validity, *, force=False):
        raise AuthProtocolError("The refresh response was not JSON (text/html, 120 bytes).")

    monkeypatch.setattr(TokenManager, "ensure_fresh", broken)
    assert main(["token"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mct-desktop: The refresh response was not JSON")
    assert "Traceback" not in err and "mct-desktop login" in err


def test_background_jobs_run_side_by_side(qapp):
    from mct_desktop.ui.background import run_in_background

    started, release = [], threading.Event()

    def job():
        started.append(1)
        release.wait(5)

    for _ in range(4):
        run_in_background(job, lambda _r: None, lambda _e: None, qapp)
    deadline = time.monotonic() + 3
    while len(started) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    assert len(started) == 4


def test_unknown_charset_falls_back_to_utf8():
    response = ApiResponse(
        200, "OK", "u", [("Content-Type", "text/plain; charset=utf8x")], 0.0, 3, body="été".encode()
    )
    assert response.text() == "été"


def test_hostile_schemas_stay_bounded():
    schemas = {
        f"S{i}": {
            "type": "object",
            "properties": {
                "a": {"$ref": f"#/components/schemas/S{i + 1}"},
                "b": {"$ref": f"#/components/schemas/S{i + 1}"},
            },
        }
        for i in range(30)
    }
    schemas["S30"] = {"type": "integer", "minimum": "abc"}
    document = {
        "openapi": "3.0.0",
        "components": {"schemas": schemas},
        "paths": {
            "/x": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/S0"}}
                        }
                    }
                }
            }
        },
    }
    operation = load_catalog(document).operations[0]
    started = time.perf_counter()
    schema = operation.body_schema
    example(schema)
    assert time.perf_counter() - started < 2
    assert "too large to show" in str(schema)
    assert example({"type": "number", "minimum": None}) == 0.0
    assert example({"type": "integer", "minimum": [1]}) == 0


def test_user_sign_in_turns_a_service_profile_back(memory_keyring):
    service = PortalService(vault=TokenVault(memory_keyring))
    portal = service.set_service_auth(
        service.add_portal("a.example"), ServiceAuth("t", "c", "api://x"), "s3cret"
    )
    back = service.use_user_sign_in(portal)
    assert back.service is None and PortalService().find(None).service is None
    assert memory_keyring.entries == {}


@pytest.mark.parametrize(
    "argv",
    [
        ["portals", "list", "--version"],
        ["portals", "add", "--version"],
        ["portals", "remove", "--version"],
        ["call", "--version"],
        ["endpoints", "--version"],
    ],
)
def test_version_on_every_subcommand(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith("mct-desktop ")
