"""Where MCT Desktop keeps its non-secret files (XDG on Linux, the native places elsewhere)."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from pathlib import Path

from mct_desktop import APP_NAME


def config_dir() -> Path:
    return _user_dir("config", "XDG_CONFIG_HOME", ".config")


def data_dir() -> Path:
    return _user_dir("data", "XDG_DATA_HOME", ".local/share")


def cache_dir() -> Path:
    return _user_dir("cache", "XDG_CACHE_HOME", ".cache")


def state_dir() -> Path:
    return _user_dir("state", "XDG_STATE_HOME", ".local/state")


def _user_dir(kind: str, xdg_variable: str, under_home: str) -> Path:
    """platformdirs' `user_<kind>_dir`; on Linux its XDG rule without importing it (3 ms of
    every `mct-desktop token`), for the cases where that rule is plain."""
    if sys.platform.startswith("linux") and not _maybe_android():
        base = os.environ.get(xdg_variable, "")
        if os.path.isabs(base):
            return Path(base, APP_NAME)
        home = os.environ.get("HOME", "")
        if os.path.isabs(home):
            return Path(os.path.expanduser("~/" + under_home), APP_NAME)
    import platformdirs  # elsewhere, and for an unset or relative HOME on Linux

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def _maybe_android() -> bool:
    return hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ


def portal_slug(portal_key: str) -> str:
    """A file-name-safe, collision-free folder name for a portal."""
    import hashlib  # here: its OpenSSL costs every start 2 ms, and few commands need a slug

    readable = re.sub(r"[^a-z0-9]+", "-", portal_key.lower().split("://", 1)[-1]).strip("-")
    digest = hashlib.sha256(portal_key.encode()).hexdigest()[:8]
    return f"{readable[:60]}-{digest}"


def browser_profile_dir(portal_key: str) -> Path:
    """Persistent embedded-browser storage of one portal (used only when the user opts in)."""
    return data_dir() / "browser-profiles" / portal_slug(portal_key)


PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> Path:
    """`path` as a folder only the user can open (created when missing)."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) != PRIVATE_DIR:
            path.chmod(PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """`path` as a file only the user can read (created empty when missing), in a private
    folder. SQLite gives a database's -wal and -shm files the database file's mode."""
    private_dir(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, PRIVATE_FILE))
    with contextlib.suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) != PRIVATE_FILE:
            path.chmod(PRIVATE_FILE)
    return path


def harden_process() -> None:
    """At start, for every command and the GUI: private files, and no core dumps.

    History, logs and lock files hold personal data and token fingerprints; a core dump
    of this process holds the tokens themselves.
    """
    os.umask(0o077)  # whatever this process (and QtWebEngine's) creates is the user's alone
    _no_core_dumps()
    tighten_existing()


def _no_core_dumps() -> None:
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource

        # The soft limit (what the kernel applies), inherited by the browser helpers. The
        # hard limit stays: lowering it would bind whatever this process starts, for good.
        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    if sys.platform.startswith("linux"):
        # Not dumpable: no core even through a core_pattern pipe (systemd-coredump, apport),
        # and other processes of the user cannot ptrace or read /proc/<pid>/mem.
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            pr_set_dumpable = 4
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_dumpable, 0, 0, 0, 0)


def tighten_existing() -> None:
    """Make what older versions created under a looser umask private (two levels deep).

    A browser profile's own tree is left to Chromium, which keeps it private itself.
    """
    for base in (config_dir(), data_dir(), cache_dir(), state_dir()):
        _tighten(base, depth=2)


def _tighten(path: Path, depth: int) -> None:
    try:
        info = path.lstat()
    except OSError:
        return
    if stat.S_ISLNK(info.st_mode):
        return  # never change modes through a link
    wanted = PRIVATE_DIR if stat.S_ISDIR(info.st_mode) else PRIVATE_FILE
    if stat.S_IMODE(info.st_mode) & 0o077:
        with contextlib.suppress(OSError):
            path.chmod(stat.S_IMODE(info.st_mode) & ~0o077 | (wanted & 0o700))
    if (
        stat.S_ISDIR(info.st_mode)
        and depth > 0
        and path.name not in ("browser-profiles", "chrome-profiles")
    ):
        with contextlib.suppress(OSError):
            for entry in os.scandir(path):
                _tighten(Path(entry.path), depth - 1)


def own_browser_profile_dir(portal_key: str) -> Path:
    """Kept profile of the user's own Chrome/Edge for one portal (only when the user opts in)."""
    return data_dir() / "chrome-profiles" / portal_slug(portal_key)
