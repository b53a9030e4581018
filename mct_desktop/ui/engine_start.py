"""Start QtWebEngine's browser side while a thread imports what the window needs.

Creating the first profile starts Chromium's browser side: 35 ms of C++ on the GUI thread,
and PySide6 keeps Python's global lock for the whole call, so nothing else in the process
runs. Called through ctypes, the same function runs with the lock released, and a thread
can spend those milliseconds importing the main window's and the console's modules (about
as long again). Together they take about as long as the longer of the two alone.

Only Python imports run on that thread: no widget is created there, and an import that
fails is left for the GUI thread to repeat, where it fails with its own error in its step.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from mct_desktop.ui.qt_env import qt_function

_DEFAULT_PROFILE = "_ZN17QWebEngineProfile14defaultProfileEv"  # QWebEngineProfile::defaultProfile()


def start_default_profile(meanwhile: Callable[[], object]) -> None:
    """Create QtWebEngine's default profile, running `meanwhile` on a thread until both end."""
    import ctypes

    import PySide6.QtWebEngineCore  # loads the library (the lock held: it is an import)

    worker = threading.Thread(target=_quietly, args=(meanwhile,), name="preload", daemon=True)
    worker.start()
    try:
        default_profile = qt_function("libQt6WebEngineCore.so.6", _DEFAULT_PROFILE)
        if default_profile is not None:
            default_profile.restype = ctypes.c_void_p
            default_profile.argtypes = []
            default_profile()
        else:  # another platform or Qt layout: the same call, with the lock held
            PySide6.QtWebEngineCore.QWebEngineProfile.defaultProfile()
    finally:
        worker.join()


def _quietly(work: Callable[[], object]) -> None:
    with contextlib.suppress(Exception):  # repeated on the GUI thread, which reports it
        work()
