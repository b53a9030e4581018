"""Copy a request as a curl command, and turn a pasted curl command into a request."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mct_desktop.core.api.auth_headers import authorization_headers
from mct_desktop.core.api.request import ApiRequest, BodyKind, check_json
from mct_desktop.core.api.sanitise import is_secret_header
from mct_desktop.core.portal import Portal, origin_of

TOKEN_VARIABLE = "MCT_TOKEN"
PROFILE_PATH = "/api/v2/Profile"


def to_curl(
    request: ApiRequest, portal: Portal | None, token: str | None = None, *, with_token: bool = True
) -> str:
    """A curl command line. The token is `$MCT_TOKEN` unless the real `token` is given."""
    url = request.url(portal)
    if request.query:
        parts = urlsplit(url)
        query = "&".join(p for p in (parts.query, urlencode(request.query)) if p)
        url = urlunsplit(parts._replace(query=query))
    args = ["curl"]
    if request.method.upper() != "GET" or request.body_kind is not BodyKind.NONE:
        args += ["-X", request.method.upper()]
    args.append(shlex.quote(url))
    names = {k.lower() for k, _ in request.headers}
    for name, value in request.headers:
        args += ["-H", shlex.quote(f"{name}: {value}")]
    if with_token and portal is not None and origin_of(url) == portal.base_url:
        for name, value in authorization_headers(portal, "TOKEN").items():
            if name.lower() in names:
                continue
            if name == "Authorization":
                # Double quotes so the shell expands the variable; the token is not written.
                shown = f"Bearer {token}" if token else "Bearer ${" + TOKEN_VARIABLE + "}"
                args += [
                    "-H",
                    f'"Authorization: {shown}"'
                    if not token
                    else shlex.quote(f"Authorization: {shown}"),
                ]
            else:
                args += ["-H", shlex.quote(f"{name}: {value}")]
    kind = request.body_kind
    if kind in (BodyKind.JSON, BodyKind.TEXT):
        if "content-type" not in names:
            content_type = "application/json" if kind is BodyKind.JSON else "text/plain"
            args += ["-H", shlex.quote(f"Content-Type: {content_type}")]
        args += ["--data-raw", shlex.quote(request.body_text)]
    elif kind is BodyKind.FORM:
        args += ["--data-raw", shlex.quote(urlencode(request.form))]
    elif kind is BodyKind.MULTIPART:
        args += ["-F", shlex.quote(f"{request.file_field}=@{request.file_path}")]
        args += [x for k, v in request.form for x in ("-F", shlex.quote(f"{k}={v}"))]
    return " ".join(args)


def curl_command(portal: Portal, access_token: str, path: str = PROFILE_PATH) -> str:
    """A ready-to-paste curl line for a GET of `path` on the portal."""
    parts = ["curl", "--fail-with-body"]
    for name, value in authorization_headers(portal, access_token).items():
        parts += ["-H", f"{name}: {value}"]
    parts.append(portal.base_url + path)
    return " ".join(shlex.quote(p) for p in parts)


@dataclass
class CurlImport:
    request: ApiRequest
    notes: list[str] = field(default_factory=list)  # what was dropped or ignored, and why


class CurlParseError(ValueError):
    pass


_IGNORED_FLAGS = {
    "-L",
    "--location",
    "-s",
    "--silent",
    "-S",
    "--show-error",
    "-v",
    "--verbose",
    "--compressed",
    "-i",
    "--include",
    "-g",
    "--globoff",
    "--fail",
    "--fail-with-body",
    "-f",
    "-#",
    "--progress-bar",
    "--http1.1",
    "--http2",
}
_IGNORED_WITH_VALUE = {
    "-o",
    "--output",
    "-m",
    "--max-time",
    "--connect-timeout",
    "-w",
    "--write-out",
    "--retry",
}


def from_curl(text: str) -> CurlImport:
    """Parse a curl command (as copied from browser DevTools, docs or this app)."""
    cleaned = text.replace("\\\r\n", " ").replace("\\\n", " ").strip()
    try:
        words = shlex.split(cleaned)
    except ValueError as exc:
        raise CurlParseError(f"The command cannot be split into words: {exc}.") from None
    if not words or words[0] not in ("curl", "curl.exe"):
        raise CurlParseError("Paste a command that starts with curl.")
    notes: list[str] = []
    method = ""
    url = ""
    headers: list[tuple[str, str]] = []
    data: list[str] = []
    form_parts: list[str] = []
    as_get = head = False
    words = words[1:]
    index = 0

    def value() -> str:
        nonlocal index
        index += 1
        if index >= len(words):
            raise CurlParseError(f"{words[index - 1]} needs a value.")
        return words[index]

    while index < len(words):
        word = words[index]
        if word in ("-X", "--request"):
            method = value().upper()
        elif word in ("-H", "--header"):
            name, _, header_value = value().partition(":")
            headers.append((name.strip(), header_value.strip()))
        elif word in (
            "-d",
            "--data",
            "--data-raw",
            "--data-binary",
            "--data-ascii",
            "--data-urlencode",
        ):
            data.append(value())
        elif word == "--json":
            data.append(value())
            headers += [("Content-Type", "application/json"), ("Accept", "application/json")]
        elif word in ("-F", "--form"):
            form_parts.append(value())
        elif word in ("-G", "--get"):
            as_get = True
        elif word in ("-I", "--head"):
            head = True
        elif word == "--url":
            url = value()
        elif word in ("-A", "--user-agent"):
            headers.append(("User-Agent", value()))
        elif word in ("-e", "--referer"):
            headers.append(("Referer", value()))
        elif word in ("-u", "--user", "-b", "--cookie"):
            value()
            notes.append(f"{word} was dropped: credentials are not imported.")
        elif word in ("-k", "--insecure"):
            notes.append("--insecure was ignored: certificates are always checked.")
        elif word in _IGNORED_FLAGS:
            pass
        elif word in _IGNORED_WITH_VALUE:
            value()
        elif word.startswith("-"):
            notes.append(f"Unknown option {word} was ignored.")
        elif not url:
            url = word
        else:
            notes.append(f"Extra argument {word!r} was ignored.")
        index += 1
    if not url:
        raise CurlParseError("The curl command has no URL.")
    return CurlImport(_build(method, url, headers, data, form_parts, as_get, head, notes), notes)


def _build(
    method: str,
    url: str,
    headers: list[tuple[str, str]],
    data: list[str],
    form_parts: list[str],
    as_get: bool,
    head: bool,
    notes: list[str],
) -> ApiRequest:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    target = urlunsplit(parts._replace(query="", fragment=""))
    kept = []
    for name, header_value in headers:
        if is_secret_header(name):
            notes.append(
                f"The {name} header was dropped: the portal's token is added "
                "automatically and credentials are not imported."
            )
        else:
            kept.append((name, header_value))
    request = ApiRequest(method=method or "GET", target=target, query=query, headers=kept)
    if head:
        request.method = "HEAD"
    if as_get and data:
        request.query += parse_qsl("&".join(data), keep_blank_values=True)
        request.method = method or "GET"
    elif data:
        body = "&".join(data)
        request.method = method or "POST"
        content_type = next((v for k, v in kept if k.lower() == "content-type"), "")
        if "json" in content_type.lower() or (not content_type and check_json(body) is None):
            request.body_kind, request.body_text = BodyKind.JSON, body
        elif "x-www-form-urlencoded" in content_type.lower() or not content_type:
            request.body_kind = BodyKind.FORM
            request.form = parse_qsl(body, keep_blank_values=True)
        else:
            request.body_kind, request.body_text = BodyKind.TEXT, body
        # The body kind sets this header again when sending.
        if content_type and request.body_kind is not BodyKind.TEXT:
            request.headers = [(k, v) for k, v in kept if k.lower() != "content-type"]
    elif form_parts:
        request.method = method or "POST"
        request.body_kind = BodyKind.MULTIPART
        for part in form_parts:
            name, _, part_value = part.partition("=")
            if part_value.startswith("@") and not request.file_path:
                request.file_field, request.file_path = name, part_value[1:]
            else:
                request.form.append((name, part_value))
    return request
