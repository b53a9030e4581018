"""The CLI's exit statuses and the error that carries one; a leaf every command imports."""

from __future__ import annotations

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report it


class CommandError(Exception):
    """A failure with a message for the user and an exit code; never a traceback."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.code = code
