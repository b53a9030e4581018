"""Helpers for the tests that drive a real Chromium: find it, reach its DevTools, leftovers."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mct_desktop.core.session.browser.devtools import DevToolsConnection
from mct_desktop.core.tokens import TokenPair


def require_chromium() -> str:
    """Debian's chromium; its absence skips the test, except in CI where it must be there."""
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium installed: packaging/bootstrap.sh installs it")
        pytest.skip("needs Chromium (apt-get install chromium) for the own-browser sign-in")
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        if os.environ.get("CI"):
            pytest.fail("the own-browser tests run a headed Chromium: run pytest under xvfb-run")
        pytest.skip("needs a display for a headed Chromium: run pytest under xvfb-run -a")
    return found


def processes_under(root: Path) -> list[str]:
    """Live (not zombie) processes whose command line mentions `root` (profile, HOME)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if str(root) in cmdline and state != "Z":
            found.append(f"{entry.name}: {cmdline[:160]}")
    return found


def assert_no_browser_left(root: Path, wait: float = 5.0) -> None:
    """No process of the browser outlives the sign-in (crash reporters get a moment to go)."""
    deadline = time.monotonic() + wait
    while (left := processes_under(root)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, "browser processes left behind:\n" + "\n".join(left)
    leftovers = list(root.glob("mct-desktop-browser-*"))
    assert not leftovers, f"temporary browser directories left behind: {leftovers}"


def wait_for_port_file(tmp: Path, timeout: float = 20.0) -> tuple[int, str, Path]:
    """The DevTools port of the browser a sign-in started (any local process can read it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for port_file in tmp.glob("mct-desktop-browser-profile-*/DevToolsActivePort"):
            lines = port_file.read_text().split("\n")
            if len(lines) >= 2 and lines[0].isdigit() and lines[1]:
                return int(lines[0]), lines[1], port_file.parent
        time.sleep(0.05)
    raise AssertionError("the browser never wrote its DevToolsActivePort")


@dataclass
class Tab:
    """A second DevTools client on the sign-in's tab, playing the user (or a local intruder)."""

    connection: DevToolsConnection
    session: str

    @classmethod
    def attach(cls, port: int, path: str) -> Tab:
        connection = DevToolsConnection(port, path)
        targets = connection.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        attached = connection.call(
            "Target.attachToTarget", {"targetId": page["targetId"], "flatten": True}
        )
        return cls(connection, attached["sessionId"])

    def evaluate(self, expression: str) -> Any:
        reply = self.connection.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session
        )
        return reply.get("result", {}).get("value")

    def navigate(self, url: str) -> None:
        self.connection.call("Page.navigate", {"url": url}, self.session)

    def wait_until(self, expression: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.05)
        raise AssertionError(
            f"timed out waiting for {expression}: at {self.evaluate('location.href')}"
        )

    def fill_sign_in_form(self, email: str = "admin@contoso.demo", password: str = "demo") -> None:
        self.wait_until(
            "location.pathname === '/b2c/authorize' && document.readyState === 'complete'"
            " && !!document.getElementById('email')"
        )
        self.evaluate(
            f"document.getElementById('email').value = {email!r};"
            f"document.getElementById('password').value = {password!r};"
            "document.getElementById('next').click();"
        )

    def close(self) -> None:
        self.connection.close()


@dataclass
class Running:
    """A sign-in running in a worker thread, as the app will run it."""

    thread: threading.Thread
    result: dict[str, Any] = field(default_factory=dict)

    def outcome(self, timeout: float = 30.0) -> TokenPair | BaseException:
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the sign-in did not return"
        value: TokenPair | BaseException = self.result["value"]
        return value


def run_in_thread(function: Callable[[], TokenPair]) -> Running:
    running = Running(threading.Thread(target=lambda: None))

    def target() -> None:
        try:
            running.result["value"] = function()
        except BaseException as exc:  # the test inspects whatever came out
            running.result["value"] = exc

    running.thread = threading.Thread(target=target, daemon=True)
    running.thread.start()
    return running
