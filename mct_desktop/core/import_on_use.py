"""Modules imported where they are first used, not where another module names them."""

from __future__ import annotations

import sys
import threading
import types
from typing import Any


def defer_inspect() -> None:
    """`inspect` imported where it is first used, not where `dataclasses` imports it.

    dataclasses needs it for one thing: a docstring for a class that has none (every one of
    ours has its own). With it come ast, dis and tokenize: 14 ms of `mct-desktop token` on
    a slow machine. importlib's LazyLoader cannot stand in here on Python 3.11: the import
    statement reads the module's `__spec__`, and that alone loads it.

    From Python 3.12 dataclasses reads every class's annotations through `inspect`, so
    there this would only add a step: it does nothing.
    """
    if sys.version_info < (3, 12) and "inspect" not in sys.modules:
        sys.modules["inspect"] = ImportedOnUse("inspect")


_swap = threading.RLock()


class ImportedOnUse(types.ModuleType):
    """A module's placeholder: the first attribute read imports the module in its place."""

    def __getattr__(self, name: str) -> Any:
        with _swap:  # two threads at once: one imports, the other finds the real module
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            import importlib

            module = importlib.import_module(self.__name__)
            self.__dict__.update(module.__dict__)  # who kept the placeholder reads it directly
        return getattr(module, name)
