"""An API request as the console and the CLI describe it, before any token is added."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote, unquote_plus

from mct_desktop.core.portal import Portal, origin_of

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class BodyKind(StrEnum):
    NONE = "none"
    JSON = "json"
    TEXT = "text"
    FORM = "form"  # application/x-www-form-urlencoded
    MULTIPART = "multipart"  # form fields plus one file


class RequestError(ValueError):
    """The request cannot be sent as written; the message says where and why."""


@dataclass(frozen=True)
class JsonProblem:
    """Where a JSON body stops being valid JSON, for the editor to point at."""

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"Invalid JSON at line {self.line}, column {self.column}: {self.message}"


def check_json(text: str) -> JsonProblem | None:
    """None when `text` is valid JSON, else where it breaks."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return JsonProblem(exc.lineno, exc.colno, exc.msg)
    except RecursionError:
        return JsonProblem(1, 1, "nested too deeply to check (more than about 900 levels)")
    except ValueError as exc:  # an integer longer than Python's 4300-digit limit
        return JsonProblem(1, 1, str(exc).split(":")[0])
    return None


def pretty_json(text: str) -> str:
    """Re-indent valid JSON (2 spaces, key order kept); raises RequestError when invalid."""
    if problem := check_json(text):
        raise RequestError(str(problem))
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False)


# Kept readable in the path field: `{{var}}`, `:` and `/` need no escaping in a query.
_QUERY_SAFE = "{}$',:/@!*()[]~;|^`"


def split_target(text: str) -> tuple[str, list[tuple[str, str]]]:
    """`/x?a=1&b=%20&a=2` -> (`/x`, [(a, 1), (b, ' '), (a, 2)]): order and repeats kept."""
    path, sep, query = text.partition("?")
    if not sep:
        return text, []
    pairs = []
    for piece in query.split("#", 1)[0].split("&"):
        if piece:
            key, _eq, value = piece.partition("=")
            pairs.append((unquote_plus(key), unquote_plus(value)))
    return path, pairs


def join_target(path: str, pairs: list[tuple[str, str]]) -> str:
    """The inverse of split_target: each name and value percent-encoded where it must be."""
    if not pairs:
        return path
    query = "&".join(
        quote(k, safe=_QUERY_SAFE) + "=" + quote(v, safe=_QUERY_SAFE) for k, v in pairs
    )
    return f"{path}?{query}"


@dataclass
class ApiRequest:
    """Everything the user typed. Pairs keep their order and may repeat, like the wire."""

    method: str = "GET"
    target: str = ""  # `/api/v2/Profile` (relative to the portal) or an absolute URL
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    body_kind: BodyKind = BodyKind.NONE
    body_text: str = ""
    form: list[tuple[str, str]] = field(default_factory=list)
    file_field: str = "file"
    file_path: str = ""
    timeout: float = 30.0

    def url(self, portal: Portal | None) -> str:
        """The absolute URL without the query table (which httpx merges in)."""
        target = self.target.strip()
        if not target:
            raise RequestError("Enter a path such as /api/v2/Profile or a full URL.")
        if target.lower().startswith(("http://", "https://")):
            if origin_of(target) is None:
                raise RequestError(f"{target!r} is not a valid URL.")
            return target
        if "://" in target.split("?", 1)[0]:
            raise RequestError(f"Only http and https URLs can be called (got {target!r}).")
        if "://" in target:
            # `/api/x?next=https://other` could be read as a URL to another server: refused,
            # and the way to send such a value is the query table, which encodes it.
            path = target.split("?", 1)[0]
            raise RequestError(
                f"The query of {target!r} holds '://'; give the path alone ({path}) and each "
                "query value separately: -q KEY=VALUE on the command line, the Query table "
                "in the app."
            )
        if portal is None:
            raise RequestError("Choose a portal first, or enter a full URL.")
        return portal.base_url + (target if target.startswith("/") else "/" + target)

    def goes_to_portal(self, portal: Portal | None) -> bool:
        try:
            return portal is not None and origin_of(self.url(portal)) == portal.base_url
        except RequestError:
            return False

    def validate(self) -> None:
        """Raise RequestError for what would fail before or on the wire."""
        if self.method.upper() not in METHODS:
            raise RequestError(f"Unknown method {self.method!r}; use one of {', '.join(METHODS)}.")
        for name, _value in self.headers:
            if not name.strip() or any(c in name for c in " :\r\n"):
                raise RequestError(f"Header name {name!r} is not valid.")
        is_json = self.body_kind is BodyKind.JSON and self.body_text.strip()
        if is_json and (problem := check_json(self.body_text)):
            raise RequestError(str(problem))
        if self.body_kind is BodyKind.MULTIPART:
            if not self.file_path:
                raise RequestError("Choose a file to upload.")
            if not Path(self.file_path).is_file():
                raise RequestError(f"The file {self.file_path} does not exist.")
        if not 0 < self.timeout <= 3600:
            raise RequestError("The timeout must be between 0 and 3600 seconds.")


def request_to_dict(request: ApiRequest) -> dict[str, object]:
    return {
        "method": request.method,
        "target": request.target,
        "query": [list(p) for p in request.query],
        "headers": [list(p) for p in request.headers],
        "body_kind": request.body_kind.value,
        "body_text": request.body_text,
        "form": [list(p) for p in request.form],
        "file_field": request.file_field,
        "file_path": request.file_path,
        "timeout": request.timeout,
    }


def request_from_dict(data: dict[str, object]) -> ApiRequest:
    def pairs(key: str) -> list[tuple[str, str]]:
        value = data.get(key) or []
        assert isinstance(value, list)
        return [
            (str(p[0]), str(p[1])) for p in value if isinstance(p, list | tuple) and len(p) == 2
        ]

    timeout = data.get("timeout", 30.0)
    return ApiRequest(
        method=str(data.get("method", "GET")),
        target=str(data.get("target", "")),
        query=pairs("query"),
        headers=pairs("headers"),
        body_kind=BodyKind(str(data.get("body_kind", "none"))),
        body_text=str(data.get("body_text", "")),
        form=pairs("form"),
        file_field=str(data.get("file_field", "file")),
        file_path=str(data.get("file_path", "")),
        timeout=float(timeout) if isinstance(timeout, int | float | str) else 30.0,
    )
