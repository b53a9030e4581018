"""Real QtWebEngine against the real demo portal over real HTTP."""

import pytest
import shiboken6

from mct_desktop.core.portal import Portal
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.login_view import LoginWindow

pytestmark = pytest.mark.webengine


@pytest.fixture
def open_login(qtbot):
    """Opens LoginWindows; deletes them before their profiles (Chromium needs that order)."""
    profiles = BrowserProfiles()
    windows = []

    def open_(url: str, **portal_options) -> LoginWindow:
        portal = Portal(url, **portal_options)
        window = LoginWindow(portal, profiles.profile_for(portal))
        windows.append(window)
        window.show()
        return window

    yield open_
    for window in windows:
        if shiboken6.isValid(window):
            shiboken6.delete(window)
    profiles.dispose()


def fill_sign_in_form(qtbot, window, email="admin@contoso.demo", password="demo"):
    """Wait for the B2C-like form, type the credentials and submit, as a user would."""
    # Not waitSignal(loadFinished): the page may have finished before the wait began.
    qtbot.waitUntil(
        lambda: "/b2c/authorize" in window.page.url().toString() and not window.page.isLoading(),
        timeout=15000,
    )
    script = (
        f"document.getElementById('email').value = {email!r};"
        f"document.getElementById('password').value = {password!r};"
        "document.getElementById('next').click();"
    )
    window.page.runJavaScript(script)
