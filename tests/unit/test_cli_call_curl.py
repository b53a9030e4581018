"""`mct-desktop call --curl FILE|-`: DevTools copies (bash and cmd) replayed on the demo
portal with the stored token, the copy's own credentials and cookies dropped."""

import io
import json

from mct_desktop.cli import main
from tests.support import sign_in_and_store
from tests.unit.test_cli_call import run

STALE = "eyJhbGciOiJSUzI1NiJ9.c3RhbGU.c2lnbmF0dXJl"


def bash_copy(url):
    # The shape of Chrome's "Copy as cURL (bash)" for a POST from the MCT admin site.
    return (
        f"curl '{url}/api/v2/Category' \\\n"
        "  -H 'Accept: application/json, text/plain, */*' \\\n"
        "  -H 'Accept-Language: en-GB,en;q=0.9' \\\n"
        f"  -H 'Authorization: Bearer {STALE}' \\\n"
        "  -H 'Connection: keep-alive' \\\n"
        "  -H 'Content-Type: application/json' \\\n"
        "  -b 'ARRAffinity=0123; .AspNetCore.Cookies=CfDJ8abc' \\\n"
        f"  -H 'Origin: {url}' \\\n"
        "  -H 'Sec-Fetch-Mode: cors' \\\n"
        "  -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/139.0.0.0' \\\n"
        '  -H \'sec-ch-ua: "Not;A=Brand";v="99", "Google Chrome";v="139"\' \\\n'
        '  --data-raw $\'{"name":"Caf\\u00e9 d\\\'Ada"}\''
    )


def cmd_copy(url):
    # Chrome's "Copy as cURL (cmd)": ^" quoting, ^& in the URL, ^ line ends.
    return (
        f'curl ^"{url}/api/v1/users?page=1^&pageSize=2^" ^\n'
        '  -H ^"accept: application/json, text/plain, */*^" ^\n'
        f'  -H ^"authorization: Bearer {STALE}^" ^\n'
        '  -b ^"ARRAffinity=0123^" ^\n'
        '  -H ^"sec-ch-ua-platform: ^\\^"Windows^\\^"^" ^\n'
        '  -H ^"user-agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)^"'
    )


def test_a_bash_devtools_copy_replays_with_the_stored_token(demo, monkeypatch, tmp_path, capsys):
    sign_in_and_store(demo)
    command = tmp_path / "copy.sh"
    command.write_text(bash_copy(demo.url))
    code, _text, raw = run(monkeypatch, ["call", "--curl", str(command)])
    assert code == 0
    assert json.loads(raw)["name"] == "Café d'Ada"
    sent = demo.requests_to("/api/v2/Category")[-1]
    assert sent.method == "POST" and json.loads(sent.body) == {"name": "Café d'Ada"}
    assert sent.headers["Authorization"].startswith("Bearer ")
    assert STALE not in sent.headers["Authorization"]
    assert "Cookie" not in sent.headers and "sec-ch-ua" not in sent.headers
    assert "Chrome" not in sent.headers.get("User-Agent", "")
    err = capsys.readouterr().err
    assert "mct-desktop: note: The Authorization header was dropped" in err
    assert "-b was dropped" in err and STALE not in err


def test_a_cmd_devtools_copy_from_standard_input(demo, monkeypatch, capsys):
    sign_in_and_store(demo)
    monkeypatch.setattr("sys.stdin", io.StringIO(cmd_copy(demo.url)))
    code, _text, raw = run(monkeypatch, ["call", "--curl", "-"])
    assert code == 0 and json.loads(raw)["items"]
    sent = demo.requests_to("/api/v1/users")[-1]
    assert sent.path == "/api/v1/users?page=1&pageSize=2"
    assert STALE not in sent.headers["Authorization"] and "Cookie" not in sent.headers
    assert "sec-ch-ua-platform" not in {k.lower() for k in sent.headers}


def test_a_documentation_style_command_and_the_portal_it_goes_to(demo, monkeypatch, capsys):
    sign_in_and_store(demo)
    docs = "curl -X GET https://contoso.azurefd.net/api/v2/Profile -H 'accept: */*'"
    monkeypatch.setattr("sys.stdin", io.StringIO(docs))
    code, _, _ = run(monkeypatch, ["call", "--curl", "-"])
    assert code == 2
    err = capsys.readouterr().err
    assert "No configured portal is at https://contoso.azurefd.net" in err
    assert "--portal" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(docs))
    code, _, raw = run(monkeypatch, ["call", "--curl", "-", "--portal", demo.url])
    assert code == 0 and json.loads(raw)["name"] == "Ada Admin"
    assert "sent to " + demo.url in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("curl /api/v2/Profile"))
    assert run(monkeypatch, ["call", "--curl", "-"])[0] == 0


def test_exit_codes_and_usage_errors(demo, monkeypatch, tmp_path, capsys):
    sign_in_and_store(demo)
    missing = f"curl {demo.url}/api/v2/Course/999999"
    monkeypatch.setattr("sys.stdin", io.StringIO(missing))
    assert run(monkeypatch, ["call", "--curl", "-"])[0] == 1
    assert "mct-desktop: HTTP 404" in capsys.readouterr().err
    assert run(monkeypatch, ["call", "--curl", str(tmp_path / "none.sh")])[0] == 2
    assert "--curl: cannot read" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("wget https://x"))
    assert run(monkeypatch, ["call", "--curl", "-"])[0] == 2
    assert "--curl: Paste a command that starts with curl." in capsys.readouterr().err
    assert run(monkeypatch, ["call", "GET", "/x", "--curl", "-"])[0] == 2
    assert "drop METHOD/PATH" in capsys.readouterr().err
    assert main(["call"]) == 2
    assert "call needs a METHOD and a PATH" in capsys.readouterr().err
