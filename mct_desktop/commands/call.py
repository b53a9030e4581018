"""`mct-desktop call`: one API request with the portal's token, for scripts and terminals."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mct_desktop.commands.common import find_portal
from mct_desktop.commands.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, CommandError
from mct_desktop.core.api.client import ApiClient, ApiError
from mct_desktop.core.api.render import JsonViewError, parse_for_view
from mct_desktop.core.api.request import ApiRequest, BodyKind, RequestError, check_json
from mct_desktop.core.api.response import ApiResponse, BodyType
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import AuthError
from mct_desktop.core.session.token_manager import TokenManager


def call(args: argparse.Namespace) -> int:
    service = PortalService()
    if getattr(args, "curl", None) is not None:
        from mct_desktop.commands.call_curl import curl_request

        portal, request = curl_request(args, service)
    else:
        if args.method is None or args.path is None:
            raise CommandError(
                "call needs a METHOD and a PATH (or --curl FILE|- for a curl command).",
                EXIT_USAGE,
            )
        portal = find_portal(service, args.portal)
        request = _request(args)
        if getattr(args, "all", False):
            from mct_desktop.commands.call_all import call_all

            return call_all(args, request)
    return send(args, service, portal, request)


def send(
    args: argparse.Namespace, service: PortalService, portal: Portal, request: ApiRequest
) -> int:
    """Send with the portal's fresh token, print the response; the exit code."""
    client = ApiClient(TokenManager(service))
    try:
        response = client.send(portal, request)
    except RequestError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    except AuthError as exc:
        raise CommandError(f"{exc} Run: mct-desktop login {portal.base_url}") from None
    except ApiError as exc:
        raise CommandError(str(exc)) from None
    finally:
        client.close()
    try:
        _print(response, args)
    finally:
        response.discard()
    if not response.token_sent and not request.goes_to_portal(portal):
        print(
            "mct-desktop: note: the token was not sent: the URL is not on the portal.",
            file=sys.stderr,
        )
    if response.note:
        print(f"mct-desktop: note: {response.note}", file=sys.stderr)
    if response.ok:
        return EXIT_OK
    retry = f" (Retry-After: {response.retry_after})" if response.retry_after else ""
    print(f"mct-desktop: HTTP {response.status} {response.reason}{retry}", file=sys.stderr)
    return EXIT_FAILURE


def _request(args: argparse.Namespace) -> ApiRequest:
    query = []
    for item in args.query:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CommandError(f"-q expects KEY=VALUE, got {item!r}.", EXIT_USAGE)
        query.append((key, value))
    headers = []
    for item in args.header:
        name, sep, value = item.partition(":")
        if not sep or not name.strip():
            raise CommandError(f'-H expects "Name: value", got {item!r}.', EXIT_USAGE)
        headers.append((name.strip(), value.strip()))
    request = ApiRequest(
        method=args.method, target=args.path, query=query, headers=headers, timeout=args.timeout
    )
    if args.data is not None:
        text = _read_data(args.data)
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        if content_type and "json" not in content_type.lower():
            request.body_kind = BodyKind.TEXT
        else:
            if problem := check_json(text):
                raise CommandError(f"--data: {problem}.", EXIT_USAGE)
            request.body_kind = BodyKind.JSON
        request.body_text = text
    return request


def _read_data(data: str) -> str:
    if not data.startswith("@"):
        return data
    source = data[1:]
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(
            f"--data: cannot read {source}: {exc.strerror or exc}.", EXIT_USAGE
        ) from None
    except UnicodeDecodeError:
        raise CommandError(f"--data: {source} is not UTF-8 text.", EXIT_USAGE) from None


def _print(response: ApiResponse, args: argparse.Namespace) -> None:
    out = sys.stdout
    if args.include:
        out.write(f"HTTP {response.status} {response.reason}\n")
        for name, value in response.headers:
            out.write(f"{name}: {value}\n")
        out.write("\n")
        out.flush()
    if args.output:
        destination = Path(args.output)
        try:
            response.save_to(destination)
        except OSError as exc:
            raise CommandError(f"Cannot write {destination}: {exc.strerror or exc}.") from None
        print(f"mct-desktop: saved {response.size} bytes to {destination}", file=sys.stderr)
        return
    terminal = out.isatty()
    kind = response.body_type
    if terminal and kind is BodyType.BINARY:
        name = response.filename or "FILE"
        print(
            f"mct-desktop: binary body ({response.content_type or 'unknown type'}, "
            f"{response.size} bytes) not printed; use --output {name}",
            file=sys.stderr,
        )
        return
    if terminal and kind is BodyType.JSON:
        try:
            _parsed, formatted = parse_for_view(response.text())
        except JsonViewError as exc:
            print(f"mct-desktop: note: {exc}", file=sys.stderr)
        else:
            out.write(formatted)
            out.write("\n")
            return
    # Piped or redirected: the body exactly as received.
    out.flush()
    sys.stdout.buffer.write(response.read_bytes())
    sys.stdout.buffer.flush()
