"""`mct-desktop call --curl FILE|-`: a pasted curl command, replayed with the portal's token."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from mct_desktop.commands.common import find_portal
from mct_desktop.commands.errors import EXIT_USAGE, CommandError
from mct_desktop.core.api.curl_import import CurlParseError, from_curl
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.portal import Portal, origin_of
from mct_desktop.core.session.portal_service import PortalService

_MAX_COMMAND = 1024 * 1024  # a curl command, not a body dump


def curl_request(args: argparse.Namespace, service: PortalService) -> tuple[Portal, ApiRequest]:
    """The portal and request of the curl command in `args.curl`; notes go to stderr."""
    given = [
        option
        for option, used in (
            ("METHOD/PATH", args.method is not None or args.path is not None),
            ("-q", bool(args.query)),
            ("-H", bool(args.header)),
            ("--data", args.data is not None),
            ("--all", bool(getattr(args, "all", False))),
        )
        if used
    ]
    if given:
        raise CommandError(
            f"--curl takes the whole request from the curl command; drop {', '.join(given)}.",
            EXIT_USAGE,
        )
    try:
        imported = from_curl(_read(args.curl))
    except CurlParseError as exc:
        raise CommandError(f"--curl: {exc}", EXIT_USAGE) from None
    for note in imported.notes:
        print(f"mct-desktop: note: {note}", file=sys.stderr)
    request = imported.request
    request.timeout = args.timeout
    return _portal_for(service, request, args.portal), request


def _read(source: str) -> str:
    try:
        if source == "-":
            text = sys.stdin.read(_MAX_COMMAND + 1)
        else:
            with Path(source).expanduser().open(encoding="utf-8") as handle:
                text = handle.read(_MAX_COMMAND + 1)
    except OSError as exc:
        raise CommandError(
            f"--curl: cannot read {source}: {exc.strerror or exc}.", EXIT_USAGE
        ) from None
    except UnicodeDecodeError:
        raise CommandError(f"--curl: {source} is not UTF-8 text.", EXIT_USAGE) from None
    if len(text) > _MAX_COMMAND:
        raise CommandError("--curl: the command is over 1 MB; is this a curl command?", EXIT_USAGE)
    return text


def _portal_for(service: PortalService, request: ApiRequest, name: str | None) -> Portal:
    """`--portal`, else the configured portal on the command's origin.

    With `--portal`, a command copied from another origin (a test portal) is replayed on the
    named one: its path and query go there, with that portal's token.
    """
    origin = origin_of(request.target)
    if name:
        portal = find_portal(service, name)
        if origin is not None and origin != portal.base_url:
            parts = urlsplit(request.target)
            request.target = urlunsplit(("", "", parts.path or "/", "", ""))
            print(
                f"mct-desktop: note: the command's URL is on {origin}; "
                f"sent to {portal.base_url} as asked (--portal).",
                file=sys.stderr,
            )
        return portal
    if origin is None:  # a portal-relative path
        return find_portal(service, None)
    portals = [p for p in service.portals if p.base_url == origin]
    if not portals:
        raise CommandError(
            f"No configured portal is at {origin}. Sign in to it first "
            f"(mct-desktop login {origin}) or name one with --portal.",
            EXIT_USAGE,
        )
    return portals[0]
