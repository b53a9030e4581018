"""Background jobs for the GUI: a worker pool that runs them side by side."""

import threading
import time

from mct_desktop.ui.background import run_in_background


def test_background_jobs_run_side_by_side(qapp):
    started, release = [], threading.Event()

    def job():
        started.append(1)
        release.wait(5)

    for _ in range(4):
        run_in_background(job, lambda _r: None, lambda _e: None, qapp)
    deadline = time.monotonic() + 3
    while len(started) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    assert len(started) == 4


def test_a_result_for_a_deleted_requester_is_dropped_and_the_worker_survives(qtbot):
    # The relay a worker emits on used to be the requester's child: deleting the requester
    # while the worker emitted freed it under the worker (a segfault in a test's teardown).
    import shiboken6
    from PySide6.QtWidgets import QWidget

    requester, release, got = QWidget(), threading.Event(), []
    run_in_background(lambda: release.wait(5) and "late", got.append, got.append, requester)
    shiboken6.delete(requester)  # closed while its job still runs
    release.set()
    other = QWidget()
    qtbot.addWidget(other)
    done = []
    run_in_background(lambda: "next", done.append, done.append, other)
    qtbot.waitUntil(lambda: done == ["next"], timeout=5000)
    qtbot.wait(50)  # the late result has been delivered by now, and dropped
    assert got == []
