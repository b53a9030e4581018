"""Where MCT Desktop keeps its non-secret files (XDG on Linux, the native places elsewhere)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import platformdirs

from mct_desktop import APP_NAME


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def portal_slug(portal_key: str) -> str:
    """A file-name-safe, collision-free folder name for a portal."""
    readable = re.sub(r"[^a-z0-9]+", "-", portal_key.lower().split("://", 1)[-1]).strip("-")
    digest = hashlib.sha256(portal_key.encode()).hexdigest()[:8]
    return f"{readable[:60]}-{digest}"


def browser_profile_dir(portal_key: str) -> Path:
    """Persistent embedded-browser storage of one portal (used only when the user opts in)."""
    return data_dir() / "browser-profiles" / portal_slug(portal_key)


def own_browser_profile_dir(portal_key: str) -> Path:
    """Kept profile of the user's own Chrome/Edge for one portal (only when the user opts in)."""
    return data_dir() / "chrome-profiles" / portal_slug(portal_key)
