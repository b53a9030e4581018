"""Turn a pasted curl command into a request: every option read by curl's own arity table."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from mct_desktop.core.api.curl_handlers import (
    CREDENTIALS,
    HANDLERS,
    CurlParseError,
    CurlParts,
    add_url,
    ignored,
)
from mct_desktop.core.api.curl_options import CURL_VERSION, TABLE
from mct_desktop.core.api.request import ApiRequest, BodyKind, check_json
from mct_desktop.core.api.sanitise import is_secret_header
from mct_desktop.core.api.shell_words import (
    ShellSyntaxError,
    looks_like_cmd,
    split_cmd,
    split_command,
)


@dataclass
class CurlImport:
    """A request read from a curl command line, and notes on what of it was left out."""

    request: ApiRequest
    notes: list[str] = field(default_factory=list)  # what was dropped or ignored, and why


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
        shell = split_cmd(text) if looks_like_cmd(text) else split_command(text)
    except ShellSyntaxError as exc:
        raise CurlParseError(f"The command cannot be split into words: {exc}.") from None
    words = shell.words
    if words and words[0].lower() in ("invoke-webrequest", "invoke-restmethod", "iwr", "irm"):
        raise CurlParseError(
            "This is a PowerShell command: copy the request as cURL (bash or cmd) instead."
        )
    if not words or words[0] not in ("curl", "curl.exe"):
        raise CurlParseError("Paste a command that starts with curl.")
    parsed = CurlParts(notes=list(shell.notes))
    for name, written, value in _options(words[1:]):
        if not name:
            add_url(parsed, written, value)
        else:
            HANDLERS.get(name, ignored)(parsed, written, value)
    if not parsed.url:
        raise CurlParseError("The curl command has no URL.")
    return CurlImport(_build(parsed), parsed.notes)


def _split_url(p: CurlParts) -> tuple[str, list[tuple[str, str]]]:
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
        p.notes.append(f"The user name and password in the URL were dropped: {CREDENTIALS}.")
    query = parse_qsl(parts.query, keep_blank_values=True)
    return urlunsplit(parts._replace(netloc=netloc, query="", fragment="")), query


# What a browser adds by itself (DevTools copies carry them): noise for an API call, and an
# Accept-Encoding naming br or zstd would get a body httpx cannot decode.
_BROWSER_ONLY = re.compile(
    r"^(sec-ch-ua.*|sec-fetch-.*|sec-gpc|user-agent|origin|referer|priority|accept-language"
    r"|accept-encoding|connection|dnt|pragma|cache-control|upgrade-insecure-requests|te)$",
    re.IGNORECASE,
)


def _kept_headers(p: CurlParts) -> list[tuple[str, str]]:
    kept = []
    browser_only = []
    for name, header_value in p.headers:
        if is_secret_header(name):
            p.notes.append(f"The {name} header was dropped: {CREDENTIALS}.")
        elif name.lower() == "content-length":
            p.notes.append("The Content-Length header was dropped: it is computed when sending.")
        elif _BROWSER_ONLY.match(name):
            browser_only.append(name)
        else:
            kept.append((name, header_value))
    if browser_only:
        p.notes.append(
            "Headers a browser adds by itself were dropped (add them back if the API needs "
            "them): " + ", ".join(browser_only) + "."
        )
    return kept


def _build(p: CurlParts) -> ApiRequest:
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


__all__ = ["FLAGS", "SHORT", "WITH_VALUE", "CurlImport", "CurlParseError", "from_curl"]
