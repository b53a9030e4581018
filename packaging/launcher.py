"""Entry point of the bundled application (PyInstaller runs this file)."""

import sys

from mct_desktop.cli import run

if __name__ == "__main__":
    sys.exit(run())
