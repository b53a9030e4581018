"""Whole processes against bare ones: `--self-test`, memory after a sign-in, the own browser."""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.bench_startup import _WAIT
from benchmarks.common import Result

ROOT = Path(__file__).resolve().parents[1]

# What `--self-test` is measured against: the engine's smallest job, window and page.
BARE_BLANK = """
from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QUrl
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication
app = QApplication([])
view = QWebEngineView(); loop = QEventLoop()
view.loadFinished.connect(lambda ok: loop.quit())
view.show(); view.setUrl(QUrl("about:blank"))
loop.exec()
print("self-test passed")
"""

_PEAK = """
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

# The app signed in: main window, sign-in window, tokens stored and shown, console built.
APP_SIGNED_IN = (
    _WAIT
    + _PEAK
    + """
import sys, time
from mct_desktop.core import gc_holds
gc_holds.pause()  # as `mct-desktop` does before it starts the GUI
from mct_desktop.app import _make_application, make_main_window
app = _make_application()
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.ui.browser_profiles import BrowserProfiles
service = PortalService(); service.add_portal(sys.argv[1])
window = make_main_window(service, BrowserProfiles(app)); window.show(); window.start_sign_in()
wait(app, lambda: window.tokens.user.text().startswith("Ada") and window.is_ready)
settle = time.monotonic() + 1.0
wait(app, lambda: time.monotonic() > settle)
print("READY", peak(), flush=True)
import os; os._exit(0)
"""
)

# The bare page it is compared with: the same sign-in page in a QWebEngineView.
BARE_PAGE_PEAK = (
    _WAIT
    + _PEAK
    + """
import sys, time
from PySide6.QtCore import QCoreApplication, Qt, QUrl
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication
app = QApplication([])
view = QWebEngineView(); done = []
view.loadFinished.connect(lambda ok: done.append(ok) if "/b2c/" in view.url().toString() else None)
view.resize(560, 720); view.show(); view.setUrl(QUrl(sys.argv[1]))
wait(app, lambda: bool(done))
settle = time.monotonic() + 1.0
wait(app, lambda: time.monotonic() > settle)
print("READY", peak(), flush=True)
import os; os._exit(0)
"""
)

# A bare Chromium, started the way `login --browser` starts it, to the sign-in page loaded.
BARE_CHROMIUM = """
import json, os, subprocess, sys, tempfile, time, urllib.request
import websocket
profile, cache = tempfile.mkdtemp(), tempfile.mkdtemp()
args = [sys.argv[2], f"--user-data-dir={profile}", "--remote-debugging-port=0",
        "--remote-debugging-address=127.0.0.1", "--no-first-run", "--no-default-browser-check",
        f"--disk-cache-dir={cache}", "--disable-background-networking"]
if os.geteuid() == 0:
    args.append("--no-sandbox")
browser = subprocess.Popen([*args, "about:blank"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
port_file = os.path.join(profile, "DevToolsActivePort")
while True:
    try:
        port, path = open(port_file).read().split("\\n")[:2]
        if port.strip().isdigit() and path.strip():
            break
    except (OSError, ValueError):  # not there yet, or half written
        pass
    time.sleep(0.005)
ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", suppress_origin=True)
def call(method, params=None, session=None, ident=[0]):
    ident[0] += 1
    message = {"id": ident[0], "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    ws.send(json.dumps(message))
    while True:
        reply = json.loads(ws.recv())
        if reply.get("id") == ident[0]:
            return reply.get("result", {})
pages = []
while not pages:  # the port file can come before the first tab (seen on a slow machine)
    pages = [t for t in call("Target.getTargets")["targetInfos"] if t["type"] == "page"]
    time.sleep(0 if pages else 0.005)
session = call("Target.attachToTarget", {"targetId": pages[0]["targetId"], "flatten": True})
session = session["sessionId"]
call("Page.enable", session=session)
call("Page.navigate", {"url": sys.argv[1]}, session=session)
while json.loads(ws.recv()).get("method") != "Page.loadEventFired":
    pass
print("READY", flush=True)
browser.kill(); browser.wait()
import shutil; shutil.rmtree(profile, ignore_errors=True); shutil.rmtree(cache, ignore_errors=True)
"""


def _env() -> dict[str, str]:
    from mct_desktop.ui.qt_env import chromium_flags

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env["QTWEBENGINE_CHROMIUM_FLAGS"] = chromium_flags(env, os.geteuid() == 0)
    return env


# Forks the measured command from a small process: a child forked from the benchmark itself
# (hundreds of MB by then) reports the parent's size as its peak, even after exec.
_LAUNCH = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_pid, status, usage = os.wait4(pid, 0)
elapsed = (time.perf_counter() - started) * 1000
print(elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), file=sys.stderr)
"""


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds from fork to exit (status 0 required), and the process's peak RSS (MB)."""
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCH, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    elapsed, peak, code = done.stderr.split()[-3:]
    if int(code) != 0:
        raise RuntimeError(f"{args[1:3]} exited with {code}")
    return float(elapsed), float(peak)


def self_test(runs: int = 15) -> Result:
    """`mct-desktop --self-test` (window, console, engine) against the bare blank page."""
    env = _env()
    ours = [sys.executable, "-m", "mct_desktop", "--self-test"]
    bare = [sys.executable, "-c", textwrap.dedent(BARE_BLANK)]
    _run(ours, env)  # warm the file cache for both
    _run(bare, env)
    mine, base, mine_mb, base_mb = [], [], [], []
    for _ in range(runs):  # interleaved pairs
        elapsed, peak = _run(ours, env)
        mine.append(elapsed)
        mine_mb.append(peak)
        elapsed, peak = _run(bare, env)
        base.append(elapsed)
        base_mb.append(peak)
    value, baseline = statistics.median(mine), statistics.median(base)
    memory, memory_base = statistics.median(mine_mb), statistics.median(base_mb)
    return Result(
        "start-up: --self-test, spawn to exit",
        "ms",
        value,
        baseline,
        "<= 1.3x",
        value <= 1.3 * baseline,
        runs,
        {"peak_rss_mb": memory, "bare_peak_rss_mb": memory_base, "rss_ratio": memory / memory_base},
    )


def _spawn_ready(
    script: str, *args: str, env: dict[str, str], kill: bool = True
) -> tuple[float, str]:
    """Milliseconds to the READY line, and what followed READY on it. `kill=False` lets the
    script end by itself (it has a browser of its own to stop)."""
    # Its errors go to a file, not a pipe that nobody reads meanwhile.
    with tempfile.TemporaryFile("w+") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script), *args],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=env,
        )
        assert process.stdout is not None
        try:
            for line in process.stdout:
                if line.startswith("READY"):
                    return (time.perf_counter() - started) * 1000, line[5:].strip()
            code = process.wait()
            errors.seek(0)
            said = errors.read().strip().splitlines()[-5:]
            raise RuntimeError(f"benchmark script exited with {code} before READY: {said}")
        finally:
            if kill:
                process.kill()
            process.wait()


def memory_after_sign_in(demo, runs: int = 3) -> Result:  # type: ignore[no-untyped-def]
    """Peak RSS of the app signed in (window, tokens, console) against the bare sign-in page."""
    env = _env()
    login = demo.url + "/ExternalAuthentication/Login"
    mine, base = [], []
    demo.auto_sign_in = "admin@contoso.demo"
    try:
        for _ in range(runs):  # interleaved
            # Settings of its own: the portal it adds must not become a later benchmark's.
            own = dict(env, XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="mct-bench-memory-"))
            mine.append(float(_spawn_ready(APP_SIGNED_IN, demo.url, env=own)[1]))
            shutil.rmtree(own["XDG_CONFIG_HOME"], ignore_errors=True)
            base.append(float(_spawn_ready(BARE_PAGE_PEAK, login, env=env)[1]))
    finally:
        demo.auto_sign_in = None
    value, baseline = statistics.median(mine), statistics.median(base)
    return Result(
        "memory: peak RSS signed in (app process)",
        "MB",
        value,
        baseline,
        "<= 1.2x",
        value <= 1.2 * baseline,
        runs,
    )


@contextlib.contextmanager
def _display(env: dict[str, str]) -> Iterator[None]:
    """A display for a headed Chromium: the one there is, else a private Xvfb for the run."""
    if env.get("DISPLAY") or not shutil.which("Xvfb"):
        yield
        return
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as chosen:
        env["DISPLAY"] = ":" + chosen.readline().strip()
    try:
        yield
    finally:
        server.terminate()
        server.wait()


def browser_login(demo, runs: int = 5) -> Result | None:  # type: ignore[no-untyped-def]
    """`mct-desktop login --browser chromium` to the tokens captured, against bare Chromium."""
    from mct_desktop.core.session.browser.locate import BrowserNotFoundError, find_browser

    try:
        chromium = str(find_browser("chromium"))
    except BrowserNotFoundError:
        return None
    env = _env()
    login = demo.url + "/ExternalAuthentication/Login"
    ours = [sys.executable, "-m", "mct_desktop", "login", demo.url, "--browser", "chromium"]
    demo.auto_sign_in = "admin@contoso.demo"
    mine, base, whole = [], [], []
    try:
        with _display(env):
            _captured(ours, env)  # warm the file cache for both
            _spawn_ready(BARE_CHROMIUM, login, chromium, env=env, kill=False)
            for _ in range(runs):  # interleaved
                captured, done = _captured(ours, env)
                mine.append(captured)
                whole.append(done)
                base.append(_spawn_ready(BARE_CHROMIUM, login, chromium, env=env, kill=False)[0])
    finally:
        demo.auto_sign_in = None
    value, baseline = statistics.median(mine), statistics.median(base)
    return Result(
        "sign-in: login --browser chromium, to tokens",
        "ms",
        value,
        baseline,
        "<= 1.3x",
        value <= 1.3 * baseline,
        runs,
        {"to_exit_ms": statistics.median(whole)},
    )


def _captured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds to "Signed in" (tokens captured), and to the command's exit."""
    home = tempfile.mkdtemp(prefix="mct-bench-login-")
    env = dict(env, XDG_CONFIG_HOME=home)  # a new portal each time: nothing remembered
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    )
    assert process.stderr is not None
    captured = 0.0
    for line in process.stderr:
        if "Signed in" in line and not captured:
            captured = (time.perf_counter() - started) * 1000
    code = process.wait()
    done = (time.perf_counter() - started) * 1000
    shutil.rmtree(home, ignore_errors=True)
    if code != 0 or not captured:
        raise RuntimeError(f"login --browser exited with {code}")
    return captured, done
