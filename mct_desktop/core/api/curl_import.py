"""Turn a pasted curl command into a request: every option read by curl's own arity table."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote_plus, urlsplit, urlunsplit

from mct_desktop.core.api.curl_options import CURL_VERSION, TABLE
from mct_desktop.core.api.request import ApiRequest, BodyKind, check_json
from mct_desktop.core.api.sanitise import is_secret_header
from mct_desktop.core.api.shell_words import ShellSyntaxError, split_command


@dataclass
class CurlImport:
    request: ApiRequest
    notes: list[str] = field(default_factory=list)  # what was dropped or ignored, and why


class CurlParseError(ValueError):
    pass


def _load_table() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    short: dict[str, str] = {}
    with_value: set[str] = set()
    flags: set[str] = set()
    for line in TABLE.split("\n"):
        if not line:
            continue
        letter, name, *arg = line.split()
        if letter != "-":
            short[letter] = name
        (with_value if arg else flags).add(name)
    return short, frozenset(with_value), frozenset(flags)


SHORT, WITH_VALUE, FLAGS = _load_table()


@dataclass
class _Parsed:
    """What the options said, gathered before the request is built."""

    method: str = ""
    url: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    json: bool = False  # --json pieces are concatenated, -d pieces joined with &
    form_parts: list[tuple[str, str]] = field(default_factory=list)  # (option, name=value)
    query: list[tuple[str, str]] = field(default_factory=list)
    as_get: bool = False
    head: bool = False
    notes: list[str] = field(default_factory=list)


Handler = Callable[[_Parsed, str, str], None]  # (parsed, option as written, value)

_CREDENTIALS = "credentials are not imported; the portal's token is added when sending"


def _method(p: _Parsed, _option: str, value: str) -> None:
    p.method = value.upper()


def _header(p: _Parsed, option: str, value: str) -> None:
    if value.startswith("@"):
        raise CurlParseError(f"{option} {value} reads headers from a file: paste them instead.")
    name, colon, header_value = value.partition(":")
    name = name.strip()
    if not colon:
        if name.endswith(";"):  # curl's way of sending a header with an empty value
            p.headers.append((name[:-1].strip(), ""))
        else:
            p.notes.append(f"The header {name!r} has no ':' and was ignored, as curl does.")
        return
    if not header_value.strip():
        p.notes.append(f"The empty {name} header was ignored: in curl it removes the header.")
        return
    p.headers.append((name, header_value.strip()))


def _read(option: str, source: str, *, binary: bool) -> str:
    if source == "-":
        raise CurlParseError(f"{option} @- reads standard input: paste the data instead.")
    try:
        text = Path(source).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise CurlParseError(
            f"{option} @{source}: cannot read it: {exc.strerror or exc}."
        ) from None
    except UnicodeDecodeError:
        raise CurlParseError(f"{option} @{source} is not UTF-8 text.") from None
    # As curl: -d @file drops carriage returns and newlines, --data-binary keeps them.
    return text if binary else text.replace("\r", "").replace("\n", "")


def _data(p: _Parsed, option: str, value: str) -> None:
    if value.startswith("@") and option not in ("--data-raw",):
        value = _read(option, value[1:], binary=option in ("--data-binary", "--json"))
    p.data.append(value)


def _data_urlencode(p: _Parsed, option: str, value: str) -> None:
    # curl's forms: content, =content, name=content, @file, name@file.
    name, eq, content = value.partition("=")
    at_name, at, source = value.partition("@")
    if eq and "@" not in name:
        p.data.append((f"{name}=" if name else "") + quote_plus(content))
    elif at and "=" not in at_name:
        encoded = quote_plus(_read(option, source, binary=True))
        p.data.append(f"{at_name}={encoded}" if at_name else encoded)
    else:
        p.data.append(quote_plus(value))


def _json(p: _Parsed, option: str, value: str) -> None:
    p.json = True
    _data(p, option, value)
    present = {name.lower() for name, _ in p.headers}
    for name in ("Content-Type", "Accept"):  # as curl: once, and not over the user's own
        if name.lower() not in present:
            p.headers.append((name, "application/json"))


def _form(p: _Parsed, option: str, value: str) -> None:
    p.form_parts.append((option, value))


def _url_query(p: _Parsed, _option: str, value: str) -> None:
    if value.startswith("+"):
        p.query += parse_qsl(value[1:], keep_blank_values=True)
    else:
        name, eq, content = value.partition("=")
        p.query.append((name, content) if eq else ("", value))


def _set(attribute: str) -> Handler:
    def handler(p: _Parsed, _option: str, _value: str) -> None:
        setattr(p, attribute, True)

    return handler


def _url(p: _Parsed, _option: str, value: str) -> None:
    if p.url:
        raise CurlParseError(
            f"The command has more than one URL ({p.url!r} and {value!r}): curl would make one "
            "request per URL; import them one at a time."
        )
    p.url = value


def _header_from(name: str) -> Handler:
    def handler(p: _Parsed, _option: str, value: str) -> None:
        p.headers.append((name, value.removesuffix(";auto")))

    return handler


def _credential(p: _Parsed, option: str, _value: str) -> None:
    # The value is never repeated: it is the secret.
    p.notes.append(f"{option} was dropped: {_CREDENTIALS}.")


def _insecure(p: _Parsed, _option: str, _value: str) -> None:
    p.notes.append("--insecure was ignored: certificates are always checked.")


def _quiet(_p: _Parsed, _option: str, _value: str) -> None:
    pass


def _ignored(p: _Parsed, option: str, _value: str) -> None:
    p.notes.append(f"{option} was ignored: the app sends the request its own way.")


def _refuse(reason: str) -> Handler:
    def handler(_p: _Parsed, option: str, _value: str) -> None:
        raise CurlParseError(f"{option} cannot be imported: {reason}.")

    return handler


_HANDLERS: dict[str, Handler] = {
    "--request": _method,
    "--header": _header,
    "--data": _data,
    "--data-ascii": _data,
    "--data-binary": _data,
    "--data-raw": _data,
    "--data-urlencode": _data_urlencode,
    "--json": _json,
    "--form": _form,
    "--form-string": _form,
    "--url-query": _url_query,
    "--get": _set("as_get"),
    "--head": _set("head"),
    "--url": _url,
    "--user-agent": _header_from("User-Agent"),
    "--referer": _header_from("Referer"),
    "--insecure": _insecure,
    "--proxy-insecure": _insecure,
    **dict.fromkeys(
        (
            "--user",
            "--cookie",
            "--oauth2-bearer",
            "--cert",
            "--key",
            "--pass",
            "--proxy-user",
            "--proxy-cert",
            "--proxy-key",
            "--proxy-pass",
            "--tlsuser",
            "--tlspassword",
            "--proxy-tlsuser",
            "--proxy-tlspassword",
            "--netrc",
            "--netrc-file",
            "--netrc-optional",
            "--login-options",
            "--sasl-authzid",
            "--aws-sigv4",
            "--basic",
            "--digest",
            "--ntlm",
            "--ntlm-wb",
            "--negotiate",
            "--anyauth",
            "--delegation",
            "--proxy-basic",
            "--proxy-digest",
            "--proxy-ntlm",
            "--proxy-negotiate",
            "--proxy-anyauth",
        ),
        _credential,
    ),
    # Only what curl prints or how it retries: nothing the server sees.
    **dict.fromkeys(
        (
            "--location",
            "--silent",
            "--show-error",
            "--verbose",
            "--compressed",
            "--include",
            "--globoff",
            "--fail",
            "--fail-with-body",
            "--progress-bar",
            "--no-progress-meter",
            "--output",
            "--remote-name",
            "--remote-header-name",
            "--max-time",
            "--connect-timeout",
            "--write-out",
            "--retry",
            "--retry-delay",
            "--retry-max-time",
            "--retry-all-errors",
            "--retry-connrefused",
            "--http1.1",
            "--http2",
            "--dump-header",
            "--trace",
            "--trace-ascii",
            "--trace-time",
            "--stderr",
            "--create-dirs",
            "--max-redirs",
            "--cookie-jar",
        ),
        _quiet,
    ),
    "--upload-file": _refuse("it uploads a file with PUT; use a multipart body instead"),
    "--config": _refuse("it reads more options from a file; paste them instead"),
    "--next": _refuse("it starts a second request; import one request at a time"),
    "--request-target": _refuse("the app always sends the URL's own path"),
    "--unix-socket": _refuse("the app connects over TCP only"),
    "--abstract-unix-socket": _refuse("the app connects over TCP only"),
    "--parallel": _refuse("it runs several requests; import one request at a time"),
}


def _next_value(rest: Iterator[str], option: str, attached: str = "") -> str:
    value = attached or next(rest, None)
    if value is None:
        raise CurlParseError(f"{option} needs a value.")
    return value


def _options(words: list[str]) -> list[tuple[str, str, str]]:
    """(long name, as written, value) for every option; positional words get name ''."""
    found: list[tuple[str, str, str]] = []
    rest = iter(words)
    for word in rest:
        if word.startswith("--") and len(word) > 2:
            if word in WITH_VALUE:
                found.append((word, word, _next_value(rest, word)))
            elif word in FLAGS:
                found.append((word, word, ""))
            elif word.startswith("--no-") and "--" + word[5:] in FLAGS:
                found.append(("--" + word[5:], word, "off"))
            else:
                raise CurlParseError(
                    f"Unknown curl option {word} (not in curl {CURL_VERSION}'s list): "
                    "its value might be taken for the URL, so nothing was imported."
                )
        elif word.startswith("-") and len(word) > 1:
            for position, letter in enumerate(word[1:], start=1):
                name = SHORT.get(letter, "")
                if not name:
                    raise CurlParseError(f"Unknown curl option -{letter} in {word}.")
                if name in WITH_VALUE:  # `-XPUT`, `-ualice:pw`: the rest of the word is the value
                    value = _next_value(rest, f"-{letter}", word[position + 1 :])
                    found.append((name, f"-{letter}", value))
                    break
                found.append((name, f"-{letter}", ""))
        else:
            found.append(("", word, word))
    return found


def from_curl(text: str) -> CurlImport:
    """Parse a curl command (as copied from browser DevTools, docs or this app)."""
    try:
        words = split_command(text)
    except ShellSyntaxError as exc:
        raise CurlParseError(f"The command cannot be split into words: {exc}.") from None
    if not words or words[0] not in ("curl", "curl.exe"):
        raise CurlParseError("Paste a command that starts with curl.")
    parsed = _Parsed()
    for name, written, value in _options(words[1:]):
        if not name:
            _url(parsed, written, value)
        else:
            _HANDLERS.get(name, _ignored)(parsed, written, value)
    if not parsed.url:
        raise CurlParseError("The curl command has no URL.")
    return CurlImport(_build(parsed), parsed.notes)


def _split_url(p: _Parsed) -> tuple[str, list[tuple[str, str]]]:
    url = p.url.strip()
    if not url.startswith("/") and "://" not in url:
        url = "http://" + url  # what curl does with a URL without a scheme
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise CurlParseError(f"The URL {p.url!r} is not valid: {exc}.") from None
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        raise CurlParseError(f"Only http and https URLs can be imported (got {p.url!r}).")
    if parts.scheme and not parts.hostname:
        raise CurlParseError(f"The URL {p.url!r} has no host.")
    netloc = parts.netloc
    if "@" in netloc:
        netloc = netloc.rpartition("@")[2]
        p.notes.append(f"The user name and password in the URL were dropped: {_CREDENTIALS}.")
    query = parse_qsl(parts.query, keep_blank_values=True)
    return urlunsplit(parts._replace(netloc=netloc, query="", fragment="")), query


def _kept_headers(p: _Parsed) -> list[tuple[str, str]]:
    kept = []
    for name, header_value in p.headers:
        if is_secret_header(name):
            p.notes.append(f"The {name} header was dropped: {_CREDENTIALS}.")
        elif name.lower() == "content-length":
            p.notes.append("The Content-Length header was dropped: it is computed when sending.")
        else:
            kept.append((name, header_value))
    return kept


def _build(p: _Parsed) -> ApiRequest:
    target, query = _split_url(p)
    kept = _kept_headers(p)
    request = ApiRequest(method=p.method or "GET", target=target, query=query + p.query)
    request.headers = kept
    if p.head:
        request.method = "HEAD"
    if p.as_get and p.data:
        request.query += parse_qsl("&".join(p.data), keep_blank_values=True)
        request.method = p.method or "GET"
    elif p.data:
        body = ("" if p.json else "&").join(p.data)
        request.method = p.method or "POST"
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
    elif p.form_parts:
        request.method = p.method or "POST"
        request.body_kind = BodyKind.MULTIPART
        # The body sets its own Content-Type, with the boundary a pasted one lacks.
        request.headers = [(k, v) for k, v in kept if k.lower() != "content-type"]
        for option, part in p.form_parts:
            name, _, part_value = part.partition("=")
            if option != "--form-string" and part_value.startswith("@") and not request.file_path:
                request.file_field, request.file_path = name, part_value[1:]
            else:
                request.form.append((name, part_value))
    return request
