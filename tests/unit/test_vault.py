import keyring.backends.fail

from mct_desktop.core.session.vault import TokenVault
from mct_desktop.core.tokens import TokenPair
from tests.support import LockedKeyring, MemoryKeyring

PAIR = TokenPair("access-1", "refresh-1")


def test_pair_is_stored_per_portal_and_read_back_by_a_new_vault():
    backend = MemoryKeyring()
    TokenVault(backend).save("https://a.example", PAIR)
    assert TokenVault(backend).load("https://a.example") == PAIR
    assert TokenVault(backend).load("https://b.example") is None
    assert set(backend.entries) == {
        ("mct-desktop", "https://a.example access_token"),
        ("mct-desktop", "https://a.example refresh_token"),
    }


def test_a_pair_without_refresh_token_removes_the_old_refresh_token():
    backend = MemoryKeyring()
    vault = TokenVault(backend)
    vault.save("p", PAIR)
    vault.save("p", TokenPair("access-2"))
    assert TokenVault(backend).load("p") == TokenPair("access-2", None)


def test_delete_removes_everything_and_tolerates_nothing_stored():
    backend = MemoryKeyring()
    vault = TokenVault(backend)
    vault.save("p", PAIR)
    vault.delete("p")
    vault.delete("p")
    assert backend.entries == {} and vault.load("p") is None


def test_locked_keychain_keeps_tokens_in_memory_and_says_so():
    vault = TokenVault(LockedKeyring())
    status = vault.save("p", PAIR)
    assert not status.persistent
    assert "locked" in status.problem and "memory for this run only" in status.problem
    assert vault.load("p") == PAIR


def test_missing_keychain_is_reported_and_nothing_is_written(tmp_path):
    vault = TokenVault(keyring.backends.fail.Keyring())
    assert not vault.status.persistent
    assert "No system keychain" in vault.status.problem
    vault.save("p", PAIR)
    assert vault.load("p") == PAIR
    assert not any(tmp_path.rglob("*")) or all(
        "access-1" not in f.read_text(errors="ignore") for f in tmp_path.rglob("*") if f.is_file()
    )


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt's file backends."""


def test_plaintext_backends_are_refused():
    vault = TokenVault(PlaintextKeyring())
    assert not vault.status.persistent
    assert "unencrypted" in vault.status.problem


def test_broken_keyring_on_read_falls_back_without_raising():
    class Broken(MemoryKeyring):
        def get_password(self, service, username):
            raise RuntimeError("D-Bus went away")

    vault = TokenVault(Broken())
    assert vault.load("p") is None
    assert "D-Bus went away" in vault.status.problem
