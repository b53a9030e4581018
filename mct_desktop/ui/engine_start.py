"""Start QtWebEngine's browser side while a thread imports what the window needs.

Creating the first profile starts Chromium's browser side: 35 ms of C++ on the GUI thread,
and PySide6 keeps Python's global lock for the whole call, so nothing else in the process
runs. Called through ctypes, the same function runs with the lock released, and a thread
can spend those milliseconds importing the main window's and the console's modules (55 ms
alone). On two cores both took about 90 ms, against 110 ms one after the other: they still
share the cores with Chromium's own threads.

While the thread works, the GUI thread runs its event loop instead of waiting in a join:
Chromium's browser side does its tasks on the GUI thread, so a page asked for inside the
block loads meanwhile. Behind a join it waited until the window was built: on a slow
machine, 50 ms more of the self-test, and 70 ms less over all once it could load early.

Only Python imports run on that thread: no widget is created there, and an import that
fails is left for the GUI thread to repeat, where it fails with its own error in its step.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

from mct_desktop.ui.qt_env import qt_function

_DEFAULT_PROFILE = "_ZN17QWebEngineProfile14defaultProfileEv"  # QWebEngineProfile::defaultProfile()


_started = False  # the engine starts once per process


def start_once(meanwhile: Callable[[], object]) -> None:
    """Start the engine while `meanwhile` imports on a thread, if it has not started yet.

    The first sign-in's window: its modules (QtWebEngine's classes and their ~140 Python
    enums) import on the thread while Chromium starts. The portal's own profile, created
    next, then takes 3 ms instead of 65. No event loop runs meanwhile: this is called from
    a click, where re-entering the loop could start a second sign-in.
    """
    if not _started:
        with default_profile_started(meanwhile, run_events=False):
            pass


@contextlib.contextmanager
def default_profile_started(
    meanwhile: Callable[[], object], *, run_events: bool = True
) -> Iterator[None]:
    """Create QtWebEngine's default profile while `meanwhile` runs on a thread; the block
    (more GUI-thread work: asking for a page, say) runs next, then the event loop runs until
    the thread is done (or, `run_events=False`, a plain wait)."""
    global _started
    _started = True
    import ctypes

    import PySide6.QtWebEngineCore  # loads the library (the lock held: it is an import)
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop

    finished = QEventLoop()
    # Posting is the one Qt call safe from any thread: the loop below quits when it lands.
    done = QEvent(QEvent.Type.Quit)
    worker = threading.Thread(
        target=_quietly,
        args=(meanwhile, lambda: QCoreApplication.postEvent(finished, done)),
        name="preload",
        daemon=True,
    )
    worker.start()
    try:
        default_profile = qt_function("libQt6WebEngineCore.so.6", _DEFAULT_PROFILE)
        if default_profile is not None:
            default_profile.restype = ctypes.c_void_p
            default_profile.argtypes = []
            default_profile()
        else:  # another platform or Qt layout: the same call, with the lock held
            PySide6.QtWebEngineCore.QWebEngineProfile.defaultProfile()
        yield
        # Chromium's browser side runs its tasks on this thread: an event loop, not a bare
        # join, lets the page asked for above load while the thread still imports.
        if run_events and worker.is_alive():
            finished.exec()
    finally:
        worker.join()


def _quietly(work: Callable[[], object], then: Callable[[], object]) -> None:
    try:
        with contextlib.suppress(Exception):  # repeated on the GUI thread, which reports it
            work()
    finally:
        then()
