"""Start QtWebEngine's browser side while a thread imports what the window needs.

Creating the first profile starts Chromium's browser side: 35 ms of C++ on the GUI thread,
and PySide6 keeps Python's global lock for the whole call, so nothing else in the process
runs. Called through ctypes, the same function runs with the lock released, and a thread
can spend those milliseconds importing the main window's and the console's modules (55 ms
alone). On two cores both took about 90 ms, against 110 ms one after the other: they still
share the cores with Chromium's own threads.

Only Python imports run on that thread: no widget is created there, and an import that
fails is left for the GUI thread to repeat, where it fails with its own error in its step.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

from mct_desktop.ui.qt_env import qt_function

_DEFAULT_PROFILE = "_ZN17QWebEngineProfile14defaultProfileEv"  # QWebEngineProfile::defaultProfile()


@contextlib.contextmanager
def default_profile_started(meanwhile: Callable[[], object]) -> Iterator[None]:
    """Create QtWebEngine's default profile while `meanwhile` runs on a thread; the block
    (more GUI-thread work: asking for a page, say) runs next, and the thread is joined when
    it ends."""
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
        yield
    finally:
        worker.join()


def _quietly(work: Callable[[], object]) -> None:
    with contextlib.suppress(Exception):  # repeated on the GUI thread, which reports it
        work()
