"""Every file and folder the app makes is private; a crash leaves no core dump (subprocesses)."""

import os
import resource
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_python(code, tmp_path, *, core_limit=None, timeout=120):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for name, sub in [
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ]:
        env[name] = str(tmp_path / sub)
    env["HOME"] = str(tmp_path)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

    def prepare():
        os.umask(0o022)  # the usual desktop umask: files 0644, folders 0755
        if core_limit is not None:
            _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
            resource.setrlimit(resource.RLIMIT_CORE, (core_limit, hard))  # `ulimit -c unlimited`

    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        cwd=tmp_path,
        preexec_fn=prepare,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def modes(tmp_path):
    found = {}
    for path in sorted(tmp_path.rglob("*")):
        if path.is_symlink() or "__pycache__" in path.parts:
            continue
        found[str(path.relative_to(tmp_path))] = oct(stat.S_IMODE(path.stat().st_mode))
    return found


def test_files_and_folders_the_app_makes_are_private_whatever_the_umask(tmp_path):
    # What an older version left behind under umask 022.
    old_state = tmp_path / "state" / "mct-desktop"
    (old_state / "locks").mkdir(parents=True, mode=0o755)
    for name in ("mct-desktop.log", "locks/old.lock"):
        (old_state / name).write_text("x")
        (old_state / name).chmod(0o644)
    old_state.chmod(0o755)
    result = run_python(
        """
        import os
        from mct_desktop.cli import main
        from mct_desktop.core.api.history import RequestStore
        from mct_desktop.core.api.request import ApiRequest
        from mct_desktop.core.portal import Portal
        from mct_desktop.core.session.portal_service import PortalService
        from mct_desktop.core.session.token_manager import TokenManager
        from mct_desktop.core.support.logs import enable_file_log

        assert main(["portals", "add", "https://contoso.example"]) == 0
        store = RequestStore()
        url = "https://contoso.example/api/v2/Profile"
        store.record("https://contoso.example", ApiRequest("GET", "/api/v2/Profile"), url)
        db = store.path
        for part in ("-wal", "-shm"):  # gone after a clean exit: look while the store is open
            print(db.name + part, oct(os.stat(str(db) + part).st_mode & 0o777))
        enable_file_log()
        import logging; logging.getLogger("x").warning("hello")
        with TokenManager(PortalService())._exclusive(Portal("https://contoso.example")):
            pass
        with open("exported.json", "w") as handle:  # a file the user saves from the app
            handle.write("{}")
        print(oct(os.umask(0o077)))
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.split()
    assert out[-1] == "0o77"  # the umask
    assert out[-5:-1] == ["history.sqlite3-wal", "0o600", "history.sqlite3-shm", "0o600"]
    found = modes(tmp_path)
    made = {
        name: mode
        for name, mode in found.items()
        if name.startswith(("config/", "data/", "cache/", "state/")) or name == "exported.json"
    }
    for name in (
        "data/mct-desktop/history.sqlite3",
        "state/mct-desktop/mct-desktop.log",
        "state/mct-desktop/locks/old.lock",
        "config/mct-desktop/settings.json",
        "exported.json",
    ):
        assert name in made, sorted(made)
    assert any(name.endswith(".lock") and "old" not in name for name in made)
    loose = {
        name: mode
        for name, mode in made.items()
        if mode != ("0o700" if (tmp_path / name).is_dir() else "0o600")
        and name not in ("config", "data", "cache", "state")  # the user's XDG folders
    }
    assert loose == {}


def test_the_process_is_not_dumpable_and_has_no_core_limit(tmp_path):
    result = run_python(
        """
        import ctypes, resource
        from mct_desktop.cli import main
        main(["portals", "list"])
        print(resource.getrlimit(resource.RLIMIT_CORE))
        print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))  # PR_GET_DUMPABLE
        """,
        tmp_path,
        core_limit=resource.RLIM_INFINITY,
    )
    assert result.returncode == 0, result.stderr
    soft_limit, dumpable = result.stdout.split("\n")[-3:-1]
    assert soft_limit.startswith("(0, ") and dumpable == "0"


def _cores(folder):
    return [p for p in folder.iterdir() if p.name == "core" or p.name.startswith("core.")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux core_pattern")
def test_a_crash_writes_no_core_dump(tmp_path):
    crash = """
        import os
        {start}
        token = "eyJ-secret-access-token-" * 1000  # what a signed-in process holds
        os.abort()
        """
    with_control = tmp_path / "control"
    with_control.mkdir()
    control = run_python(crash.format(start=""), with_control, core_limit=resource.RLIM_INFINITY)
    assert control.returncode == -signal.SIGABRT
    if not _cores(with_control):
        pytest.skip("this machine writes no core files at all (core_pattern or limits)")
    app = tmp_path / "app"
    app.mkdir()
    start = "from mct_desktop.cli import main; main(['portals', 'list'])"
    result = run_python(crash.format(start=start), app, core_limit=resource.RLIM_INFINITY)
    assert result.returncode == -signal.SIGABRT
    assert _cores(app) == []
