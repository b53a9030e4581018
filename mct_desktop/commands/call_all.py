"""`mct-desktop call GET PATH --all`: every page of a list, to a file or as NDJSON."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from mct_desktop.commands.common import find_portal
from mct_desktop.commands.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, CommandError
from mct_desktop.commands.run_support import TerminalProgress, report
from mct_desktop.core.api.client import ApiClient, ApiError
from mct_desktop.core.api.fetch_all import Interrupted, Outcome, api_fetch, fetch_all
from mct_desktop.core.api.paging import PagingError, Scheme, parse_paging_option
from mct_desktop.core.api.request import ApiRequest, RequestError
from mct_desktop.core.api.run_text import fetch_identity
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import AuthError
from mct_desktop.core.session.token_manager import TokenManager


def call_all(args: argparse.Namespace, request: ApiRequest) -> int:
    try:
        return _call_all(args, request)
    except CommandError as exc:
        return report(exc)


def _call_all(args: argparse.Namespace, request: ApiRequest) -> int:
    if request.method != "GET" or request.body_kind.value != "none":
        raise CommandError("--all reads a list: use it with GET and no --data.", EXIT_USAGE)
    if args.page_size < 1:
        raise CommandError("--page-size must be at least 1.", EXIT_USAGE)
    if args.resume and not args.output:
        raise CommandError(
            "--resume continues a file: give the same -o FILE as before.", EXIT_USAGE
        )
    service = PortalService()
    portal = find_portal(service, args.portal)
    scheme = _scheme(args, portal, request.target)
    output = Path(args.output) if args.output else None
    client = ApiClient(TokenManager(service))
    progress = TerminalProgress()
    try:
        outcome = fetch_all(
            api_fetch(client, portal, request, None),
            request.target,
            request.query,
            output=output,
            stream=None if output else sys.stdout.buffer,
            scheme=scheme,
            size=args.page_size,
            resume=args.resume,
            identity=fetch_identity(request),
            on_progress=progress,
        )
    except Interrupted as exc:
        progress.finish()
        hint = f" Continue with: {_resume_command(args)}" if output else ""
        raise CommandError(f"{exc}{hint}", EXIT_INTERRUPTED) from None
    except PagingError as exc:
        progress.finish()
        hint = f" What was read is kept; continue with: {_resume_command(args)}" if output else ""
        raise CommandError(f"{exc}{hint}") from None
    except RequestError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    except AuthError as exc:
        raise CommandError(f"{exc} Run: mct-desktop login {portal.base_url}") from None
    except ApiError as exc:
        raise CommandError(str(exc)) from None
    except BrokenPipeError:
        raise  # stdout's reader went away (`| head`): cli.main stops quietly
    except OSError as exc:
        raise CommandError(f"Cannot write {output}: {exc.strerror or exc}.") from None
    finally:
        progress.finish()
        client.close()
    _summary(outcome, output)
    return EXIT_OK


def _scheme(args: argparse.Namespace, portal: object, target: str) -> Scheme | None:
    if args.paging:
        try:
            return parse_paging_option(args.paging)
        except PagingError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
    from mct_desktop.core.catalog.paging_hint import scheme_for

    return scheme_for(portal, target)  # type: ignore[arg-type]


def _summary(outcome: Outcome, output: Path | None) -> None:
    where = f" to {output}" if output else ""
    how = outcome.scheme.describe() if outcome.scheme else "?"
    print(
        f"mct-desktop: {outcome.rows:,} rows in {outcome.pages:,} pages ({how}){where}",
        file=sys.stderr,
    )
    if outcome.note:
        print(f"mct-desktop: note: {outcome.note}", file=sys.stderr)


def _resume_command(args: argparse.Namespace) -> str:
    words = ["mct-desktop", "call", "GET", args.path, "--all"]
    if args.portal:
        words += ["--portal", args.portal]
    for item in args.query:
        words += ["-q", item]
    if args.paging:
        words += ["--paging", args.paging]
    words += ["-o", args.output, "--resume"]
    return shlex.join(words)
