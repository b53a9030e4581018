"""curl import never keeps credentials, never takes an option's value for the URL, and a
deleted history entry is gone from every file on disk at once (issue 16 item 3)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from mct_desktop.core.api.curl_import import CurlParseError, from_curl
from mct_desktop.core.api.history import RequestStore
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.api.sanitise import sanitised

URL = "https://contoso.azurefd.net/api/v1/users"
SECRETS = ("S3cretPass", "SECRETBEARER123", "CERTPASS99", "PROXYPASS77", "KEYVALUE55")


def _everything(imported) -> str:
    return repr(imported.request) + " ".join(imported.notes)


@pytest.mark.parametrize(
    "command",
    [
        "curl https://alice:S3cretPass@contoso.azurefd.net/api/v1/users",
        f"curl --oauth2-bearer SECRETBEARER123 {URL}",
        f"curl -E client.pem:CERTPASS99 {URL}",
        f"curl --cert client.pem:CERTPASS99 {URL}",
        f"curl --proxy-user bob:PROXYPASS77 {URL}",
        f"curl -U bob:PROXYPASS77 {URL}",
        f"curl -u alice:S3cretPass {URL}",
        f"curl -ualice:S3cretPass {URL}",
        f"curl -b 'session=KEYVALUE55' {URL}",
        f"curl --pass CERTPASS99 --key k.pem {URL}",
        f"curl -H 'Ocp-Apim-Subscription-Key: KEYVALUE55' {URL}",
        f"curl -H 'X-Functions-Key: KEYVALUE55' {URL}",
        f"curl -H 'X-Auth: KEYVALUE55' {URL}",
        f"curl -H 'X-Api-Key: KEYVALUE55' {URL}",
        f"curl -H 'apikey: KEYVALUE55' {URL}",
        f"curl -H 'Proxy-Authorization: Basic KEYVALUE55' {URL}",
    ],
)
def test_credentials_are_dropped_with_a_note_and_the_url_is_kept(command):
    imported = from_curl(command)
    assert imported.request.target == URL
    assert imported.request.method == "GET"
    assert not any(secret in _everything(imported) for secret in SECRETS)
    assert any("dropped" in note for note in imported.notes)


def test_every_curl_option_with_a_value_keeps_its_value_out_of_the_url():
    """Driven by curl's own option list: no value ever becomes the request target."""
    from mct_desktop.core.api.curl_import import SHORT, WITH_VALUE

    spellings = sorted(WITH_VALUE)
    spellings += [f"-{letter}" for letter, name in SHORT.items() if name in WITH_VALUE]
    assert len(WITH_VALUE) > 120
    for option in spellings:
        if option in ("--url",):
            continue
        try:
            imported = from_curl(f"curl {option} VALUE123 {URL}")
        except CurlParseError as exc:
            assert option in str(exc) or "VALUE123" not in str(exc)
            continue
        assert imported.request.target == URL, option
        assert "VALUE123" not in imported.request.target


@pytest.mark.parametrize(
    "command",
    [
        f"curl --trace-ascii log2.txt {URL}",
        f"curl --cert /path/to/the/cert {URL}",
        f"curl -x http://proxy.example:3128 {URL}",
        f"curl --resolve contoso.azurefd.net:443:127.0.0.1 {URL}",
        f"curl -sSL -m 30 {URL}",
    ],
)
def test_options_with_values_never_become_the_url(command):
    assert from_curl(command).request.target == URL


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (f"curl --frobnicate x {URL}", "Unknown curl option --frobnicate"),
        (f"curl -T data.csv {URL}", "-T cannot be imported"),
        (f"curl -K opts.txt {URL}", "-K cannot be imported"),
        (f"curl {URL} https://other.example/", "more than one URL"),
        ("curl ftp://files.example/x", "Only http and https"),
        ("curl 'http://[::1'", "is not valid"),
        ("curl 'http://host:99999/x'", "is not valid"),
    ],
)
def test_what_cannot_be_honoured_is_refused_clearly(command, expected):
    with pytest.raises(CurlParseError, match=expected.replace("/", ".")):
        from_curl(command)


def test_the_option_table_is_curls_own_list():
    """The table is generated from `curl --help all`; regenerate when the versions match."""
    from mct_desktop.core.api.curl_options import CURL_VERSION, TABLE

    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed")
    version = subprocess.run([curl, "--version"], capture_output=True, text=True).stdout.split()
    if version[1] != CURL_VERSION:
        pytest.skip(f"curl {version[1]} here, table made from {CURL_VERSION}")
    import importlib.util

    script = Path(__file__).parents[2] / "packaging" / "curl_options.py"
    spec = importlib.util.spec_from_file_location("curl_options_script", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    help_all = subprocess.run([curl, "--help", "all"], capture_output=True, text=True).stdout
    assert TABLE.strip().split("\n") == module.table_lines(help_all)


@pytest.mark.parametrize(
    "name",
    ["Ocp-Apim-Subscription-Key", "X-Functions-Key", "X-Auth", "X-Api-Key", "X-Auth-Token"],
)
def test_api_key_headers_never_reach_history_or_saved_state(isolated_home, name):
    request = ApiRequest("GET", "/api/x", headers=[(name, "KEYVALUE55"), ("Accept", "a/b")])
    assert sanitised(request).headers == [("Accept", "a/b")]
    store = RequestStore()
    store.record("p", request, URL, status=200)
    store.save("p", "g", "n", request)
    store.close()
    raw = b"".join(p.read_bytes() for p in store.path.parent.glob("history.sqlite3*"))
    assert b"KEYVALUE55" not in raw


def _raw_files(store: RequestStore) -> bytes:
    return b"".join(
        Path(f"{store.path}{suffix}").read_bytes()
        for suffix in ("", "-wal", "-shm")
        if Path(f"{store.path}{suffix}").exists()
    )


@pytest.mark.parametrize("how", ["delete", "clear", "clear_portal", "delete_saved"])
def test_a_deleted_entry_is_gone_from_every_file_at_once(isolated_home, how):
    store = RequestStore()
    marker = "/api/v1/MARKERa7f3e9"
    keep = store.record("p", ApiRequest("GET", "/api/keep"), URL, status=200)
    entry = store.record("p", ApiRequest("GET", marker), URL + marker, status=200)
    store.save("p", "g", "n", ApiRequest("GET", marker))
    if how != "delete_saved":
        saved = store.saved("p")[0]
        store.delete_saved(saved.id)
    assert marker.encode() in _raw_files(store)
    if how == "delete":
        store.delete(entry)
    elif how == "clear":
        store.clear()
    elif how == "clear_portal":
        store.clear("p")
    else:
        store.delete(entry)
        store.delete_saved(store.saved("p")[0].id)
    # The store stays open: a crash now (kill -9) must find nothing either.
    assert marker.encode() not in _raw_files(store)
    if how == "delete":
        assert [e.id for e in store.history("p")] == [keep]
    store.close()


def test_api_key_headers_never_reach_ui_state(isolated_home):
    from mct_desktop.core.support.ui_state import UiState

    state = UiState()
    headers = [("X-Functions-Key", "KEYVALUE55"), ("Ocp-Apim-Subscription-Key", "KEYVALUE55")]
    state.set_last_request(ApiRequest("GET", "/api/x", headers=headers))
    state.save()
    assert "KEYVALUE55" not in state.path.read_text()


def test_url_userinfo_typed_in_the_console_never_reaches_history(isolated_home):
    target = "https://alice:S3cretPass@contoso.azurefd.net/api/x"
    store = RequestStore()
    store.record("p", ApiRequest("GET", target), target, status=200)
    store.close()
    raw = b"".join(p.read_bytes() for p in store.path.parent.glob("history.sqlite3*"))
    assert b"S3cretPass" not in raw and b"alice" not in raw
