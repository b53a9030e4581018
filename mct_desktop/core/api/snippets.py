""" "Copy as" code: Python (httpx, or mct_desktop.connect), PowerShell, C# and curl. Each
gets its token from `mct-desktop token`, so no snippet ever holds a token."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from urllib.parse import urlencode

from mct_desktop.core.api.request import ApiRequest, BodyKind
from mct_desktop.core.api.sanitise import is_secret_header
from mct_desktop.core.portal import Portal, origin_of

LANGUAGES = ("python-httpx", "python-connect", "powershell", "csharp", "curl")


def snippet(language: str, request: ApiRequest, portal: Portal | None) -> str:
    """The request as `language` code; raises KeyError for an unknown language."""
    makers: dict[str, Callable[[_Parts], str]] = {
        "python-httpx": _python_httpx,
        "python-connect": _python_connect,
        "powershell": _powershell,
        "csharp": _csharp,
        "curl": _curl,
    }
    return makers[language](_Parts(request, portal))


class _Parts:
    """What every language needs, with secret headers left out (the token is fetched)."""

    def __init__(self, request: ApiRequest, portal: Portal | None) -> None:
        url = request.url(portal)
        self.method = request.method.upper()
        self.url = url + ("?" + urlencode(request.query) if request.query else "")
        self.path = request.target if not request.target.lower().startswith("http") else url
        self.query = request.query
        self.to_portal = portal is not None and origin_of(url) == portal.base_url
        self.portal_arg = f" {portal.base_url}" if portal is not None else ""
        self.service = portal is not None and portal.service is not None
        self.headers = [(k, v) for k, v in request.headers if not is_secret_header(k)]
        self.body = ""
        self.content_type = ""
        if request.body_kind in (BodyKind.JSON, BodyKind.TEXT) and request.body_text:
            self.body = request.body_text
            self.content_type = (
                "application/json" if request.body_kind is BodyKind.JSON else "text/plain"
            )

    @property
    def token_command(self) -> str:
        return "mct-desktop token" + self.portal_arg


def _python_httpx(p: _Parts) -> str:
    lines = ["import subprocess", "", "import httpx", ""]
    headers = dict(p.headers)
    if p.to_portal:
        lines.append(
            f"token = subprocess.run({shlex.split(p.token_command)!r}, capture_output=True, "
            "text=True, check=True).stdout.strip()"
        )
        headers["Authorization"] = "__TOKEN__"
        if p.service:
            headers["ClientType"] = "Service"
    if p.content_type:
        headers["Content-Type"] = p.content_type
    shown = repr(headers).replace("'__TOKEN__'", 'f"Bearer {token}"')
    call = f"response = httpx.request({p.method!r}, {p.url!r}, headers={shown}"
    if p.body:
        call += f", content={p.body!r}"
    lines += [call + ", timeout=60)", "response.raise_for_status()", "print(response.text)"]
    return "\n".join(lines) + "\n"


def _python_connect(p: _Parts) -> str:
    portal = repr(p.portal_arg.strip()) if p.portal_arg else ""
    args = [repr(p.path.split("?")[0])]
    if p.query:
        args.append(f"params={dict(p.query)!r}")
    headers = dict(p.headers)
    if p.content_type:
        headers["Content-Type"] = p.content_type
    if headers:
        args.append(f"headers={headers!r}")
    if p.body:
        args.append(f"content={p.body!r}")
    lines = [
        "import mct_desktop",
        "",
        "# Tokens come from the keychain, refreshed as needed (sign in once: mct-desktop login).",
        f"with mct_desktop.connect({portal}) as api:",
        f"    response = api.request({p.method!r}, {', '.join(args)})",
        "    response.raise_for_status()",
        "    print(response.text)",
    ]
    return "\n".join(lines) + "\n"


def _ps(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _powershell(p: _Parts) -> str:
    lines = []
    pairs = [(k, _ps(v)) for k, v in p.headers]
    if p.to_portal:
        lines.append(f"$token = ({p.token_command}).Trim()")
        pairs.append(("Authorization", '"Bearer $token"'))
        if p.service:
            pairs.append(("ClientType", "'Service'"))
    lines.append("$headers = @{")
    lines += [f"    {_ps(k)} = {v}" for k, v in pairs]
    lines.append("}")
    call = f"Invoke-RestMethod -Method {p.method.title()} -Uri {_ps(p.url)} -Headers $headers"
    if p.body:
        call += f" -ContentType {_ps(p.content_type)} -Body {_ps(p.body)}"
    lines.append(call)
    return "\n".join(lines) + "\n"


def _cs(text: str) -> str:
    return json.dumps(text)  # a valid C# regular string literal for any text


def _csharp(p: _Parts) -> str:
    lines = [
        "using System.Diagnostics;",
        "using System.Net.Http;",
        "using System.Net.Http.Headers;",
        "",
        "using var http = new HttpClient();",
        f"var request = new HttpRequestMessage(new HttpMethod({_cs(p.method)}), {_cs(p.url)});",
    ]
    if p.to_portal:
        command = p.token_command.split(" ", 1)
        lines += [
            f"var info = new ProcessStartInfo({_cs(command[0])}, {_cs(command[1])}) "
            "{ RedirectStandardOutput = true };",
            "using var process = Process.Start(info)!;",
            "var token = process.StandardOutput.ReadToEnd().Trim();",
            "process.WaitForExit();",
            'request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);',
        ]
        if p.service:
            lines.append('request.Headers.Add("ClientType", "Service");')
    for name, value in p.headers:
        if name.lower() != "content-type":
            lines.append(f"request.Headers.TryAddWithoutValidation({_cs(name)}, {_cs(value)});")
    if p.body:
        lines.append(
            f"request.Content = new StringContent({_cs(p.body)}, System.Text.Encoding.UTF8, "
            f"{_cs(p.content_type)});"
        )
    lines += [
        "using var response = await http.SendAsync(request);",
        "response.EnsureSuccessStatusCode();",
        "Console.WriteLine(await response.Content.ReadAsStringAsync());",
    ]
    return "\n".join(lines) + "\n"


def _curl(p: _Parts) -> str:
    args = ["curl", "--fail-with-body"]
    if p.method != "GET":
        args += ["-X", p.method]
    args.append(shlex.quote(p.url))
    if p.to_portal:
        args += ["-H", f'"Authorization: Bearer $({p.token_command})"']
        if p.service:
            args += ["-H", shlex.quote("ClientType: Service")]
    for name, value in p.headers:
        args += ["-H", shlex.quote(f"{name}: {value}")]
    if p.body:
        args += ["-H", shlex.quote(f"Content-Type: {p.content_type}")]
        args += ["--data-raw", shlex.quote(p.body)]
    return " ".join(args) + "\n"
