"""`--self-test` leaves nothing behind in the temporary folder (issue 13, item 25)."""

from __future__ import annotations

import os
import subprocess
import sys


def _run_self_test(tmp_path, env):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env.update(HOME=str(tmp_path), TMPDIR=str(scratch))
    done = subprocess.run(
        [sys.executable, "-m", "mct_desktop", "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    return done, sorted(p.name for p in scratch.iterdir())


def test_a_passing_self_test_removes_its_folder(tmp_path):
    done, left = _run_self_test(tmp_path, dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    assert left == []


def test_a_failing_self_test_removes_its_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done, left = _run_self_test(tmp_path, env)
    assert done.returncode == 1, done.stdout
    assert left == []
