"""The app's folders on Linux: platformdirs' answer, reached without importing it."""

import subprocess
import sys

import platformdirs
import pytest

from mct_desktop import APP_NAME
from mct_desktop.core import paths

KINDS = [
    (paths.config_dir, "config", "XDG_CONFIG_HOME"),
    (paths.data_dir, "data", "XDG_DATA_HOME"),
    (paths.cache_dir, "cache", "XDG_CACHE_HOME"),
    (paths.state_dir, "state", "XDG_STATE_HOME"),
]


@pytest.mark.parametrize(("ours", "kind", "variable"), KINDS)
@pytest.mark.parametrize(
    ("xdg", "home"),
    [
        ("/x/base", "/home/ada"),
        ("/x/base/", "/home/ada/"),
        ("", "/home/ada"),
        (None, "/home/ada"),
        ("relative/base", "/home/ada"),
        (None, "/"),
        (None, "//srv//ada/"),
        (None, "relative-home"),
        (None, None),
    ],
)
def test_the_same_folder_as_platformdirs(monkeypatch, ours, kind, variable, xdg, home):
    for name, value in [(variable, xdg), ("HOME", home)]:
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    expected = getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False)
    assert ours() == type(ours())(expected)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
def test_finding_the_folders_does_not_import_platformdirs():
    code = (
        "import sys; from mct_desktop.core import paths;"
        "[f() for f in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.state_dir)];"
        "print('platformdirs' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
