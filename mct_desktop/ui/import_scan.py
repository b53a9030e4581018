"""PySide6's per-import source scan, made to keep nothing: no module's source stays in memory.

WORKAROUND (PYSIDE-2029, PySide6 6.4 and later): PySide6 replaces `builtins.__import__`, and
for every module imported after it asks whether the module "uses PySide" (for its
`from __feature__ import …` switches) by `inspect.getsource(module)` and a search for
"PySide6". `inspect.getsource` goes through `linecache`, which keeps every line of every such
module for the rest of the run: 176 modules and 7.5 MB of Python strings once the console
and the sign-in window are loaded, and 4–5 ms of reading, decoding and splitting files before
the main window's first paint.

`lighten()` swaps in the same test (the module's source file contains "PySide6"), reading
the bytes once and keeping none. The decision PySide records is the same for every module.
"""

from __future__ import annotations

import linecache
import sys
from typing import Any

_FEATURE_MODULE = "shibokensupport.feature"  # PySide6's own name for its feature module
_SCAN = "_mod_uses_pyside"


def lighten() -> bool:
    """Replace PySide6's scan with `mentions_pyside`; False when this PySide6 has none."""
    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, _SCAN, None)):
        return False  # another PySide6 (older, newer, a bundle without it): nothing to do
    setattr(feature, _SCAN, mentions_pyside)
    # What PySide6 scanned while it loaded (typing, enum, its own modules) goes too: lines
    # of real files are read again if a traceback ever needs them.
    for name in [name for name in linecache.cache if not name.startswith("<")]:
        linecache.cache.pop(name, None)
    return True


def mentions_pyside(module: Any) -> bool:
    """PySide6's test, "PySide6" in the module's source, without caching the source.

    Built-in and extension modules, and modules without a source file, have no source:
    False, as `inspect.getsource` raising TypeError or OSError gives in PySide6.
    """
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False
