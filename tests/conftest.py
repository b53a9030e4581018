"""Shared fixtures: isolated XDG dirs, an in-memory keyring, the demo portal, Qt set-up."""

from __future__ import annotations

import os

# Offscreen Qt for in-process tests, set before anything imports Qt.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import keyring
import pytest

from mct_desktop.demo import DemoPortal
from mct_desktop.ui.qt_env import prepare_process
from tests.support import MemoryKeyring

prepare_process()
# QtWebEngineWidgets must be imported before the QApplication that pytest-qt creates.
import PySide6.QtWebEngineWidgets  # noqa: E402, F401

REAL_SECRET_SERVICE = os.environ.get("MCT_TEST_SECRET_SERVICE") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if REAL_SECRET_SERVICE:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            "CI must run the suite through packaging/bootstrap.sh test (real Secret Service)"
        )
    skip = pytest.mark.skip(reason="needs a real Secret Service: run packaging/bootstrap.sh test")
    for item in items:
        if "secret_service" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Every test gets its own HOME and XDG dirs: nothing touches the developer's files."""
    home = tmp_path / "home"
    for name, sub in [
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ]:
        monkeypatch.setenv(name, str(home / sub))
    # Safe under a real Secret Service too: the running keyring daemon has its own dirs.
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def memory_keyring(request):
    """An in-memory keyring unless the test asks for the real Secret Service."""
    previous = keyring.get_keyring()
    if "secret_service" in request.keywords:
        backend = previous
    else:
        backend = MemoryKeyring()
        keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def demo():
    with DemoPortal() as portal:
        yield portal


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_the_gui_thread(request):
    """A Qt test's leftovers are collected here, on the GUI thread, after it ends.

    Python's cycle collector runs in whichever thread allocates when it is due, a worker
    thread included. A parentless QObject with a running timer (a SecretClipboard made by a
    test) destroyed there would leave its timer registered on the GUI thread, to fire on
    freed memory: the likely cause of a segfault in QTimerInfoList::activateTimers seen in
    about one full run in five. The app parents such objects to its window.
    """
    yield
    if "qtbot" in request.fixturenames:
        import gc

        gc.collect()
