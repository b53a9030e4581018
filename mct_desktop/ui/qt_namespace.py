"""PySide6's `Qt` namespace, built on its first use, and what the console sets without it.

WORKAROUND: the first `from PySide6.QtCore import Qt` builds every Python enum of the
namespace at once: about 115 of them, 37 ms on the slow two-core machine of the benchmarks
(12 ms on the faster one of earlier sessions), a fifth of the ~180 ms the self-test's
preload thread spent importing on its own. Nothing the main window and its console do until
they are ready needs those enums:

- code that runs later (a key press, a model's rows, a dialog) names `Qt` from here, and the
  namespace is built the first time one of its attributes is read;
- item data roles are ints in Qt's API (`setData`, a model's `data`): the roles below;
- enum-typed widget settings go through Qt's property system, which takes ints
  (`set_enum`); a constructor or setter taking the enum would build the whole namespace,
  even to reject an overload that does not apply.

A test builds the ready window with a signed-in portal and checks the namespace is not there.
It is built later, at the first key press in the endpoint filter or the first rows of a
loaded catalog, say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from PySide6.QtCore import Qt as Qt  # re-exported: the same name, for type checkers
else:

    class _OnFirstUse:
        """Reads through to PySide6's `Qt`, importing it at the first attribute read."""

        def __getattr__(self, name: str) -> object:
            from PySide6.QtCore import Qt as namespace

            value = getattr(namespace, name)
            setattr(self, name, value)  # the next read is a plain attribute
            return value

    Qt = _OnFirstUse()

# Qt.ItemDataRole members, as the ints Qt's item API takes and model methods receive.
DISPLAY_ROLE = 0
FOREGROUND_ROLE = 9
USER_ROLE = 256

# Values of enum-typed properties (fixed by Qt's API since Qt 4).
VERTICAL = 2  # Qt.Orientation.Vertical
PLAIN_TEXT = 0  # Qt.TextFormat.PlainText
RICH_TEXT = 1  # Qt.TextFormat.RichText
ELIDE_RIGHT = 1  # Qt.TextElideMode.ElideRight


def set_enum(widget: QObject, name: str, value: int) -> None:
    """Set an enum-typed Qt property (`orientation`, `textFormat`, ...) from its int value."""
    # Checked first: setProperty would add a misspelt name as a dynamic property, then fail.
    index = widget.metaObject().indexOfProperty(name)
    if index < 0 or not widget.metaObject().property(index).isWritable():
        raise ValueError(f"{type(widget).__name__} has no writable property {name!r}")
    widget.setProperty(name, value)
