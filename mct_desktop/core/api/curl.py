"""Copy a request as a curl command (reading one back is `curl_import`, loaded when used)."""

from __future__ import annotations

import shlex
from urllib.parse import urlencode, urlsplit, urlunsplit

from mct_desktop.core.api.auth_headers import authorization_headers
from mct_desktop.core.api.request import ApiRequest, BodyKind
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
    if any(c in url for c in "{}[]"):
        args.append("-g")  # else curl reads `{a,b}` and `[1-3]` as URL globs
    if request.method.upper() != "GET" or request.body_kind is not BodyKind.NONE:
        args += ["-X", request.method.upper()]
    args.append(shlex.quote(url))
    names = {k.lower() for k, _ in request.headers}
    for name, value in request.headers:
        # `Name;` is how curl sends an empty header; `Name:` would remove it.
        args += ["-H", shlex.quote(f"{name}: {value}" if value else f"{name};")]
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
        if request.file_path:  # `-F file=@` with no file is refused by curl
            args += ["-F", shlex.quote(f"{request.file_field}=@{request.file_path}")]
        for name, value in request.form:
            args += [_form_option(value), shlex.quote(f"{name}={value}")]
    return " ".join(args)


def _form_option(value: str) -> str:
    """`-F` reads a leading `@`/`<` as a file and `;type=` as part options: such a value
    goes as `--form-string`, which curl sends as it is."""
    return "--form-string" if value.startswith(("@", "<")) or ";" in value else "-F"


def curl_command(portal: Portal, access_token: str, path: str = PROFILE_PATH) -> str:
    """A ready-to-paste curl line for a GET of `path` on the portal."""
    parts = ["curl", "--fail-with-body"]
    for name, value in authorization_headers(portal, access_token).items():
        parts += ["-H", f"{name}: {value}"]
    parts.append(portal.base_url + path)
    return " ".join(shlex.quote(p) for p in parts)


__all__ = ["curl_command", "to_curl"]
