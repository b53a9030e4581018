"""Regenerate mct_desktop/core/api/curl_options.py from the local curl's own option list.

Run: `python packaging/curl_options.py > mct_desktop/core/api/curl_options.py`
(`curl --help all` lists every option, its short form and `<arg>` when it takes a value).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

# `<arg>` marks a value, except for `-x, --proxy [protocol://]host[:port]` and --preproxy.
_LINE = re.compile(r"^\s*(?:-(?P<short>\S), )?(?P<long>--[A-Za-z0-9.-]+)(?P<arg> <[^>]*>| \[\S+)?")


def table_lines(help_text: str) -> list[str]:
    """One `S --long <arg>` line per option (`S` is the short letter or `-`)."""
    lines = []
    for raw in help_text.splitlines():
        match = _LINE.match(raw)
        if match:
            short = match["short"] or "-"
            arg = " <arg>" if match["arg"] else ""
            lines.append(f"{short} {match['long']}{arg}")
    return lines


def render(version: str, lines: list[str]) -> str:
    body = "\n".join(lines)
    return f'''"""Every curl {version} option and whether it takes a value: generated, do not edit.

Made by `packaging/curl_options.py` from `curl --help all` (curl {version}); each line is
`SHORT --long [<arg>]`, `-` where the option has no one-letter form.
"""

CURL_VERSION = "{version}"

TABLE = """
{body}
"""
'''


def main() -> int:
    curl = shutil.which("curl") or "curl"
    # The local curl, run with fixed arguments.
    version = subprocess.run([curl, "--version"], capture_output=True, text=True, check=True)  # noqa: S603
    number = version.stdout.split()[1]
    text = subprocess.run([curl, "--help", "all"], capture_output=True, text=True, check=True)  # noqa: S603
    sys.stdout.write(render(number, table_lines(text.stdout)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
