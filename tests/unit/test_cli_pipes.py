"""Every printing command stops quietly when its reader goes away (issue 13, item 20)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support import demo_tokens

ROOT = Path(__file__).resolve().parents[2]

# A subprocess with an in-memory keychain holding the demo's tokens, then the CLI.
_RUNNER = textwrap.dedent(
    """
    import os, sys
    import keyring
    from tests.support import MemoryKeyring
    keyring.set_keyring(MemoryKeyring())
    from mct_desktop.core.session.portal_service import PortalService
    from mct_desktop.core.tokens import TokenPair
    service = PortalService()
    portal = service.add_portal(os.environ["DEMO_URL"])
    service.store_tokens(portal, TokenPair(os.environ["DEMO_ACCESS"], os.environ["DEMO_REFRESH"]))
    from mct_desktop.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)

COMMANDS = [
    ["--help"],
    ["--version"],
    ["call", "--help"],
    ["endpoints"],
    ["endpoints", "--filter", "users"],
    ["portals"],
    ["portals", "list"],
    ["token"],
    ["token", "--json"],
    ["call", "GET", "/api/v1/users"],
    ["call", "GET", "/api/v1/users", "--include"],
    ["call", "GET", "/api/v1/users", "--all", "--page-size", "2"],
]


def _env(demo, tmp_path) -> dict[str, str]:
    pair = demo_tokens(demo)
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(tmp_path / name.lower())
    env.update(DEMO_URL=demo.url, DEMO_ACCESS=pair.access_token, DEMO_REFRESH=pair.refresh_token)
    return env


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_closed_stdout_ends_quietly(demo, tmp_path, argv):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line: every write fails
    try:
        done = subprocess.run(
            [sys.executable, "-c", _RUNNER, *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env=_env(demo, tmp_path),
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode in (0, 141)


def test_endpoints_into_head(demo, tmp_path):
    # The report's own pipeline.
    runner = tmp_path / "runner.py"
    runner.write_text(_RUNNER)
    done = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" "{runner}" endpoints | head -1'],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(demo, tmp_path),
    )
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr == ""
