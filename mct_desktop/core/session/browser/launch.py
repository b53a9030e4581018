"""Start a browser with a dedicated profile and a loopback DevTools port; stop it for sure."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from mct_desktop.core import paths
from mct_desktop.core.session.browser.locate import BrowserSignInError

log = logging.getLogger(__name__)

PORT_FILE = "DevToolsActivePort"
# What a kept profile must not keep after a sign-in: the browsing history and session
# restore data would hold the token-bearing Redirect address (fragment included).
_HISTORY_FILES = (
    "History",
    "History-journal",
    "Visited Links",
    "Top Sites",
    "Top Sites-journal",
    "Shortcuts",
    "Shortcuts-journal",
    "Network Action Predictor",
    "Network Action Predictor-journal",
    "Favicons",
    "Favicons-journal",
    "Sessions",
    "Current Session",
    "Current Tabs",
    "Last Session",
    "Last Tabs",
)


def kept_profile_dir(portal_key: str) -> Path:
    """The browser profile kept for a portal whose user opted into a kept sign-in."""
    return paths.own_browser_profile_dir(portal_key)


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class BrowserProcess:
    """One browser started for one sign-in, with its own profile and throwaway disk cache."""

    def __init__(self, executable: Path, profile_dir: Path | None) -> None:
        self.executable = executable
        self._throwaway = [Path(tempfile.mkdtemp(prefix="mct-desktop-browser-cache-"))]
        if profile_dir is None:
            profile_dir = Path(tempfile.mkdtemp(prefix="mct-desktop-browser-profile-"))
            self._throwaway.append(profile_dir)
            self.kept = False
        else:
            profile_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.kept = True
        self.profile_dir = profile_dir
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    def arguments(self) -> list[str]:
        args = [
            str(self.executable),
            f"--user-data-dir={self.profile_dir}",
            # A random port, bound to loopback, for as long as this browser runs.
            "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1",
            "--no-first-run",
            "--no-default-browser-check",
            # The Callback's redirect, token in its Location, must never reach a kept cache.
            f"--disk-cache-dir={self._throwaway[0]}",
            "--disable-background-networking",
        ]
        if running_as_root():
            args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
        return [*args, "about:blank"]

    def start(self) -> None:
        (self.profile_dir / PORT_FILE).unlink(missing_ok=True)  # stale after a crash
        kwargs: dict[str, object] = {}
        if sys.platform.startswith("win"):
            kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
        else:
            kwargs["start_new_session"] = True  # one process group: the browser and its helpers
        self.started_at = time.monotonic()
        try:
            # The executable is the browser the user named or pointed at: that is the point.
            self.process = subprocess.Popen(  # type: ignore[call-overload]  # noqa: S603
                self.arguments(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                **kwargs,
            )
        except OSError as exc:
            self.cleanup()
            raise BrowserSignInError(
                f"Could not start {self.executable}: {exc.strerror or exc}."
            ) from None

    def wait_for_port(
        self, timeout: float, cancel: threading.Event | None = None
    ) -> tuple[int, str]:
        """The DevTools port and browser WebSocket path the browser wrote into its profile."""
        deadline = time.monotonic() + timeout
        port_file = self.profile_dir / PORT_FILE
        while time.monotonic() < deadline:
            if cancel is not None and cancel.is_set():  # a cancel right after launch
                raise BrowserSignInError("The sign-in was cancelled.")
            try:
                lines = port_file.read_text(encoding="utf-8").split("\n")
            except OSError:
                lines = []
            if len(lines) >= 2 and lines[0].strip().isdigit() and lines[1].strip():
                return int(lines[0]), lines[1].strip()
            if self.process is not None and self.process.poll() is not None:
                hint = (
                    " Is a window of it still open with this portal's kept profile? Close it "
                    "and try again."
                    if self.kept
                    else ""
                )
                raise BrowserSignInError(
                    f"{self.executable.name} exited (code {self.process.returncode}) before it "
                    f"opened its DevTools port.{hint}"
                )
            time.sleep(0.05)
        raise BrowserSignInError(
            f"{self.executable.name} did not open its DevTools port within {timeout:g} s."
        )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, grace: float = 3.0) -> None:
        """Wait `grace` s for the browser to exit (after Browser.close), then kill its group."""
        proc = self.process
        if proc is not None:
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                log.info("browser did not exit within %.1f s; terminating it", grace)
                self._signal_group(signal.SIGTERM)
                try:
                    proc.wait(timeout=2.0)
                except subprocess.TimeoutExpired:
                    self._signal_group(getattr(signal, "SIGKILL", signal.SIGTERM))
                    proc.wait(timeout=5.0)
            # Helpers (renderer, GPU, zygote) may outlive the main process for a moment.
            self._signal_group(getattr(signal, "SIGKILL", signal.SIGTERM))
        self.cleanup()

    def _signal_group(self, sig: int) -> None:
        proc = self.process
        if proc is None:
            return
        try:
            if sys.platform.startswith("win"):
                proc.kill() if sig != signal.SIGTERM else proc.terminate()
            else:
                os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError, OSError):
            pass

    def cleanup(self) -> None:
        for directory in self._throwaway:
            shutil.rmtree(directory, ignore_errors=True)
        if self.kept:
            (self.profile_dir / PORT_FILE).unlink(missing_ok=True)
            for profile in [self.profile_dir / "Default", *self.profile_dir.glob("Profile *")]:
                for name in _HISTORY_FILES:
                    target = profile / name
                    if target.is_dir():
                        shutil.rmtree(target, ignore_errors=True)
                    else:
                        target.unlink(missing_ok=True)
