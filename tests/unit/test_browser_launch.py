"""How the own browser is started: a dedicated profile, a throwaway cache, loopback DevTools."""

from pathlib import Path

from mct_desktop.core import paths
from mct_desktop.core.session.browser import launch
from mct_desktop.core.session.browser.launch import BrowserProcess


def flags(process: BrowserProcess) -> dict[str, str]:
    return dict(a.split("=", 1) if "=" in a else (a, "") for a in process.arguments()[1:])


def test_a_throwaway_profile_and_cache_are_removed_afterwards(monkeypatch):
    monkeypatch.setattr(launch, "running_as_root", lambda: False)
    process = BrowserProcess(Path("/usr/bin/chromium"), None)
    args = flags(process)
    profile, cache = Path(args["--user-data-dir"]), Path(args["--disk-cache-dir"])
    assert profile.is_dir() and cache.is_dir() and not process.kept
    assert args["--remote-debugging-port"] == "0"  # the browser picks a free port
    assert args["--remote-debugging-address"] == "127.0.0.1"
    assert "--no-first-run" in args and "--no-default-browser-check" in args
    assert "--no-sandbox" not in args
    process.cleanup()
    assert not profile.exists() and not cache.exists()


def test_a_kept_profile_lives_beside_the_embedded_ones_and_caches_elsewhere(monkeypatch):
    monkeypatch.setattr(launch, "running_as_root", lambda: True)
    kept = launch.kept_profile_dir("https://contoso.example")
    assert kept.parent == paths.data_dir() / "chrome-profiles"
    process = BrowserProcess(Path("/usr/bin/chromium"), kept)
    args = flags(process)
    assert Path(args["--user-data-dir"]) == kept and process.kept
    cache = Path(args["--disk-cache-dir"])
    assert not cache.is_relative_to(kept)  # the Callback's answer never lands in a kept cache
    assert "--no-sandbox" in args  # Chromium refuses to run as root with its sandbox
    (kept / "Default").mkdir()
    (kept / "Default" / "History").write_text("visited")
    (kept / "Default" / "Cookies").write_text("sso")
    process.cleanup()
    assert not cache.exists() and kept.is_dir()
    assert not (kept / "Default" / "History").exists()
    assert (kept / "Default" / "Cookies").exists()  # what the user opted to keep


def test_a_cancel_before_the_port_opens_ends_the_wait_at_once(monkeypatch, tmp_path):
    import threading
    import time

    import pytest

    from mct_desktop.core.session.browser.locate import BrowserSignInError

    monkeypatch.setattr(launch, "running_as_root", lambda: False)
    process = BrowserProcess(Path("/usr/bin/chromium"), None)  # never started: no port file
    cancel = threading.Event()
    threading.Timer(0.1, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(BrowserSignInError, match="cancelled"):
        process.wait_for_port(30.0, cancel)
    assert time.monotonic() - started < 5  # not the 30 s start-up timeout
    process.cleanup()
