import json
import shlex

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mct_desktop.core.api.curl import to_curl
from mct_desktop.core.api.curl_import import CurlParseError, from_curl
from mct_desktop.core.api.history import HistoryUnavailable, RequestStore
from mct_desktop.core.api.request import ApiRequest, BodyKind
from mct_desktop.core.portal import Portal, ServiceAuth
from mct_desktop.core.redact import is_secret_name

PORTAL = Portal("https://contoso.azurefd.net")
SECRET = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.c2lnbmF0dXJlLXZhbHVl"


def test_history_records_searches_deletes_and_clears(isolated_home):
    store = RequestStore()
    first = store.record(
        PORTAL.key,
        ApiRequest("GET", "/api/v2/Profile"),
        PORTAL.base_url + "/api/v2/Profile",
        status=200,
        elapsed_ms=12.5,
        size=99,
    )
    store.record(PORTAL.key, ApiRequest("GET", "/api/v1/users"), "u", status=403)
    store.record("https://other.example", ApiRequest("GET", "/x"), "x", error="timeout")
    assert [e.request.target for e in store.history(PORTAL.key)] == [
        "/api/v1/users",
        "/api/v2/Profile",
    ]
    assert [e.status for e in store.history(PORTAL.key, "403")] == [403]
    entry = store.history(PORTAL.key, "Profile")[0]
    assert (entry.id, entry.elapsed_ms, entry.size) == (first, 12.5, 99)
    store.delete(first)
    assert len(store.history(PORTAL.key)) == 1
    store.clear(PORTAL.key)
    assert store.history(PORTAL.key) == [] and len(store.history()) == 1
    assert (isolated_home / "data" / "mct-desktop" / "history.sqlite3").exists()


def test_history_and_saved_requests_never_store_credentials(isolated_home):
    store = RequestStore()
    request = ApiRequest(
        "POST",
        f"/api/v1/ExternalAuthToken/RefreshToken/EMAIL?access_token={SECRET}",
        query=[("refresh_token", "opaque-refresh-secret"), ("page", "1")],
        headers=[
            ("Authorization", f"Bearer {SECRET}"),
            ("Cookie", "session=cookie-secret"),
            ("X-Api-Key", "key-secret"),
            ("Accept", "application/json"),
        ],
        body_kind=BodyKind.JSON,
        body_text=json.dumps({"RefreshToken": "opaque-refresh-secret", "note": f"x {SECRET}"}),
    )
    store.record(
        PORTAL.key, request, PORTAL.base_url + request.target, status=200, error=f"Bearer {SECRET}"
    )
    store.save(PORTAL.key, "Auth", "refresh", request)
    store.close()
    raw = (isolated_home / "data" / "mct-desktop" / "history.sqlite3").read_bytes()
    for secret in (SECRET, "opaque-refresh-secret", "cookie-secret", "key-secret"):
        assert secret.encode() not in raw
    kept = RequestStore().history()[0].request
    assert kept.headers == [("Accept", "application/json")]
    assert ("page", "1") in kept.query


def test_saved_requests_grouped_per_portal(isolated_home):
    store = RequestStore()
    store.save(PORTAL.key, "Users", "list", ApiRequest("GET", "/api/v1/users"))
    store.save(PORTAL.key, "Courses", "all", ApiRequest("GET", "/api/v2/Courses"))
    store.save(PORTAL.key, "Users", "list", ApiRequest("GET", "/api/v1/users?page=2"))
    store.save("https://other.example", "X", "y", ApiRequest("GET", "/"))
    saved = store.saved(PORTAL.key)
    assert [(s.group, s.name, s.request.target) for s in saved] == [
        ("Courses", "all", "/api/v2/Courses"),
        ("Users", "list", "/api/v1/users?page=2"),
    ]
    store.delete_saved(saved[0].id)
    assert len(store.saved(PORTAL.key)) == 1


def test_curl_export_uses_a_variable_unless_asked():
    request = ApiRequest(
        "POST",
        "/api/v2/Category",
        query=[("x", "1 2")],
        body_kind=BodyKind.JSON,
        body_text='{"name": "it\'s"}',
    )
    line = to_curl(request, PORTAL)
    assert '"Authorization: Bearer ${MCT_TOKEN}"' in line and SECRET not in line
    words = shlex.split(line.replace("${MCT_TOKEN}", "TOKEN"))
    assert words[:4] == ["curl", "-X", "POST", "https://contoso.azurefd.net/api/v2/Category?x=1+2"]
    assert words[words.index("--data-raw") + 1] == '{"name": "it\'s"}'
    real = to_curl(request, PORTAL, SECRET)
    assert f"Authorization: Bearer {SECRET}" in shlex.split(real)
    service = Portal(PORTAL.base_url, service=ServiceAuth("t", "c", "api://x"))
    assert "ClientType: Service" in shlex.split(to_curl(ApiRequest("GET", "/x"), service))
    other = to_curl(ApiRequest("GET", "https://elsewhere.example/x"), PORTAL)
    assert "Authorization" not in other


def test_curl_import_from_devtools_style_command():
    imported = from_curl(
        "curl 'https://contoso.azurefd.net/api/v1/users?page=2&pageSize=50' \\\n"
        "  -H 'accept: application/json' \\\n"
        f"  -H 'authorization: bearer {SECRET}' \\\n"
        "  -H 'cookie: a=b' --compressed -k"
    )
    request = imported.request
    assert request.method == "GET"
    assert request.target == "https://contoso.azurefd.net/api/v1/users"
    assert request.query == [("page", "2"), ("pageSize", "50")]
    assert request.headers == [("accept", "application/json")]
    assert any("authorization header was dropped" in n for n in imported.notes)
    assert any("--insecure was ignored" in n for n in imported.notes)


def test_curl_import_bodies():
    json_body = from_curl("""curl -X PUT https://p/x -H 'Content-Type: application/json' \
        -d '{"a": 1}'""").request
    assert (json_body.method, json_body.body_kind, json_body.body_text) == (
        "PUT",
        BodyKind.JSON,
        '{"a": 1}',
    )
    assert json_body.headers == []
    form = from_curl("curl https://p/x -d a=1 -d b=2").request
    assert (form.method, form.body_kind, form.form) == (
        "POST",
        BodyKind.FORM,
        [("a", "1"), ("b", "2")],
    )
    get = from_curl("curl -G https://p/x -d q=1").request
    assert (get.method, get.query) == ("GET", [("q", "1")])
    upload = from_curl("curl https://p/x -F file=@/tmp/a.csv -F kind=users").request
    assert (upload.body_kind, upload.file_field, upload.file_path, upload.form) == (
        BodyKind.MULTIPART,
        "file",
        "/tmp/a.csv",
        [("kind", "users")],
    )


@pytest.mark.parametrize("text", ["", "wget https://x", "curl", "curl -H", "curl 'unclosed"])
def test_curl_import_errors(text):
    with pytest.raises(CurlParseError):
        from_curl(text)


safe_text = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F, exclude_characters="\x7f"),
    max_size=30,
)
names = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,15}", fullmatch=True).filter(
    lambda n: (
        n.lower() not in {"content-type", "authorization", "cookie", "content-length"}
        and "token" not in n.lower()
        and "secret" not in n.lower()
        and "key" not in n.lower()
        and "password" not in n.lower()
        and not is_secret_name(n)  # the one rule for credential names (core/redact.py)
    )
)


@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
    path=st.from_regex(r"/api/v[12]/[A-Za-z]{1,10}(/[0-9]{1,4})?", fullmatch=True),
    query=st.lists(st.tuples(names, safe_text), max_size=3),
    headers=st.lists(st.tuples(names, safe_text.map(str.strip)), max_size=3),
    body=st.one_of(st.none(), st.dictionaries(names, safe_text, max_size=3)),
)
def test_curl_round_trip(method, path, query, headers, body):
    request = ApiRequest(method, path, query=query, headers=headers)
    if body is not None and method != "GET":
        request.body_kind, request.body_text = BodyKind.JSON, json.dumps(body)
    back = from_curl(to_curl(request, PORTAL)).request
    assert back.url(PORTAL) == request.url(PORTAL)
    assert (back.method, back.query, back.headers) == (method, query, headers)
    assert (back.body_kind, back.body_text) == (request.body_kind, request.body_text)


def test_a_caret_quote_inside_a_bash_body_is_not_a_cmd_copy():
    # Found by test_curl_round_trip: a JSON body holding "^" was read as Windows cmd quoting.
    request = ApiRequest("POST", "/api/v1/A")
    request.body_kind, request.body_text = BodyKind.JSON, json.dumps({"A": "^"})
    back = from_curl(to_curl(request, PORTAL)).request
    assert (back.url(PORTAL), back.body_text) == (request.url(PORTAL), request.body_text)


def test_curl_export_keeps_what_curl_would_glob_read_or_refuse():
    # Issue 13, item 4: URL globbing, form values read as files, an empty `-F file=@`.
    braces = to_curl(ApiRequest("GET", "/api/v1/items/{id}/[draft]"), PORTAL)
    assert shlex.split(braces.replace("${MCT_TOKEN}", "T"))[:2] == ["curl", "-g"]
    assert "-g" not in shlex.split(to_curl(ApiRequest("GET", "/api/v1/items"), PORTAL))
    request = ApiRequest("POST", "/api/v1/upload", body_kind=BodyKind.MULTIPART)
    request.form = [("note", "@home"), ("cmd", "<in"), ("t", "a;type=x"), ("plain", "v")]
    words = shlex.split(to_curl(request, PORTAL).replace("${MCT_TOKEN}", "T"))
    assert not any(w.startswith("file=") for w in words)
    assert words[-8:] == [
        "--form-string",
        "note=@home",
        "--form-string",
        "cmd=<in",
        "--form-string",
        "t=a;type=x",
        "-F",
        "plain=v",
    ]
    back = from_curl(to_curl(request, PORTAL)).request
    assert (back.body_kind, back.form, back.file_path) == (BodyKind.MULTIPART, request.form, "")
    request.file_path = "/tmp/a.csv"
    back = from_curl(to_curl(request, PORTAL)).request
    assert (back.file_field, back.file_path, back.form) == ("file", "/tmp/a.csv", request.form)
    glob = ApiRequest("GET", "/api/v1/items/{id}", query=[("f", "[1]")])
    assert from_curl(to_curl(glob, PORTAL)).request.url(PORTAL) == glob.url(PORTAL)


@given(
    path=st.from_regex(r"/api/v1/[A-Za-z{}\[\]]{1,10}", fullmatch=True),
    form=st.lists(
        st.tuples(
            names,
            st.sampled_from(["", "@", "<"]).flatmap(
                lambda prefix: safe_text.map(lambda t: prefix + t)
            ),
        ),
        max_size=4,
    ),
)
def test_curl_round_trip_of_multipart_forms(path, form):
    request = ApiRequest("POST", path, body_kind=BodyKind.MULTIPART, form=form)
    back = from_curl(to_curl(request, PORTAL)).request
    assert back.url(PORTAL) == request.url(PORTAL)
    if form:  # an empty multipart body has nothing for curl to send
        assert (back.body_kind, back.form, back.file_path) == (BodyKind.MULTIPART, form, "")


def test_the_store_opens_its_database_at_the_first_call(isolated_home, tmp_path):
    # A window that never shows its history and sends nothing does not load SQLite.
    import sqlite3

    file = isolated_home / "data" / "mct-desktop" / "history.sqlite3"
    store = RequestStore()
    assert not file.exists()
    assert store.history() == []
    assert file.exists() and oct(file.stat().st_mode & 0o777) == "0o600"
    store.close()
    with pytest.raises(HistoryUnavailable) as closed:
        store.history()  # closed stays closed: no second connection behind the first's back
    assert isinstance(closed.value.__cause__, sqlite3.ProgrammingError)
    RequestStore().close()  # never opened: nothing to close, no file touched
    garbage = tmp_path / "not-a-database.sqlite3"
    garbage.write_bytes(b"this is not SQLite" * 512)
    broken = RequestStore(garbage)
    for _ in range(2):  # each call says so again; no half-open connection is kept
        with pytest.raises(HistoryUnavailable) as damaged:
            broken.history()
        assert isinstance(damaged.value.__cause__, sqlite3.DatabaseError)
        assert str(damaged.value) == broken.problem(damaged.value.__cause__)
    assert broken._opened is None


def test_moving_the_file_away_is_advised_only_when_it_is_damaged(isolated_home):
    import sqlite3

    store = RequestStore()
    damaged = store.problem(sqlite3.DatabaseError("file is not a database"))
    assert damaged.endswith(f"move {store.path} away and a new history starts.")
    for passing in (sqlite3.OperationalError("database is locked"), OSError(28, "No space")):
        said = store.problem(passing)
        assert "move" not in said and str(store.path) in said and "Requests still work" in said
