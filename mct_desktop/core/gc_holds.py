"""The cyclic garbage collector held back while the GUI starts, then told to skip its objects;
and held back, from any thread, while a large document is parsed.

Starting the window imports a few hundred modules and builds thousands of classes, enums
and widgets: almost all of them live as long as the process. The collector still walks them
again and again while they are made (70 collections, 9 ms, before the self-test's window is
ready), and the interpreter's last collection at exit walks all of them once more (15 ms).

`pause()` turns the collector off for the start; `resume()`, once the window is ready, moves
everything alive into the permanent generation (`gc.freeze`, made for this) and turns the
collector back on. What is created afterwards is collected as usual; the start's objects,
which stay anyway, are never walked again. The start makes little cyclic garbage (measured
in tests/ui/test_start_up_cost.py), so nothing worth freeing is kept.

Holds are counted: the collector runs again when the last one ends, whichever thread that
is. Each parser saving and restoring `gc.isenabled()` on its own could leave it off for good
when two threads interleaved (one read "off" while the other still held it).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_holds = 0
_enable_after = False  # was the collector on when the first hold began?
_paused = False


def hold() -> None:
    """The collector off until the matching `release()` (and every other hold's)."""
    global _holds, _enable_after
    with _lock:
        if _holds == 0:
            _enable_after = gc.isenabled()
            gc.disable()
        _holds += 1


def release() -> None:
    global _holds
    with _lock:
        _holds -= 1
        if _holds == 0 and _enable_after:
            gc.enable()


@contextlib.contextmanager
def held() -> Iterator[None]:
    hold()
    try:
        yield
    finally:
        release()


def pause() -> None:
    """Hold the collector for the GUI's start, until `resume()`. Once per process."""
    global _paused
    with _lock:
        if _paused:
            return
        _paused = True
    hold()


def resume() -> None:
    """Freeze what the start made and end the start's hold. Safe to call more than once."""
    global _paused
    with _lock:
        if not _paused:
            return
        _paused = False
        gc.freeze()
    release()


def paused() -> bool:
    return _paused
