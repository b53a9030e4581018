"""`{{name}}` variables per portal: checked on entry, substituted into a request before sending."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from mct_desktop.core import paths
from mct_desktop.core.api.request import ApiRequest, RequestError
from mct_desktop.core.redact import is_secret_name

# `{{ courseId }}`: spaces inside the braces are allowed, as in Postman.
VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_TOKEN_LIKE = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}|(?i:^\s*bearer\s+\S{8,})")
_OPAQUE = re.compile(r"[A-Za-z0-9_\-+/=.~]{32,}")
_MAX_VALUE = 2000


class UnresolvedVariables(RequestError):
    """Some `{{name}}` has no value; the message names every one."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            "Unresolved variable(s): "
            + ", ".join("{{" + n + "}}" for n in names)
            + ". Set them in the Variables tab, or remove them from the request."
        )


def _looks_like_token(value: str, secrets: tuple[str, ...]) -> bool:
    if _TOKEN_LIKE.search(value) or any(s and len(s) >= 8 and s in value for s in secrets):
        return True
    # A long unbroken run mixing cases and digits is an opaque token, not a slug or an id.
    return any(
        re.search(r"[a-z]", run) and re.search(r"[A-Z]", run) and re.search(r"[0-9]", run)
        for run in _OPAQUE.findall(value)
    )


def check_variable(name: str, value: str, secrets: tuple[str, ...] = ()) -> str | None:
    """None when `name = value` may be stored; else the one-line reason it may not.
    `secrets` are the portal's live tokens: a value holding one is refused."""
    if not _NAME.fullmatch(name):
        return (
            f"{name!r} is not a variable name: use letters, digits, '_', '-' or '.', "
            "starting with a letter or '_'."
        )
    if is_secret_name(name):
        return (
            f"A variable called {name!r} looks like it would hold a credential. Variables are "
            "stored in plain text; MCT Desktop adds the portal's token to each request itself."
        )
    if _looks_like_token(value, secrets):
        return (
            f"The value of {name!r} looks like a token. Variables are stored in plain text; "
            "MCT Desktop adds the portal's token to each request itself."
        )
    if len(value) > _MAX_VALUE:
        return f"The value of {name!r} is longer than {_MAX_VALUE} characters."
    if any(c in value for c in "\r\n"):
        return f"The value of {name!r} holds a line break; variables are one line."
    return None


def names_in(request: ApiRequest) -> list[str]:
    """Every variable the request uses, in first-use order, each once."""
    texts = [request.target, request.body_text]
    for pairs in (request.query, request.headers, request.form):
        for key, value in pairs:
            texts += [key, value]
    seen: dict[str, None] = {}
    for text in texts:
        for match in VARIABLE.finditer(text):
            seen.setdefault(match[1], None)
    return list(seen)


def _fill(text: str, values: dict[str, str], encode: bool = False) -> str:
    def one(match: re.Match[str]) -> str:
        value = values[match[1]]
        # In the path a value is one piece of the URL: `?`, `#` and spaces are encoded;
        # '/' and an existing %XX are kept so `{{base}}/x` and pre-encoded values work.
        return quote(value, safe="/:@!$&'()*+,;=-._~%") if encode else value

    return VARIABLE.sub(one, text)


def substitute(request: ApiRequest, values: dict[str, str]) -> ApiRequest:
    """The request with every `{{name}}` replaced; UnresolvedVariables names the missing."""
    missing = [n for n in names_in(request) if n not in values]
    if missing:
        raise UnresolvedVariables(missing)

    def pairs(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(_fill(k, values), _fill(v, values)) for k, v in items]

    return replace(
        request,
        target=_fill(request.target, values, encode=True),
        query=pairs(request.query),
        headers=pairs(request.headers),
        form=pairs(request.form),
        body_text=_fill(request.body_text, values),
    )


def offered(pairs: list[tuple[str, str]], existing: dict[str, str]) -> list[tuple[str, str]]:
    """Filled values of the request (path parameters, say) worth keeping as variables."""
    result = []
    for name, value in pairs:
        value = value.strip()
        if not value or VARIABLE.search(value) or existing.get(name) == value:
            continue
        if check_variable(name, value) is None and (name, value) not in result:
            result.append((name, value))
    return result


class VariableStore:
    """variables.json under the config dir (0600): {portal key: [[name, value], ...]}."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / "variables.json"
        self.warning = ""
        self._data: dict[str, list[tuple[str, str]]] = {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            self.warning = f"The variables file {self.path} could not be read ({exc}); ignored."
            return
        if isinstance(raw, dict):
            for key, items in raw.items():
                if isinstance(items, list):
                    self._data[str(key)] = [
                        (str(p[0]), str(p[1]))
                        for p in items
                        if isinstance(p, list)
                        and len(p) == 2
                        and check_variable(str(p[0]), str(p[1])) is None
                    ]

    def pairs(self, portal_key: str) -> list[tuple[str, str]]:
        return list(self._data.get(portal_key, []))

    def values(self, portal_key: str) -> dict[str, str]:
        return dict(self._data.get(portal_key, []))

    def set_pairs(
        self, portal_key: str, pairs: list[tuple[str, str]], secrets: tuple[str, ...] = ()
    ) -> None:
        """Store the portal's variables; RequestError (nothing stored) when one is refused."""
        for name, value in pairs:
            if problem := check_variable(name, value, secrets):
                raise RequestError(problem)
        self._data[portal_key] = list(pairs)
        self.save()

    def move_portal(self, old: str, new: str) -> None:
        """The variables of portal key `old` now belong to `new` (unless it has its own)."""
        if old in self._data and new not in self._data:
            self._data[new] = self._data.pop(old)
            self.save()

    def save(self) -> None:
        paths.private_dir(self.path.parent)
        data = json.dumps({k: [list(p) for p in v] for k, v in self._data.items()}, indent=2)
        fd, tmp = tempfile.mkstemp(prefix=".variables-", dir=self.path.parent)  # 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data + "\n")
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
