"""Composition root of the GUI: the QApplication, the services and the windows."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING, Any

from mct_desktop import __version__
from mct_desktop.ui.qt_env import missing_display_message, prepare_process

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from mct_desktop.core.portal import Portal
    from mct_desktop.core.session.portal_service import PortalService
    from mct_desktop.demo import DemoPortal
    from mct_desktop.ui.browser_profiles import BrowserProfiles
    from mct_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)
DEMO_PORTAL_NAME = "Demo portal"


def _make_application() -> QApplication:
    prepare_process()
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName("MCT Desktop")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("mct-desktop")
    app.setWindowIcon(_icon())
    sys.excepthook = _show_unexpected_error
    return app


def _icon() -> QIcon:
    """The app icon from resources/ (source checkout or bundle), else the installed theme's.

    The PNGs, each registered with its size, are read only when a size is drawn (the window
    manager's, the taskbar's). The SVG alone loaded Qt's SVG icon engine and its library
    with the first window: 1.5 MB of every process, for an icon drawn at a few fixed sizes.
    """
    from pathlib import Path

    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    bases = [Path(__file__).resolve().parents[1], Path(getattr(sys, "_MEIPASS", "."))]
    for base in bases:
        folder = base / "resources" / "icons"
        if (folder / "mct-desktop-16.png").exists():
            icon = QIcon()
            for size in ICON_SIZES:
                icon.addFile(str(folder / f"mct-desktop-{size}.png"), QSize(size, size))
            return icon
    return QIcon.fromTheme("mct-desktop")


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # resources/icons/mct-desktop-N.png


def _show_unexpected_error(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """Last resort: a short, redacted message for the user; the details go to the log."""
    from mct_desktop.core.redact import redact

    details = redact("".join(traceback.format_exception(kind, error, tb)))
    log.error("unexpected error:\n%s", details)
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "MCT Desktop - unexpected error",
        f"Something went wrong: {redact(str(error)) or kind.__name__}.\n"
        "Your tokens are untouched. The details below contain no secrets.",
    )
    box.setDetailedText(details)
    box.exec()


def run_gui(demo: bool = False, demo_portal: DemoPortal | None = None) -> int:
    if problem := missing_display_message(os.environ):
        print(f"mct-desktop: {problem}", file=sys.stderr)
        return 2
    app = _make_application()
    # Imported after the QApplication, not with this module: the self-test builds its
    # application alone, and loads these on a thread while the engine starts.
    from mct_desktop.core.session.portal_service import PortalService
    from mct_desktop.core.support.logs import enable_file_log
    from mct_desktop.ui.browser_profiles import BrowserProfiles

    enable_file_log()
    log.info("MCT Desktop %s starting", __version__)

    service = PortalService()
    server = None
    if demo:
        from mct_desktop.demo.launch import point_at_demo, start_demo

        server = demo_portal or start_demo()
        point_at_demo(service, server)
    profiles = BrowserProfiles(app)
    window = make_main_window(service, profiles)
    if not demo and (hint := dead_demo_hint(service.active)):
        window.messages.show_info(hint)
    window.show()
    try:
        return app.exec()
    finally:
        _teardown([window, window.sign_in_window], profiles)
        if server is not None:
            server.stop()


def make_main_window(service: PortalService, profiles: BrowserProfiles) -> MainWindow:
    """The main window as the app opens it: the cyclic collector, paused by the command line
    for the start, resumes once the window is ready (see core/gc_holds.py)."""
    from mct_desktop.core import gc_holds
    from mct_desktop.ui.main_window import MainWindow

    window = MainWindow(service, profiles)
    window.ready.connect(gc_holds.resume)
    return window


def _teardown(widgets: list[Any], profiles: Any) -> None:
    """Delete pages before their profiles, deterministically (see BrowserProfiles.dispose)."""
    import shiboken6

    for widget in widgets:
        if widget is not None and shiboken6.isValid(widget):
            shiboken6.delete(widget)
    profiles.dispose()


def dead_demo_hint(portal: Portal | None) -> str:
    """How to start the demo portal, when the active portal is a demo that is not running."""
    import socket
    from urllib.parse import urlsplit

    if portal is None or portal.name != DEMO_PORTAL_NAME:
        return ""
    parts = urlsplit(portal.base_url)
    if parts.hostname not in ("127.0.0.1", "localhost") or parts.port is None:
        return ""
    try:  # loopback: refused at once when nothing listens
        socket.create_connection((parts.hostname, parts.port), timeout=0.3).close()
    except OSError:
        return (
            f"The demo portal at {portal.base_url} is not running: start the app with "
            "`mct-desktop --demo` (its history and saved requests are kept)."
        )
    return ""


def run_login(service: PortalService, portal: Portal, timeout: float | None) -> int:
    """Only the sign-in window; exit 0 once the tokens are stored in the keychain.

    A portal not saved yet is saved only then: a failed or abandoned sign-in keeps nothing.
    """
    if problem := missing_display_message(os.environ):
        print(f"mct-desktop: {problem}", file=sys.stderr)
        return 2
    app = _make_application()
    from mct_desktop.ui.browser_profiles import BrowserProfiles
    from mct_desktop.ui.browser_sign_in import close_all_browsers
    from mct_desktop.ui.sign_in import (
        SignInController,
        SignInFailed,
        default_backends,
        sign_in_and_wait,
    )

    def say(message: str) -> None:
        print(f"mct-desktop: {message}", file=sys.stderr)

    def advise(reason: str) -> None:
        from mct_desktop.core.session.browser.locate import available_browsers
        from mct_desktop.core.session.refusal import refusal_command_advice

        say(refusal_command_advice(reason, portal.base_url, available_browsers()))

    profiles = BrowserProfiles(app)
    controller = SignInController(service, default_backends(profiles))
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # the sign-in's end decides, not its window
    try:
        result = sign_in_and_wait(
            controller, portal, timeout, on_failed=say, on_refused=advise, on_status=say
        )
    except SignInFailed as exc:
        say(str(exc))
        return 1
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)
        _teardown([controller.window], profiles)  # a closed window is flushed there too
        # After a switch to the user's browser the command ends once that browser is closed,
        # not while its worker is still between handing over the tokens and its exit.
        close_all_browsers()
    if not result.persistent:
        # The tokens live in this process only: saying "signed in" would be a lie.
        say(result.problem)
        say(
            f"The sign-in to {portal.display_name} worked, but its tokens could not be kept "
            "and are gone now that this command ends. Make a keychain available and sign in "
            "again."
        )
        return 1
    print(result.line)
    return 0
