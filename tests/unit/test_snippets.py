""" "Copy as" snippets: each runs (or reads) right and gets its token from `mct-desktop token`."""

import contextlib
import io
import json
import os
import shutil
import subprocess

import pytest

from mct_desktop.core.api.request import ApiRequest, BodyKind
from mct_desktop.core.api.snippets import LANGUAGES, snippet
from mct_desktop.core.portal import Portal, ServiceAuth
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from tests.support import sign_in_over_http

POST = ApiRequest(
    "POST",
    "/api/v2/Category",
    query=[("x", "1")],
    headers=[("X-Trace", "it's 7"), ("Authorization", "Bearer pasted-secret")],
    body_kind=BodyKind.JSON,
    body_text='{"name": "Snippet \\"quoted\\""}',
)


@pytest.fixture
def signed_in(demo):
    pair = parse_callback_location(sign_in_over_http(demo))
    service = PortalService()
    service.store_tokens(service.add_portal(demo.url), pair)
    return pair


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_snippet_holds_a_token_and_each_asks_mct_desktop_token(language):
    text = snippet(language, POST, Portal("https://contoso.example"))
    assert "pasted-secret" not in text and "X-Trace" in text
    if language != "python-connect":
        assert "mct-desktop" in text and "token" in text and "https://contoso.example" in text


def test_python_snippets_run(demo, signed_in, monkeypatch):
    for language in ("python-connect", "python-httpx"):
        text = snippet(language, POST, Portal(demo.url))
        if language == "python-httpx":
            real = subprocess.run

            def fake(args, **kwargs):
                assert args == ["mct-desktop", "token", demo.url]
                return subprocess.CompletedProcess(args, 0, signed_in.access_token + "\n", "")

            monkeypatch.setattr(subprocess, "run", fake)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(text, language, "exec"), {})
        if language == "python-httpx":
            monkeypatch.setattr(subprocess, "run", real)
        assert json.loads(out.getvalue())["name"] == 'Snippet "quoted"'
    sent = demo.requests_to("/api/v2/Category")[-1]
    assert sent.headers["X-Trace"] == "it's 7" and sent.path.endswith("?x=1")


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl")
def test_curl_snippet_runs_with_the_token_from_the_command(demo, signed_in, tmp_path):
    fake = tmp_path / "mct-desktop"
    fake.write_text(f"#!/bin/sh\necho {signed_in.access_token}\n")
    fake.chmod(0o755)
    text = snippet("curl", POST, Portal(demo.url))
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    done = subprocess.run(["sh", "-c", text], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["name"] == 'Snippet "quoted"'


def test_service_profiles_send_client_type_and_the_rest_reads_right():
    portal = Portal("https://contoso.example", service=ServiceAuth("t", "c", "api://x"))
    for language in ("python-httpx", "powershell", "csharp", "curl"):
        assert "ClientType" in snippet(language, POST, portal)
    ps = snippet("powershell", POST, portal)
    assert "$token = (mct-desktop token https://contoso.example).Trim()" in ps
    assert "Invoke-RestMethod -Method Post -Uri 'https://contoso.example/api/v2/Category?x=1'" in ps
    cs = snippet("csharp", POST, portal)
    assert 'new ProcessStartInfo("mct-desktop", "token https://contoso.example")' in cs
    assert 'new StringContent("{\\"name\\": \\"Snippet \\\\\\"quoted\\\\\\"\\"}"' in cs
    other = snippet("curl", ApiRequest("GET", "https://elsewhere.example/x"), portal)
    assert "token" not in other  # no token for another origin
