"""About: versions of the app, Qt and Chromium, and where data is kept."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from mct_desktop import __version__
from mct_desktop.core import paths
from mct_desktop.core.markup import escape
from mct_desktop.core.support.logs import log_file


def chromium_version() -> str:
    """Asked only when the dialog opens: it loads QtWebEngine."""
    try:
        from PySide6.QtWebEngineCore import qWebEngineChromiumVersion

        return str(qWebEngineChromiumVersion())
    except (ImportError, AttributeError):
        return "unknown"


def versions() -> dict[str, str]:
    return {"Qt": qVersion(), "PySide6": pyside_version, "Chromium": chromium_version()}


class AboutDialog(QDialog):
    def __init__(self, keychain: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About MCT Desktop")
        rows = [
            ("Version", __version__),
            *versions().items(),
            ("Tokens and secrets", keychain),
            ("Settings", str(paths.config_dir())),
            ("History, browser profiles", str(paths.data_dir())),
            ("Cached Swagger", str(paths.cache_dir())),
            ("Log", str(log_file())),
        ]
        table = "".join(
            f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in rows
        )
        label = QLabel(
            "<h3>MCT Desktop</h3><p>Sign in to Microsoft Community Training portals and call "
            f"their API.</p><table cellpadding='3'>{table}</table>",
            self,
        )
        label.setTextInteractionFlags(
            label.textInteractionFlags() | label.textInteractionFlags().TextSelectableByMouse
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
