"""Finding the user's own browser: names, paths, and what the error says when it is missing."""

from __future__ import annotations

import stat

import pytest

from mct_desktop.core.session.browser import locate
from mct_desktop.core.session.browser.locate import BrowserNotFoundError, find_browser


def test_a_path_to_an_executable_is_used_as_is(tmp_path):
    exe = tmp_path / "my chrome"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    assert find_browser(str(exe)) == exe


def test_a_path_that_is_not_an_executable_says_so(tmp_path):
    with pytest.raises(BrowserNotFoundError, match="is not an executable file"):
        find_browser(str(tmp_path / "nope"))


def test_an_unknown_name_lists_the_choices():
    with pytest.raises(BrowserNotFoundError, match="embedded, chrome, chromium, edge, brave"):
        find_browser("firefox")


def test_a_name_is_found_on_path(tmp_path, monkeypatch):
    exe = tmp_path / "microsoft-edge"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_browser("Edge", "linux") == exe


def test_a_missing_browser_names_every_place_searched_and_how_to_pass_a_path(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(BrowserNotFoundError) as caught:
        find_browser("brave", "linux")
    message = str(caught.value)
    assert "brave-browser on PATH" in message and "/opt/brave.com/brave/brave" in message
    assert "--browser /path/to/chrome" in message


def test_windows_and_macos_places():
    env = {
        "PROGRAMFILES": r"C:\Program Files",
        "LOCALAPPDATA": r"C:\Users\ada\AppData\Local",
        "HOME": "/Users/ada",
    }
    windows = locate.candidate_places("chrome", "win32", env)
    assert r"C:\Program Files\Google\Chrome\Application\chrome.exe" in windows
    assert r"C:\Users\ada\AppData\Local\Google\Chrome\Application\chrome.exe" in windows
    mac = locate.candidate_places("edge", "darwin", env)
    assert "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge" in mac
    assert "/Users/ada/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge" in mac


def test_is_browser_path():
    assert locate.is_browser_path("/usr/bin/chromium")
    assert locate.is_browser_path(r"C:\x\chrome.exe")
    assert locate.is_browser_path("chrome.exe")
    assert not locate.is_browser_path("chrome")
