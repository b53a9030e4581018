"""The cyclic garbage collector held back while the GUI starts, then told to skip its objects.

Starting the window imports a few hundred modules and builds thousands of classes, enums
and widgets: almost all of them live as long as the process. The collector still walks them
again and again while they are made (70 collections, 9 ms, before the self-test's window is
ready), and the interpreter's last collection at exit walks all of them once more (15 ms).

`pause()` turns the collector off for the start; `resume()`, once the window is ready, moves
everything alive into the permanent generation (`gc.freeze`, made for this) and turns the
collector back on. What is created afterwards is collected as usual; the start's objects,
which stay anyway, are never walked again. The start makes little cyclic garbage (measured
in tests/ui/test_start_up_cost.py), so nothing worth freeing is kept.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop collecting until `resume()`. Only when the collector is on: a caller that turned
    it off for its own reasons keeps it off."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze what the start made and collect again. Safe to call more than once."""
    global _paused
    if not _paused:
        return
    _paused = False
    gc.freeze()
    gc.enable()


def paused() -> bool:
    return _paused
