"""What `call --all`, `export` and `proxy` share: reporting a failure, progress lines."""

from __future__ import annotations

import sys
import time
from typing import IO

from mct_desktop.commands.errors import CommandError
from mct_desktop.core.api.pager import PagingProgress
from mct_desktop.core.api.run_text import progress_line


def report(exc: CommandError) -> int:
    print(f"mct-desktop: {exc}", file=sys.stderr)
    return exc.code


class TerminalProgress:
    """One line on stderr, rewritten at most ten times a second; silent when not a terminal."""

    def __init__(self, label: str = "", stream: IO[str] | None = None) -> None:
        self._stream = stream or sys.stderr
        self._label = label
        self._enabled = self._stream.isatty()
        self._shown = 0.0
        self._width = 0

    def __call__(self, progress: PagingProgress) -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        if not progress.waiting and now - self._shown < 0.1:
            return
        self._shown = now
        text = self._label + progress_line(progress)
        self._stream.write("\r" + text.ljust(self._width))
        self._width = len(text)
        self._stream.flush()

    def finish(self) -> None:
        if self._enabled and self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0
