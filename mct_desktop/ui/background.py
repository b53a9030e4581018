"""Run blocking work (network, keyring) off the GUI thread and get the result back on it."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

_Job = Callable[[], None]
_jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
_lock = threading.Lock()
_threads = 0
_idle = 0
_MAX_THREADS = 8  # requests, refreshes and spec loads can overlap; more simply queue up


def _worker(first: _Job) -> None:
    global _idle
    first()
    while True:
        with _lock:
            _idle += 1
        _jobs.get()()  # the submitter already counted this thread as busy again


def _submit(job: _Job) -> None:
    """Run `job` on an idle daemon thread, or a new one, or (at the cap) when one frees up.

    Threads are kept for reuse (starting one per request costs half a millisecond), and
    they are daemons: a request still hanging when the app quits must not hold the exit up.
    """
    global _threads, _idle
    with _lock:
        if _idle > 0:
            _idle -= 1  # reserve an idle thread, so two jobs never wait for the same one
            start = False
        elif _threads < _MAX_THREADS:
            _threads += 1
            start = True
        else:
            start = False
    if start:
        threading.Thread(target=_worker, args=(job,), daemon=True, name="mct-background").start()
    else:
        _jobs.put(job)


class _Relay(QObject):
    # Emitted from the worker thread; Qt queues it to the relay's (GUI) thread.
    finished = Signal(object, object)


def run_in_background(
    work: Callable[[], Any],
    on_result: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    parent: QObject,
) -> None:
    """Run `work` on a worker thread; its result or error goes to `on_result` or `on_error`
    on the GUI thread, unless `parent` (the object that asked) has been deleted by then.

    The relay the worker emits on is nobody's child: a child dies with its parent, and a
    parent deleted on the GUI thread while the worker was inside `emit` freed the relay
    under it (a segfault, seen when a test closed the window with a spec load in flight).
    The job's closure keeps the relay alive until it has emitted; `deliver` deletes it.
    """
    import shiboken6

    relay = _Relay()

    def deliver(result: Any, error: BaseException | None) -> None:
        relay.deleteLater()
        if not shiboken6.isValid(parent):
            return  # the widget that asked was closed meanwhile; nobody wants the answer
        if error is not None:
            on_error(error)
        else:
            on_result(result)

    relay.finished.connect(deliver)

    def job() -> None:
        try:
            outcome: tuple[Any, BaseException | None] = (work(), None)
        except Exception as exc:
            outcome = (None, exc)
        with contextlib.suppress(RuntimeError):  # the application is gone: exiting
            relay.finished.emit(*outcome)

    _submit(job)
