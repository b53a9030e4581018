"""`mct-desktop call` against the demo portal (in-process; output captured)."""

import io
import json

import pytest

from mct_desktop.cli import main
from tests.support import sign_in_and_store


@pytest.fixture
def signed_in(demo):
    return sign_in_and_store(demo)[2]


class FakeStdout(io.StringIO):
    """A stdout with a binary buffer, terminal or not."""

    def __init__(self, tty):
        super().__init__()
        self.buffer = io.BytesIO()
        self._tty = tty

    def isatty(self):
        return self._tty


def run(monkeypatch, argv, tty=False):
    out = FakeStdout(tty)
    monkeypatch.setattr("sys.stdout", out)
    code = main(argv)
    return code, out.getvalue(), out.buffer.getvalue()


def test_piped_output_is_the_body_unchanged(demo, signed_in, monkeypatch):
    code, text, raw = run(monkeypatch, ["call", "GET", "/api/v2/Profile"])
    assert code == 0 and text == ""
    assert json.loads(raw)["name"] == "Ada Admin" and b"\n  " not in raw


def test_terminal_output_is_pretty_json(demo, signed_in, monkeypatch):
    code, text, _ = run(monkeypatch, ["call", "GET", "/api/v1/users", "-q", "pageSize=2"], tty=True)
    assert code == 0 and text.startswith('{\n  "items": [')
    assert demo.requests_to("/api/v1/users")[-1].path == "/api/v1/users?pageSize=2"


def test_include_data_and_headers(demo, signed_in, monkeypatch, tmp_path):
    body = tmp_path / "category.json"
    body.write_text('{"name": "From a file"}')
    code, text, raw = run(
        monkeypatch,
        ["call", "POST", "/api/v2/Category", "--data", f"@{body}", "-H", "X-Trace: 7", "--include"],
    )
    assert code == 0
    assert text.startswith("HTTP 201 Created\n") and "Location: /api/v2/Category/4" in text
    assert b'"From a file"' in raw
    sent = demo.requests_to("/api/v2/Category")[-1]
    assert sent.headers["X-Trace"] == "7" and sent.headers["Content-Type"] == "application/json"


def test_non_2xx_exits_non_zero_with_the_status(demo, monkeypatch, capsys):
    sign_in_and_store(demo, "learner@contoso.demo")
    code, _, raw = run(monkeypatch, ["call", "GET", "/api/v1/users"])
    assert code == 1 and b"Global Administrator" in raw
    assert "HTTP 403 Forbidden" in capsys.readouterr().err
    code, _, _ = run(monkeypatch, ["call", "GET", "/api/demo/ratelimited"])
    assert code == 1 and "HTTP 429 Too Many Requests (Retry-After: 30)" in capsys.readouterr().err


def test_binary_goes_to_a_file_never_to_the_terminal(
    demo, signed_in, monkeypatch, capsys, tmp_path
):
    code, text, raw = run(monkeypatch, ["call", "GET", "/api/v2/Courses/101/Content"], tty=True)
    assert code == 0 and text == "" and raw == b""
    assert "use --output course-101-content.zip" in capsys.readouterr().err
    target = tmp_path / "out.zip"
    code, _, _ = run(monkeypatch, ["call", "GET", "/api/v2/Courses/101/Content", "-o", str(target)])
    assert code == 0 and target.read_bytes()[:2] == b"PK"


def test_usage_errors(demo, signed_in, monkeypatch, capsys):
    assert run(monkeypatch, ["call", "POST", "/x", "--data", "{bad"])[0] == 2
    assert "--data: Invalid JSON at line 1, column 2" in capsys.readouterr().err
    assert run(monkeypatch, ["call", "GET", "/x", "-q", "novalue"])[0] == 2
    assert run(monkeypatch, ["call", "GET", "/x", "-H", "NoColon"])[0] == 2
    assert run(monkeypatch, ["call", "GET", "/x", "--data", "@/nonexistent"])[0] == 2
    assert "cannot read /nonexistent" in capsys.readouterr().err


def test_network_errors_are_one_clear_line(demo, signed_in, monkeypatch, capsys):
    code, _, _ = run(
        monkeypatch, ["call", "GET", "/api/demo/slow", "-q", "seconds=2", "--timeout", "0.2"]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert err.strip() == "mct-desktop: 127.0.0.1 did not answer within 0.2 s (timeout)."


def test_a_query_holding_a_url_is_refused_with_the_way_to_send_it(
    demo, signed_in, monkeypatch, capsys
):
    code, out, _ = run(monkeypatch, ["call", "GET", "/api/v2/Profile?next=https://other.example"])
    assert code != 0 and not out
    err = capsys.readouterr().err
    assert "holds '://'" in err and "-q KEY=VALUE" in err and "(/api/v2/Profile)" in err
    assert not demo.requests_to("/api/v2/Profile")
    code, out, _ = run(
        monkeypatch, ["call", "GET", "/api/v2/Profile", "-q", "next=https://other.example"]
    )
    assert code == 0
    assert demo.requests_to("/api/v2/Profile")[0].path.endswith("next=https%3A%2F%2Fother.example")
