"""Entry point for `python -m mct_desktop`."""

import sys

from mct_desktop.cli import run

sys.exit(run())
