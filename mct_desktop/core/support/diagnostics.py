"""The "Copy diagnostics" text: versions, places, keychain state and the recent log, redacted."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

from mct_desktop import __version__
from mct_desktop.core import paths
from mct_desktop.core.redact import mask_query_values, redact
from mct_desktop.core.support.logs import log_file, recent_log


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def diagnostics(extra: dict[str, str] | None = None) -> str:
    lines = [
        f"MCT Desktop {__version__}",
        f"Python {sys.version.split()[0]} on {platform.platform()}",
        *(f"{name} {_version(name)}" for name in ("PySide6-Essentials", "httpx", "keyring")),
        *(f"{k}: {v}" for k, v in (extra or {}).items()),
        f"config: {paths.config_dir()}",
        f"data: {paths.data_dir()}",
        f"cache: {paths.cache_dir()}",
        f"log: {log_file()}",
        "",
        "Recent log:",
        recent_log(),
    ]
    return mask_query_values(redact("\n".join(lines)))
