"""Warnings reach the terminal scrubbed and labelled, though `logging` loads only when used."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JWT = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl"


def run(code, isolated_home):
    isolated_home.mkdir(exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=isolated_home,
    )


def test_logging_loaded_later_is_set_up_when_it_loads(isolated_home):
    done = run(
        f"""
        import sys
        from mct_desktop.cli import _configure_logging
        _configure_logging()
        assert "logging" not in sys.modules
        import logging
        logging.getLogger("mct_desktop.x").warning("sent Bearer {JWT}")
        logging.getLogger("mct_desktop.x").info("not for the terminal")
        """,
        isolated_home,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "mct-desktop: WARNING: sent Bearer <redacted-jwt>\n"


def test_logging_loaded_before_is_set_up_at_once(isolated_home):
    done = run(
        f"""
        import logging
        from mct_desktop.cli import _configure_logging
        _configure_logging()
        logging.getLogger("mct_desktop.x").warning("{JWT}")
        """,
        isolated_home,
    )
    assert done.stderr == "mct-desktop: WARNING: <redacted-jwt>\n"


def test_a_damaged_settings_file_is_reported_as_before(isolated_home):
    settings = isolated_home / "config" / "mct-desktop" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("{damaged")
    done = run(
        """
        import sys
        from mct_desktop.cli import main
        sys.exit(main(["token"]))
        """,
        isolated_home,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "mct-desktop: WARNING: settings file unreadable: Expecting property name enclosed in "
        "double quotes: line 1 column 2 (char 1)",
        "mct-desktop: No portal is configured. Add one with: mct-desktop login https://YOUR-PORTAL",
    ]
