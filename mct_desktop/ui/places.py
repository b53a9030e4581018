"""Where file dialogs start: the user's Downloads folder, never the working directory."""

from __future__ import annotations

from pathlib import Path


def downloads_folder() -> Path:
    """The Downloads folder (XDG user dirs, Windows and macOS alike), else the home folder."""
    # Imported when a dialog asks: the class's 25 Python enums are not part of the start.
    from PySide6.QtCore import QStandardPaths

    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    for candidate in (
        location,
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation),
    ):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()


def save_proposal(filename: str) -> str:
    """A save dialog's starting path: the file name in the Downloads folder."""
    return str(downloads_folder() / Path(filename).name)
