"""Entry point for `python -m mct_desktop`."""

import sys

from mct_desktop.cli import main

sys.exit(main())
