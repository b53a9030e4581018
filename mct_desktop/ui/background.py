"""Run blocking work (network, keyring) off the GUI thread and get the result back on it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Relay(QObject):
    # Emitted from the worker thread; Qt queues it to the relay's (GUI) thread.
    finished = Signal(object, object)


def run_in_background(
    work: Callable[[], Any],
    on_result: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    parent: QObject,
) -> None:
    relay = _Relay(parent)

    def deliver(result: Any, error: BaseException | None) -> None:
        relay.deleteLater()
        if error is not None:
            on_error(error)
        else:
            on_result(result)

    relay.finished.connect(deliver)

    def target() -> None:
        try:
            result = work()
        except Exception as exc:
            relay.finished.emit(None, exc)
        else:
            relay.finished.emit(result, None)

    threading.Thread(target=target, daemon=True, name="mct-background").start()
