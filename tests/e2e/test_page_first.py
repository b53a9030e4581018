"""A sign-in started at once loads its page before the console is built (issue 15)."""

import shiboken6
from PySide6.QtWidgets import QWidget

from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.main_window import MainWindow
from mct_desktop.ui.page_first import PageFirst


def _window(demo):
    service = PortalService()
    service.add_portal(demo.url, "Demo")
    profiles = BrowserProfiles()
    return MainWindow(service, profiles), profiles


def test_the_console_waits_for_the_sign_in_page(qtbot, demo):
    window, profiles = _window(demo)
    try:
        window.show()
        window.start_sign_in()  # before the first paint, as `mct-desktop` then Sign in
        page = window.sign_in.window.page
        built_when_loaded = []
        page.loadFinished.connect(lambda _ok: built_when_loaded.append(window.is_ready))
        qtbot.waitUntil(lambda: bool(built_when_loaded), timeout=30000)
        # The GUI thread is Chromium's too: the console was not built while the page loaded.
        assert built_when_loaded[0] is False and not hasattr(window, "console")
        qtbot.waitUntil(lambda: window.is_ready, timeout=5000)  # built right after
        assert window.console_page.layout().indexOf(window.console) == 0
    finally:
        window.sign_in.cancel()
        shiboken6.delete(window)
        profiles.dispose()


def test_a_sign_in_faster_than_the_console_shows_the_tokens_then_the_console(qtbot, demo):
    demo.auto_sign_in = "admin@contoso.demo"
    window, profiles = _window(demo)
    try:
        window.show()
        window.start_sign_in()
        qtbot.waitUntil(lambda: window.tokens.user.text().startswith("Ada"), timeout=30000)
        qtbot.waitUntil(lambda: window.is_ready, timeout=5000)
        assert window.tabs.currentWidget() is window.console_page
        assert window.messages.kind == "success"
        assert not window.page_first.holding
    finally:
        shiboken6.delete(window)
        profiles.dispose()


def test_a_window_without_a_page_holds_nothing_and_a_hold_ends_at_the_limit(qtbot):
    first = PageFirst(limit_ms=50)
    first.hold_for(None)
    first.hold_for(QWidget())
    assert not first.holding

    class Stalled(QWidget):
        def __init__(self):
            super().__init__()
            from PySide6.QtWebEngineCore import QWebEnginePage

            self.page = QWebEnginePage(self)  # never loads anything

    stalled = Stalled()
    first.hold_for(stalled)
    assert first.holding
    with qtbot.waitSignal(first.released, timeout=2000):
        pass
    assert not first.holding
    shiboken6.delete(stalled)
