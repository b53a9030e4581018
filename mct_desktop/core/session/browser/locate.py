"""Find a Chromium-family browser (Chrome, Chromium, Edge, Brave) by name or path."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

EMBEDDED = "embedded"
BROWSER_NAMES = ("chrome", "chromium", "edge", "brave")
_LABELS = {"chrome": "Chrome", "chromium": "Chromium", "edge": "Edge", "brave": "Brave"}


class BrowserSignInError(Exception):
    """A sign-in in the user's own browser failed; the message is for the user."""


class BrowserNotFoundError(BrowserSignInError):
    """The named browser is not installed in any of the places searched."""


@dataclass(frozen=True)
class _Candidates:
    """Where one browser may be installed: commands on PATH and paths per system."""

    commands: tuple[str, ...]  # looked up on PATH
    linux: tuple[str, ...] = ()
    mac: tuple[str, ...] = ()  # relative to /Applications and ~/Applications
    windows: tuple[str, ...] = ()  # relative to Program Files, Program Files (x86), LocalAppData


_KNOWN: dict[str, _Candidates] = {
    "chrome": _Candidates(
        ("google-chrome", "google-chrome-stable", "chrome"),
        ("/opt/google/chrome/chrome",),
        ("Google Chrome.app/Contents/MacOS/Google Chrome",),
        (r"Google\Chrome\Application\chrome.exe",),
    ),
    "chromium": _Candidates(
        ("chromium", "chromium-browser"),
        ("/usr/lib/chromium/chromium", "/snap/bin/chromium"),
        ("Chromium.app/Contents/MacOS/Chromium",),
        (r"Chromium\Application\chrome.exe",),
    ),
    "edge": _Candidates(
        ("microsoft-edge", "microsoft-edge-stable", "msedge"),
        ("/opt/microsoft/msedge/msedge",),
        ("Microsoft Edge.app/Contents/MacOS/Microsoft Edge",),
        (r"Microsoft\Edge\Application\msedge.exe",),
    ),
    "brave": _Candidates(
        ("brave-browser", "brave"),
        ("/opt/brave.com/brave/brave", "/snap/bin/brave"),
        ("Brave Browser.app/Contents/MacOS/Brave Browser",),
        (r"BraveSoftware\Brave-Browser\Application\brave.exe",),
    ),
}


def browser_label(name_or_path: str) -> str:
    """How a browser choice reads in the app: "Chrome", or a path's file name."""
    wanted = name_or_path.strip()
    if is_browser_path(wanted):
        return Path(wanted.replace("\\", "/")).name or wanted
    return _LABELS.get(wanted.lower(), wanted)


def is_browser_path(name_or_path: str) -> bool:
    """True when the user gave a path rather than one of the names."""
    return os.sep in name_or_path or "/" in name_or_path or name_or_path.lower().endswith(".exe")


def candidate_places(
    name: str, platform: str = sys.platform, env: Mapping[str, str] | None = None
) -> list[str]:
    """Every place searched for `name` on `platform`, in order (commands first, by name)."""
    env = os.environ if env is None else env
    known = _KNOWN[name]
    places = [f"{command} on PATH" for command in known.commands]
    if platform.startswith("win"):
        roots = [
            env.get(var, "")
            for var in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")
            if env.get(var)
        ]
        places += [f"{root}\\{rel}" for root in roots for rel in known.windows]
    elif platform == "darwin":
        home = env.get("HOME", "~")
        places += [
            f"{root}/{rel}"
            for root in ("/Applications", f"{home}/Applications")
            for rel in known.mac
        ]
    else:
        places += list(known.linux)
    return places


def find_browser(name_or_path: str, platform: str = sys.platform) -> Path:
    """The executable for `chrome`, `chromium`, `edge`, `brave`, or a given path.

    Raises BrowserNotFoundError naming every place searched and how to pass a path.
    """
    wanted = name_or_path.strip()
    if is_browser_path(wanted):
        path = Path(wanted).expanduser()
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise BrowserNotFoundError(
            f"{wanted} is not an executable file. Give the path to a Chromium-family "
            "browser (Chrome, Chromium, Edge, Brave), or one of: " + ", ".join(BROWSER_NAMES)
        )
    name = wanted.lower()
    if name not in _KNOWN:
        raise BrowserNotFoundError(
            f"Unknown browser {wanted!r}: use {EMBEDDED}, "
            + ", ".join(BROWSER_NAMES)
            + ", or the path to a Chromium-family browser's executable."
        )
    for place in candidate_places(name, platform):
        if place.endswith(" on PATH"):
            found = shutil.which(place.removesuffix(" on PATH"))
            if found:
                return Path(found)
        elif Path(place).is_file():
            return Path(place)
    searched = "; ".join(candidate_places(name, platform))
    raise BrowserNotFoundError(
        f"{name} is not installed here (searched: {searched}). Install it, or pass the path "
        "to its executable, e.g. --browser /path/to/chrome."
    )


def available_browsers(platform: str = sys.platform) -> list[str]:
    """The names of the browsers found on this machine, in the usual order of preference."""
    found = []
    for name in BROWSER_NAMES:
        try:
            find_browser(name, platform)
        except BrowserNotFoundError:
            continue
        found.append(name)
    return found
