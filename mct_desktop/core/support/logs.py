"""The app's log: a rotating file in the XDG state dir, every line scrubbed of secrets."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from mct_desktop.core import paths
from mct_desktop.core.redact import RedactingFilter, redact

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_file() -> Path:
    return paths.state_dir() / "mct-desktop.log"


def enable_file_log(level: int = logging.INFO) -> Path | None:
    """Add the rotating file handler (1 MB x 3). None when the state dir is not writable."""
    path = log_file()
    try:
        paths.private_file(path)  # 0600 in a 0700 folder, whatever the umask
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(level)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return path


def recent_log(lines: int = 200) -> str:
    try:
        text = log_file().read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log yet)"
    # Scrubbed again: a line written by an older version must not leak either.
    return redact("\n".join(text.splitlines()[-lines:]))
