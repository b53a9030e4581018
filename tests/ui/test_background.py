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
