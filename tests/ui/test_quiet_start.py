"""Qt's GPU/Vulkan start-up noise stays out of the terminal; real warnings do not (item 18)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOISE = ("vulkan", "Vulkan", "GPU", "QRhiGles2", "RHI", "propagateSizeHints")


def _env(tmp_path, **changes):
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path), **changes)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(tmp_path / name.lower())
    return env


def test_only_the_noise_is_dropped(tmp_path):
    code = textwrap.dedent(
        """
        from mct_desktop.ui.qt_env import prepare_process
        prepare_process()
        from PySide6.QtCore import QCoreApplication, qWarning
        app = QCoreApplication([])
        qWarning("Failed to load vulkan: Cannot load library vulkan")
        qWarning("Unable to detect GPU vendor for device: llvmpipe")
        qWarning("Something the user should see")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(tmp_path, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "Something the user should see\n"


@pytest.mark.parametrize("display", ["offscreen", "xvfb"])
def test_the_browser_engine_starts_quietly(tmp_path, display):
    command = [sys.executable, "-m", "mct_desktop", "--self-test"]
    env = _env(tmp_path, QT_QPA_PLATFORM="offscreen")
    if display == "xvfb":
        if shutil.which("xvfb-run") is None:
            pytest.skip("xvfb-run is not installed")
        env.pop("QT_QPA_PLATFORM")
        command = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert not [line for line in done.stderr.splitlines() if any(n in line for n in NOISE)], (
        done.stderr
    )
