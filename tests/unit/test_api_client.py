"""The API client against the demo portal over real HTTP."""

import threading

import pytest

from mct_desktop.core.api.client import ApiClient, ApiError, Cancelled
from mct_desktop.core.api.request import ApiRequest, BodyKind, RequestError
from mct_desktop.core.api.response import BodyType
from mct_desktop.core.session.token_client import RetryPolicy, TokenClient
from mct_desktop.core.session.token_manager import TokenManager
from tests.support import sign_in_and_store


def signed_in(demo, email="admin@contoso.demo", lifetime=3600):
    service, portal, pair = sign_in_and_store(demo, email, lifetime)
    manager = TokenManager(service, lambda: TokenClient(retry=RetryPolicy(attempts=1)))
    return ApiClient(manager), portal, pair


def last(demo, prefix):
    return demo.requests_to(prefix)[-1]


def test_get_with_token_query_and_headers(demo):
    client, portal, pair = signed_in(demo)
    response = client.send(
        portal,
        ApiRequest(
            "GET",
            "/api/v1/users",
            query=[("page", "2"), ("pageSize", "50")],
            headers=[("X-Trace", "abc")],
        ),
    )
    assert response.ok and response.body_type is BodyType.JSON
    assert '"page": 2' in response.text() and '"totalCount": 137' in response.text()
    sent = last(demo, "/api/v1/users")
    assert sent.path == "/api/v1/users?page=2&pageSize=50"
    assert sent.headers["Authorization"] == f"Bearer {pair.access_token}"
    assert sent.headers["X-Trace"] == "abc"
    assert response.token_sent and response.elapsed > 0


def test_json_body_and_status_codes(demo):
    client, portal, _ = signed_in(demo)
    created = client.send(
        portal,
        ApiRequest(
            "POST", "/api/v2/Category", body_kind=BodyKind.JSON, body_text='{"name": "Robotics"}'
        ),
    )
    assert created.status == 201 and '"Robotics"' in created.text()
    assert last(demo, "/api/v2/Category").headers["Content-Type"] == "application/json"
    with pytest.raises(RequestError, match="Invalid JSON at line 1, column 10"):
        client.send(
            portal,
            ApiRequest("POST", "/api/v2/Category", body_kind=BodyKind.JSON, body_text='{"name": }'),
        )


def test_learner_gets_403_on_admin_endpoints(demo):
    client, portal, _ = signed_in(demo, "learner@contoso.demo")
    response = client.send(portal, ApiRequest("GET", "/api/v1/users"))
    assert response.status == 403 and "Global Administrator" in response.text()


def test_token_never_goes_to_another_origin_unless_confirmed(demo):
    client, portal, _ = signed_in(demo)
    other = demo.sign_in_origin + "/api/v2/deployment/info"
    assert not client.send(portal, ApiRequest("GET", other)).token_sent
    assert "Authorization" not in last(demo, "/api/v2/deployment/info").headers
    assert client.send(portal, ApiRequest("GET", other), token_to_other_origin=True).token_sent
    assert "Authorization" in last(demo, "/api/v2/deployment/info").headers


def test_redirect_to_another_origin_drops_the_token(demo):
    client, portal, _ = signed_in(demo)
    response = client.send(portal, ApiRequest("GET", "/api/demo/redirect-to-other-origin"))
    assert response.ok and response.redirects == [demo.sign_in_origin + "/api/v2/deployment/info"]
    followed = last(demo, "/api/v2/deployment/info")
    assert followed.host.startswith("localhost") and "Authorization" not in followed.headers


def test_redirect_loop_is_reported(demo):
    client, portal, _ = signed_in(demo)
    with pytest.raises(ApiError, match=r"Too many redirects \(10\)"):
        client.send(portal, ApiRequest("GET", "/api/demo/redirect-loop"))


def test_401_with_an_expired_token_refreshes_once_and_retries(demo):
    client, portal, old = signed_in(demo, lifetime=-5)
    # Bypass the proactive refresh to hit the server with the expired token first.
    client._token = lambda p: (old, "")
    response = client.send(portal, ApiRequest("GET", "/api/v2/Profile"))
    assert response.ok and response.refreshed_token
    assert len(demo.requests_to("/api/v1/ExternalAuthToken")) == 1
    profile_calls = demo.requests_to("/api/v2/Profile")
    assert [c.headers["Authorization"] == f"Bearer {old.access_token}" for c in profile_calls] == [
        True,
        False,
    ]


def test_expired_token_is_refreshed_before_sending(demo):
    client, portal, _ = signed_in(demo, lifetime=10)
    assert client.send(portal, ApiRequest("GET", "/api/v2/Profile")).ok
    assert len(demo.requests_to("/api/v1/ExternalAuthToken")) == 1
    assert len(demo.requests_to("/api/v2/Profile")) == 1


def test_csv_zip_and_429(demo):
    client, portal, _ = signed_in(demo)
    report = client.send(portal, ApiRequest("GET", "/api/v2/Reports/Users"))
    assert report.body_type is BodyType.CSV and report.filename == "users-report.csv"
    assert report.text().startswith("User ID,Name,Email")
    archive = client.send(portal, ApiRequest("GET", "/api/v2/Courses/101/Content"))
    assert archive.body_type is BodyType.BINARY and archive.filename == "course-101-content.zip"
    assert archive.read_bytes()[:2] == b"PK"
    limited = client.send(portal, ApiRequest("GET", "/api/demo/ratelimited"))
    assert limited.status == 429 and limited.retry_after == "30"


def test_large_bodies_stream_to_a_private_temp_file(demo):
    client, portal, _ = signed_in(demo)
    seen = []
    response = client.send(
        portal,
        ApiRequest("GET", "/api/demo/large", query=[("mb", "5")]),
        progress=lambda got, total: seen.append((got, total)),
    )
    assert response.body is None and response.body_path is not None
    assert (response.body_path.parent.stat().st_mode & 0o777) == 0o700
    assert response.size == response.body_path.stat().st_size > 5_000_000
    assert seen[-1] == (response.size, response.size)
    folder = response.body_path.parent
    response.discard()
    assert not folder.exists()


def test_timeout_cancel_and_connection_errors(demo):
    client, portal, _ = signed_in(demo)
    with pytest.raises(ApiError, match=r"did not answer within 0\.3 s"):
        client.send(
            portal, ApiRequest("GET", "/api/demo/slow", query=[("seconds", "2")], timeout=0.3)
        )
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        client.send(
            portal, ApiRequest("GET", "/api/demo/large", query=[("mb", "1")]), cancel=cancel
        )
    with pytest.raises(ApiError, match=r"Connection refused by 127\.0\.0\.1:9"):
        client.send(None, ApiRequest("GET", "http://127.0.0.1:9/x"))
    with pytest.raises(ApiError, match="could not be resolved"):
        client.send(None, ApiRequest("GET", "http://no-such-host.invalid/x"))


def test_bad_requests_are_refused_before_sending(demo):
    client, portal, _ = signed_in(demo)
    for request, message in [
        (ApiRequest("GET", ""), "Enter a path"),
        (ApiRequest("FETCH", "/x"), "Unknown method"),
        (ApiRequest("GET", "ftp://x/y"), "Only http and https"),
        (ApiRequest("GET", "/x", headers=[("Bad Name", "v")]), "Header name"),
        (ApiRequest("POST", "/x", body_kind=BodyKind.MULTIPART), "Choose a file"),
    ]:
        with pytest.raises(RequestError, match=message):
            client.send(portal, request)


def test_multipart_upload_and_form(demo, tmp_path):
    client, portal, _ = signed_in(demo)
    upload = tmp_path / "picture.png"
    upload.write_bytes(b"\x89PNG fake")
    client.send(
        portal,
        ApiRequest(
            "POST",
            "/api/v2/Profile/Picture",
            body_kind=BodyKind.MULTIPART,
            file_field="picture",
            file_path=str(upload),
            form=[("caption", "me")],
        ),
    )
    sent = last(demo, "/api/v2/Profile/Picture")
    assert sent.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="picture"; filename="picture.png"' in sent.body and b"\x89PNG fake" in sent.body
    assert b'name="caption"' in sent.body
    client.send(
        portal,
        ApiRequest(
            "POST", "/api/v2/form", body_kind=BodyKind.FORM, form=[("a", "1"), ("a", "2 3")]
        ),
    )
    sent = last(demo, "/api/v2/form")
    assert sent.body == b"a=1&a=2+3"
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
