"""The Secret Service without keyring (gnome-keyring in a private D-Bus session).

Both ways compatible with keyring's backend, one session per process, and what the
direct path does not cover (a locked collection, a keyring configuration) goes to keyring
with the same outcome as before.
"""

import os
import shutil
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

import keyring
import pytest
import secretstorage

from mct_desktop import APP_NAME
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.secret_service import open_keychain
from mct_desktop.core.session.vault import TokenVault
from mct_desktop.core.tokens import TokenPair
from mct_desktop.demo import jwt

pytestmark = pytest.mark.secret_service
ROOT = Path(__file__).resolve().parents[2]
URL = "https://direct.example"


def items(username):
    with closing(secretstorage.dbus_init()) as connection:
        collection = secretstorage.get_default_collection(connection)
        found = collection.search_items({"service": APP_NAME, "username": username})
        # gnome-keyring adds "xdg:schema" to some items itself (the first of a new keyring)
        return [
            (
                item.get_label(),
                _without_schema(item.get_attributes()),
                item.get_secret_content_type(),
            )
            for item in found
        ]


def _without_schema(attributes):
    return {name: value for name, value in attributes.items() if name != "xdg:schema"}


def valid_pair():
    return TokenPair(jwt.sign({"exp": int(time.time()) + 3600}, b"k"), "refresh-direct")


@pytest.fixture
def keychain():
    chain = open_keychain()
    assert chain is not None
    yield chain
    chain.close()


def test_each_reads_what_the_other_wrote(keychain):
    keyring.set_password(APP_NAME, "e2e-a access_token", "written by keyring")
    assert keychain.get_password(APP_NAME, "e2e-a access_token") == "written by keyring"
    keychain.set_password(APP_NAME, "e2e-b access_token", "written directly, é ✓")
    assert keyring.get_password(APP_NAME, "e2e-b access_token") == "written directly, é ✓"
    # The same item keyring would have written: label, attributes, content type.
    (theirs,) = items("e2e-a access_token")
    (ours,) = items("e2e-b access_token")
    assert ours == (
        theirs[0].replace("e2e-a", "e2e-b"),
        {**theirs[1], "username": "e2e-b access_token"},
        theirs[2],
    )
    keychain.set_password(APP_NAME, "e2e-b access_token", "replaced")
    assert len(items("e2e-b access_token")) == 1
    assert keyring.get_password(APP_NAME, "e2e-b access_token") == "replaced"
    keychain.delete_password(APP_NAME, "e2e-b access_token")
    keychain.delete_password(APP_NAME, "e2e-b access_token")  # nothing stored: no error
    assert keyring.get_password(APP_NAME, "e2e-b access_token") is None
    assert keychain.get_password(APP_NAME, "e2e-b access_token") is None
    keyring.delete_password(APP_NAME, "e2e-a access_token")


def test_one_session_serves_every_entry_of_the_process(keychain):
    vault = TokenVault(keychain)
    assert vault.status.persistent and vault.status.backend == "SecretService.Keyring"
    pair = valid_pair()
    vault.save(URL, pair)
    assert TokenVault(keychain).load(URL) == pair
    assert keyring.get_password(APP_NAME, f"{URL} refresh_token") == "refresh-direct"
    vault.delete(URL)
    assert keyring.get_password(APP_NAME, f"{URL} access_token") is None
    assert keychain.sessions_opened == 1


def run_token(*, env=None, code=None):
    """`mct-desktop token` in a fresh process, reporting what it imported."""
    code = code or textwrap.dedent(
        """
        import sys
        from mct_desktop.core.session import secret_service
        opened = []
        adopt = secret_service.SecretServiceKeychain._adopt_session
        def counted(self, *args):
            opened.append(1)
            return adopt(self, *args)
        secret_service.SecretServiceKeychain._adopt_session = counted
        from mct_desktop.cli import main
        code = main(["token"])
        # cryptography maps an 8 MB library: AES goes through the OpenSSL hashlib loaded.
        heavy = ("keyring", "secretstorage", "platformdirs", "httpx", "cryptography", "logging",
                 "mct_desktop.core.session.token_client", "mct_desktop.core.session.token_manager")
        # inspect stays a placeholder: what it would import (import_on_use.py) is not there
        if sys.version_info < (3, 12):  # where dataclasses itself needs no inspect
            heavy += ("ast", "dis", "tokenize")
        print(sorted(m for m in sys.modules if m.startswith(heavy)), len(opened), file=sys.stderr)
        sys.exit(code)
        """
    )
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full_env, timeout=60
    )


def test_the_token_command_reads_the_pair_in_one_session_without_keyring():
    service = PortalService()
    pair = valid_pair()
    service.store_tokens(service.add_portal(URL), pair)  # through keyring: the old way
    try:
        done = run_token()
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == pair.access_token
        assert done.stderr.strip() == "[] 1"
    finally:
        service.sign_out(service.find(URL))


@pytest.mark.parametrize("how", ["variable", "config file"])
def test_a_keyring_configuration_goes_through_keyring(how, isolated_home):
    service = PortalService()
    pair = valid_pair()
    service.store_tokens(service.add_portal(URL), pair)
    backend = "keyring.backends.SecretService.Keyring"
    env = {}
    if how == "variable":
        env["PYTHON_KEYRING_BACKEND"] = backend
    else:
        config = isolated_home / "config" / "python_keyring" / "keyringrc.cfg"
        config.parent.mkdir(parents=True)
        config.write_text(f"[backend]\ndefault-keyring={backend}\n")
    try:
        done = run_token(env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == pair.access_token
        assert "'keyring'" in done.stderr and done.stderr.strip().endswith(" 0")
    finally:
        service.sign_out(service.find(URL))


@pytest.mark.skipif(not shutil.which("dbus-run-session"), reason="needs dbus-run-session")
def test_a_locked_keychain_reads_as_it_did_through_keyring(tmp_path, isolated_home):
    # Its own session and keyring daemon: locking the shared one would stop the other tests.
    script = textwrap.dedent(
        f"""
        echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        {sys.executable} - <<'EOF'
        import time
        from contextlib import closing
        import secretstorage
        from mct_desktop.core.session.portal_service import PortalService
        from mct_desktop.core.tokens import TokenPair
        service = PortalService()
        service.store_tokens(service.add_portal("{URL}"), TokenPair("a.b.c", "r"))
        with closing(secretstorage.dbus_init()) as connection:
            secretstorage.get_default_collection(connection).lock()
        EOF
        echo ---
        exec {sys.executable} -m mct_desktop token
        """
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")
    }  # no display: the unlock prompt fails at once, as the user dismissing it would
    env.update(PYTHONPATH=str(ROOT), XDG_DATA_HOME=str(tmp_path / "keyring"))
    (isolated_home / "cache").mkdir(parents=True)  # the daemon's control socket goes there
    done = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=90,
    )
    assert done.returncode == 1 and done.stdout.endswith("---\n")  # no token printed
    assert "mct-desktop: WARNING: keychain read failed: KeyringLocked" in done.stderr
    assert (
        "mct-desktop: No token is stored for direct.example; sign in first. (The keychain is "
        "locked, so tokens could not be read (Failed to unlock the collection!). Tokens are "
        "kept in memory for this run only; nothing is written to disk.) Run: mct-desktop "
        f"login {URL}"
    ) in done.stderr
