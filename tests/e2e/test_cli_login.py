"""`mct-desktop login PORTAL`: the real sign-in window against the demo portal, in-process."""

import sys

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from mct_desktop.cli import main
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.demo import LocationStyle
from mct_desktop.ui.login_view import LoginWindow
from tests.support import LockedKeyring

pytestmark = pytest.mark.webengine


@pytest.fixture(autouse=True)
def app_hooks(qapp, monkeypatch):
    """run_login installs the GUI's error dialog as excepthook: put pytest's back after."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


def test_login_saves_a_new_portal_once_signed_in(demo, capsys, memory_keyring):
    demo.auto_sign_in = "admin@contoso.demo"
    assert main(["login", demo.url, "--name", "Demo", "--timeout", "30"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Demo: Ada Admin <admin@contoso.demo>, token expires ")
    service = PortalService()
    assert [p.name for p in service.portals] == ["Demo"] and service.active.key == demo.url
    pair = service.tokens(service.active)
    assert memory_keyring.entries[("mct-desktop", f"{demo.url} access_token")] == pair.access_token


def test_login_without_a_keychain_says_so_and_fails(demo, capsys):
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the memory_keyring fixture restores
    demo.auto_sign_in = "admin@contoso.demo"
    assert main(["login", demo.url, "--timeout", "30"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("mct-desktop: Not signed in: `mct-desktop login` keeps tokens")
    assert "No system keychain was found" in captured.err
    assert PortalService().portals == []
    assert not demo.requests_to("/ExternalAuthentication/Login")  # no window was opened


def test_login_whose_keychain_refuses_the_tokens_fails_plainly(demo, capsys):
    keyring.set_keyring(LockedKeyring())  # usable at first sight, refuses to store
    demo.auto_sign_in = "admin@contoso.demo"
    assert main(["login", demo.url, "--timeout", "30"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # no "signed in" line
    assert "The keychain is locked" in captured.err
    assert "its tokens could not be kept and are gone now that this command ends" in captured.err


def test_a_timed_out_sign_in_saves_no_address(demo, capsys):
    assert main(["login", demo.url, "--timeout", "2"]) == 1
    assert "Timed out after 2 s" in capsys.readouterr().err
    assert PortalService().portals == []
    assert not QApplication.topLevelWidgets() or not any(
        isinstance(w, LoginWindow) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_a_failed_sign_in_leaves_an_existing_portal_and_the_active_one_alone(demo, capsys):
    service = PortalService()
    service.add_portal(demo.url, "Demo")
    service.add_portal("other.example", "Other")  # active
    demo.location_style = LocationStyle.NONE  # the Callback carries no tokens
    demo.auto_sign_in = "admin@contoso.demo"
    assert main(["login", "Demo", "--name", "Renamed", "--idp", "PHONE", "--timeout", "3"]) == 1
    err = capsys.readouterr().err
    assert "no access token" in err and "Timed out after 3 s" in err
    after = PortalService()
    assert [p.name for p in after.portals] == ["Demo", "Other"]
    assert after.find("Demo").identity_provider.value == "EMAIL"
    assert after.active.name == "Other"


def test_closing_the_sign_in_window_saves_nothing(demo, capsys):
    def close_the_window():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginWindow)]
        if windows and demo.requests_to("/b2c/authorize"):
            windows[0].close()
        else:
            QTimer.singleShot(50, close_the_window)

    QTimer.singleShot(50, close_the_window)
    assert main(["login", demo.url, "--timeout", "30"]) == 1
    err = capsys.readouterr().err
    assert "The sign-in window was closed before the tokens arrived." in err
    assert PortalService().portals == []
