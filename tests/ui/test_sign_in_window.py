"""The sign-in window: centred where the user is, a drawn padlock, Esc closes (item 14)."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMainWindow, QWidget

from mct_desktop.core.portal import Portal
from mct_desktop.ui.browser_profiles import BrowserProfiles
from mct_desktop.ui.login_view import LoginWindow
from mct_desktop.ui.placement import centre_on


@pytest.fixture
def login(qtbot):
    profiles = BrowserProfiles()
    portal = Portal("https://contoso.azurefd.net", "Contoso")
    window = LoginWindow(portal, profiles.profile_for(portal))
    yield window
    if shiboken6.isValid(window):
        shiboken6.delete(window)
    profiles.dispose()


def _main_window(qtbot):
    main = QMainWindow()
    qtbot.addWidget(main)
    main.setGeometry(60, 40, 700, 520)  # the offscreen screen is 800x600
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    return main


def test_it_opens_centred_on_the_window_the_user_started_from(qtbot, login):
    main = _main_window(qtbot)
    login.resize(400, 300)
    login.show()
    qtbot.waitExposed(login)
    centre, expected = login.frameGeometry().center(), main.frameGeometry().center()
    assert (centre - expected).manhattanLength() < 40, (login.geometry(), main.geometry())
    assert login.geometry().top() > 0


def test_centre_on_keeps_the_title_bar_on_screen(qtbot):
    anchor = QWidget()
    qtbot.addWidget(anchor)
    anchor.setGeometry(0, 0, 200, 100)  # a small window in the corner
    anchor.show()
    big = QWidget()
    qtbot.addWidget(big)
    big.resize(560, 720)
    centre_on(big, anchor)
    area = big.screen().availableGeometry()
    assert big.pos().x() >= area.left() and big.pos().y() > area.top()
    centre_on(big, None)  # no anchor: the screen's centre
    assert abs(big.frameGeometry().center().x() - area.center().x()) < 5


def test_https_shows_a_drawn_padlock_not_an_emoji(login):
    login._on_url_changed(QUrl("https://contoso.azurefd.net/ExternalAuthentication/Login"))
    assert not login.lock.isHidden() and not login.lock.pixmap().isNull()
    assert login.address.text() == "https://contoso.azurefd.net/ExternalAuthentication/Login"
    assert all(ord(ch) < 0x2000 for ch in login.address.text())
    login._on_url_changed(QUrl("http://127.0.0.1:8080/ExternalAuthentication/Login"))
    assert login.lock.isHidden()


def test_escape_closes_it(qtbot, login):
    login.show()
    qtbot.waitExposed(login)
    with qtbot.waitSignal(login.view.loadFinished, timeout=10000):
        login.view.setHtml("<html><body><input autofocus></body></html>")
    closed = []
    login.closed.connect(lambda: closed.append(True))
    login.view.setFocus()
    qtbot.keyClick(login.view.focusProxy(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not login.isVisible(), timeout=3000)
    assert closed == [True]


def test_a_long_address_does_not_widen_the_window(qtbot, login):
    login.resize(400, 300)
    login.show()
    qtbot.waitExposed(login)
    width = login.width()
    login._on_url_changed(QUrl("https://contoso.b2clogin.com/" + "a" * 300))
    qtbot.wait(50)
    assert login.width() == width


@pytest.mark.parametrize("dark", [False, True])
def test_the_padlock_is_drawn_in_the_palettes_text_colour(qtbot, dark):
    from PySide6.QtGui import QColor, QPalette

    from mct_desktop.ui.lock_icon import lock_pixmap

    palette = QPalette()
    text = QColor("#f0f0f0") if dark else QColor("#101010")
    palette.setColor(QPalette.ColorRole.WindowText, text)
    image = lock_pixmap(32, palette).toImage()
    ratio = image.devicePixelRatio()
    at = lambda x, y: image.pixelColor(int(x * ratio), int(y * ratio))  # noqa: E731
    assert at(16, 24) == text  # the body
    assert at(9, 12).alpha() == 255 and at(9, 12).rgb() == text.rgb()  # the shackle's side
    assert at(16, 12).alpha() == 0  # inside the arch
    assert at(1, 1).alpha() == 0 and at(31, 31).alpha() == 0  # the corners
