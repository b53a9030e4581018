"""`mct-desktop --self-test`: start the GUI stack step by step, time each step, say what broke."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from mct_desktop.core.support.system_check import LibraryCheck, install_hint


class StepFailed(Exception):
    pass


def run_self_test(timeout: float = 60.0) -> int:
    steps: list[tuple[str, float]] = []
    state: dict[str, Any] = {}

    def step(name: str, action: Callable[[], None]) -> None:
        started = time.perf_counter()
        try:
            action()
        except StepFailed as exc:
            _report(steps)
            print(f"FAILED  {name}: {exc}", file=sys.stderr)
            raise SystemExit(1) from None
        except Exception as exc:  # anything else is a failure of that step, said plainly
            _report(steps)
            print(f"FAILED  {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            raise SystemExit(1) from None
        steps.append((name, time.perf_counter() - started))

    # Throwaway settings and no keychain: a self-test must not touch the user's data.
    home = tempfile.mkdtemp(prefix="mct-self-test-")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = os.path.join(home, var.lower())
    try:
        step("system libraries", _check_libraries)
        step("display", _check_display)
        step("Qt widgets", lambda: state.update(app=_application()))
        # The engine starts and asks for its page first: Chromium's start leaves Python's lock
        # free for a thread to import the window's modules, and the page loads in its own
        # process while the window is built (see ui/engine_start.py).
        step(
            "browser engine started, blank page asked for",
            lambda: state.update(page=_start_engine()),
        )
        step("main window shown", lambda: state.update(window=_show_window(state["app"])))
        step(
            "browser engine (blank page loaded)",
            lambda: _wait_for_blank_page(state["app"], state["page"], timeout),
        )
    except SystemExit as exit_:
        return int(exit_.code or 1)
    finally:
        # Passed or failed, the throwaway folder goes: one was left in /tmp on every run.
        _close(state)
        shutil.rmtree(home, ignore_errors=True)
    _report(steps)
    print("self-test passed")
    return 0


def _report(steps: list[tuple[str, float]]) -> None:
    for name, seconds in steps:
        print(f"ok  {seconds * 1000:8.1f} ms  {name}")
    sys.stdout.flush()


def _check_libraries() -> None:
    # ldd runs in processes of its own while Qt loads here: a missing library fails the
    # import too, and then ldd's list says which.
    check = LibraryCheck()
    with contextlib.suppress(ImportError):  # named below, or by the next step
        import PySide6.QtWidgets  # noqa: F401
    missing = check.result()
    if missing:
        hint = install_hint(missing)
        raise StepFailed(
            "missing system libraries: "
            + "; ".join(map(str, missing))
            + (f". Install them with: {hint}" if hint else "")
        )


def _check_display() -> None:
    from mct_desktop.ui.qt_env import missing_display_message

    if problem := missing_display_message(os.environ):
        raise StepFailed(problem)


def _application() -> Any:
    from mct_desktop.app import _make_application

    return _make_application()


def _start_engine() -> tuple[Any, list[bool]]:
    """The engine started (its default profile) and a blank page asked for; the view, and
    the list its load result lands in."""
    from mct_desktop.ui.engine_start import default_profile_started

    with default_profile_started(_import_window_modules):
        from PySide6.QtCore import QUrl
        from PySide6.QtWebEngineWidgets import QWebEngineView

        view = QWebEngineView()
        done: list[bool] = []
        view.loadFinished.connect(done.append)
        view.setUrl(QUrl("about:blank"))
    return view, done


def _import_window_modules() -> None:
    """What the main window and its console import (on a thread while the engine starts).

    Not PySide6's `Qt` namespace: the window becomes ready without it (ui/qt_namespace.py).
    """
    import mct_desktop.core.api.history
    import mct_desktop.core.session.vault
    import mct_desktop.ui.console.console
    import mct_desktop.ui.console.copy_as
    import mct_desktop.ui.console.fetch_all_action
    import mct_desktop.ui.main_window
    import mct_desktop.ui.proxy_control
    import mct_desktop.ui.window_controllers  # noqa: F401


def _show_window(app: Any) -> Any:
    from mct_desktop.app import make_main_window
    from mct_desktop.core.session.portal_service import PortalService
    from mct_desktop.core.session.vault import TokenVault
    from mct_desktop.ui.browser_profiles import BrowserProfiles

    # No keychain (keyring's `fail` backend did the same, after 39 ms of importing keyring).
    service = PortalService(vault=TokenVault.in_memory("The self-test opens no keychain."))
    window = make_main_window(service, BrowserProfiles(app))
    window.show()
    _wait(
        app,
        lambda: (
            window.isVisible()
            and window.windowHandle() is not None
            and window.windowHandle().isExposed()
        ),
        10.0,
        "the main window was not shown",
    )
    # Its start ends after the first paint (the console, the tokens): part of this step.
    _wait(
        app, lambda: window.is_ready, 10.0, "the main window did not finish starting", window.ready
    )
    return window


def _wait_for_blank_page(app: Any, page: tuple[Any, list[bool]], timeout: float) -> None:
    view, done = page
    _wait(
        app,
        lambda: bool(done),
        timeout,
        "the browser engine did not load a blank page",
        view.loadFinished,
    )
    if not done[0]:
        raise StepFailed("the browser engine failed to load a blank page")


def _wait(
    app: Any, condition: Callable[[], bool], timeout: float, failure: str, *wake: Any
) -> None:
    """Run the event loop until `condition` holds: checked when a `wake` signal fires, and
    every millisecond for what has no signal (a 5 ms poll alone cost 2.5 ms a wait)."""
    from PySide6.QtCore import QEventLoop, QTimer

    if condition():
        return
    loop = QEventLoop()

    def check(*_: object) -> None:
        if condition():
            loop.quit()

    for signal in wake:
        signal.connect(check)
    poll = QTimer()
    poll.setInterval(1)
    poll.timeout.connect(check)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    poll.start()
    loop.exec()
    poll.stop()
    for signal in wake:
        signal.disconnect(check)
    if not condition():
        raise StepFailed(f"{failure} within {timeout:g} s")


def _close(state: dict[str, Any]) -> None:
    if not state:
        return
    import shiboken6

    view = state["page"][0] if "page" in state else None  # (view, its load results)
    for widget in (view, state.get("window")):
        if widget is not None and shiboken6.isValid(widget):
            shiboken6.delete(widget)
