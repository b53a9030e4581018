"""What each curl option does to an imported request: one handler per option, in a table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote_plus


class CurlParseError(ValueError):
    """The pasted command cannot be imported as written; the message says why."""


@dataclass
class CurlParts:
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


Handler = Callable[[CurlParts, str, str], None]  # (parsed, option as written, value)

CREDENTIALS = "credentials are not imported; the portal's token is added when sending"


def _method(p: CurlParts, _option: str, value: str) -> None:
    p.method = value.upper()


def _header(p: CurlParts, option: str, value: str) -> None:
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


def _data(p: CurlParts, option: str, value: str) -> None:
    if value.startswith("@") and option not in ("--data-raw",):
        value = _read(option, value[1:], binary=option in ("--data-binary", "--json"))
    p.data.append(value)


def _data_urlencode(p: CurlParts, option: str, value: str) -> None:
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


def _json(p: CurlParts, option: str, value: str) -> None:
    p.json = True
    _data(p, option, value)
    present = {name.lower() for name, _ in p.headers}
    for name in ("Content-Type", "Accept"):  # as curl: once, and not over the user's own
        if name.lower() not in present:
            p.headers.append((name, "application/json"))


def _form(p: CurlParts, option: str, value: str) -> None:
    p.form_parts.append((option, value))


def _url_query(p: CurlParts, _option: str, value: str) -> None:
    if value.startswith("+"):
        p.query += parse_qsl(value[1:], keep_blank_values=True)
    else:
        name, eq, content = value.partition("=")
        p.query.append((name, content) if eq else ("", value))


def _set(attribute: str) -> Handler:
    def handler(p: CurlParts, _option: str, _value: str) -> None:
        setattr(p, attribute, True)

    return handler


def add_url(p: CurlParts, _option: str, value: str) -> None:
    if p.url:
        raise CurlParseError(
            f"The command has more than one URL ({p.url!r} and {value!r}): curl would make one "
            "request per URL; import them one at a time."
        )
    p.url = value


def _header_from(name: str, prefix: str = "") -> Handler:
    """Options that are a header in disguise: -A, -e (`;auto` is curl's own), -r."""

    def handler(p: CurlParts, _option: str, value: str) -> None:
        p.headers.append((name, prefix + value.removesuffix(";auto")))

    return handler


def _credential(p: CurlParts, option: str, _value: str) -> None:
    # The value is never repeated: it is the secret.
    p.notes.append(f"{option} was dropped: {CREDENTIALS}.")


def _insecure(p: CurlParts, _option: str, _value: str) -> None:
    p.notes.append("--insecure was ignored: certificates are always checked.")


def _quiet(_p: CurlParts, _option: str, _value: str) -> None:
    pass


def ignored(p: CurlParts, option: str, _value: str) -> None:
    p.notes.append(f"{option} was ignored: the app sends the request its own way.")


def _refuse(reason: str) -> Handler:
    def handler(_p: CurlParts, option: str, _value: str) -> None:
        raise CurlParseError(f"{option} cannot be imported: {reason}.")

    return handler


HANDLERS: dict[str, Handler] = {
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
    "--url": add_url,
    "--user-agent": _header_from("User-Agent"),
    "--referer": _header_from("Referer"),
    "--range": _header_from("Range", "bytes="),
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
