"""The embedded browser recognises a provider's refusal (real QtWebEngine, the demo's pages)."""

import sys

import pytest
import shiboken6
from PySide6.QtCore import QTimer, QUrl

from mct_desktop.cli import main
from mct_desktop.core.session.browser.locate import available_browsers
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.ui import refusal_watch

pytestmark = pytest.mark.webengine


def watch_checks(window):
    checked, refused = [], []
    window.refusals.checked.connect(checked.append)
    window.refusals.refused.connect(refused.append)
    return checked, refused


def demo_text(qtbot, window):
    text = []
    window.page.toPlainText(text.append)
    qtbot.waitUntil(lambda: bool(text), timeout=5000)
    return text[0]


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("google", "Google: \u201cThis browser or app may not be secure\u201d"),
        ("entra", "Microsoft Entra ID requires a compliant device (AADSTS53000)"),
    ],
)
def test_a_refusal_raises_the_bar_with_the_browser_found_here(
    qtbot, open_login, demo, kind, reason, monkeypatch
):
    monkeypatch.setattr(refusal_watch, "available_browsers", lambda: ["edge", "chromium"])
    demo.refuse_embedded = kind
    window = open_login(demo.url)
    checked, refused = watch_checks(window)
    with qtbot.waitSignal(window.refused, timeout=15000) as signal:
        window.start()
    assert signal.args == [reason] and refused == [reason]
    assert checked and all(url.startswith(demo.sign_in_origin) for url in checked)
    assert window.banner.kind == "warning" and window.banner.isVisible()
    assert window.banner.text() == (
        f"Your sign-in provider refuses embedded browsers ({reason}). Sign in with Edge "
        "instead: the app opens it with a separate profile and captures the tokens there."
    )
    assert window.banner.action.text() == "Sign in with Edge"
    with qtbot.waitSignal(window.switch_requested) as switch:
        window.banner.action.click()
    assert switch.args == ["edge"]


def test_without_a_browser_here_the_bar_says_what_to_install_and_offers_the_paste(
    qtbot, open_login, demo, monkeypatch
):
    monkeypatch.setattr(refusal_watch, "available_browsers", lambda: [])
    demo.refuse_embedded = "google"
    window = open_login(demo.url)
    with qtbot.waitSignal(window.refused, timeout=15000):
        window.start()
    text = window.banner.text()
    assert "Install Chrome, Edge, Chromium or Brave" in text
    assert "Paste Location URL instead…" in text
    assert window.banner.action.isHidden()
    assert window.paste_button.isVisible()


def test_the_portals_own_pages_are_never_read_and_a_normal_sign_in_page_is_no_refusal(
    qtbot, open_login, demo
):
    # The same refusal page, served from the portal's own origin: not looked at at all.
    window = open_login(demo.url)
    checked, refused = watch_checks(window)
    with qtbot.waitSignal(window.page.loadFinished, timeout=15000):
        window.view.setUrl(QUrl(f"{demo.url}/v3/signin/rejected"))
    assert "may not be secure" in window.page.title() + demo_text(qtbot, window)
    # Then the ordinary sign-in form on the provider's origin: read, and let be.
    with qtbot.waitSignal(window.refusals.checked, timeout=15000):
        window.start()
    assert refused == [] and not window.banner.isVisible()
    assert checked and all(url.startswith(demo.sign_in_origin) for url in checked)
    assert any("/b2c/authorize" in url for url in checked)


def test_cli_login_prints_the_exact_browser_command(qapp, demo, capsys, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_login installs the GUI's
    demo.refuse_embedded = "entra"
    assert main(["login", demo.url, "--timeout", "6"]) == 1
    err = capsys.readouterr().err
    browser = (available_browsers() or ["chrome"])[0]
    assert (
        "mct-desktop: Your sign-in provider refuses embedded browsers (Microsoft Entra ID "
        "requires a compliant device (AADSTS53000))."
    ) in err
    assert f"mct-desktop login {demo.url} --browser {browser}" in err
    assert "Timed out after 6 s" in err
    assert PortalService().portals == []


def test_a_window_deleted_while_its_text_is_being_read_does_not_crash(qtbot, open_login, demo):
    # The page answers a pending toPlainText with "" from its destructor; reading the page
    # then (its title, say) crashed the process.
    for _ in range(3):
        window = open_login(demo.url)
        deleted = []

        def delete_soon(ok, window=window, deleted=deleted):
            QTimer.singleShot(0, lambda: (shiboken6.delete(window), deleted.append(1)))

        window.page.loadFinished.connect(delete_soon)
        window.start()
        qtbot.waitUntil(lambda deleted=deleted: bool(deleted), timeout=15000)
        qtbot.wait(200)
