"""The non-GUI commands behind the CLI; each returns an exit code."""

from __future__ import annotations

import argparse
import sys
import time

from mct_desktop.cli import EXIT_OK, EXIT_USAGE, CommandError
from mct_desktop.core.portal import IdentityProvider, PortalUrlError
from mct_desktop.core.portal_service import PortalService
from mct_desktop.core.settings import PortalLookupError
from mct_desktop.core.token_summary import summarize
from mct_desktop.core.tokens import utc_now


def _service() -> PortalService:
    return PortalService()


def _find(service: PortalService, name: str | None):  # type: ignore[no-untyped-def]
    try:
        return service.find(name)
    except PortalLookupError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None


def login(args: argparse.Namespace) -> int:
    service = _service()
    try:
        portal = service.find(args.portal)
        if args.idp:
            portal = service.add_portal(
                portal.base_url, identity_provider=IdentityProvider(args.idp)
            )
    except PortalLookupError:
        try:
            portal = service.add_portal(
                args.portal, args.name, IdentityProvider(args.idp) if args.idp else None
            )
        except PortalUrlError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
    from mct_desktop.app import run_login

    return run_login(service, portal.key, args.timeout)


def token(args: argparse.Namespace) -> int:
    service = _service()
    portal = _find(service, args.portal)
    pair = service.tokens(portal)
    if pair is None:
        status = service.vault.status
        hint = f" ({status.problem})" if not status.persistent else ""
        raise CommandError(
            f"No token stored for {portal.display_name}{hint}. "
            f"Sign in with: mct-desktop login {portal.base_url}"
        )
    summary = summarize(pair, utc_now())
    if summary.expired:
        raise CommandError(
            f"The access token for {portal.display_name} {summary.expires_relative}. "
            f"Sign in again with: mct-desktop login {portal.base_url}"
        )
    print(pair.access_token)
    return EXIT_OK


def logout(args: argparse.Namespace) -> int:
    service = _service()
    portal = _find(service, args.portal)
    status = service.sign_out(portal)
    if not status.persistent and status.problem:
        raise CommandError(f"Could not reach the keychain to delete tokens: {status.problem}")
    print(f"Signed out of {portal.display_name}: tokens and browser data removed.")
    return EXIT_OK


def portals(args: argparse.Namespace) -> int:
    service = _service()
    action = args.portals_command or "list"
    if action == "add":
        try:
            portal = service.add_portal(
                args.url,
                args.name,
                IdentityProvider(args.idp) if args.idp else None,
                args.keep_browser_session or None,
            )
        except PortalUrlError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
        print(f"Added {portal.display_name} ({portal.base_url}).")
        return EXIT_OK
    if action == "remove":
        portal = _find(service, args.portal)
        service.remove_portal(portal)
        print(f"Removed {portal.display_name} and its tokens.")
        return EXIT_OK
    _print_portals(service)
    return EXIT_OK


def _print_portals(service: PortalService) -> None:
    if service.settings.load_warning:
        print(f"mct-desktop: {service.settings.load_warning}", file=sys.stderr)
    if not service.portals:
        print(
            "No portals configured. Add one with: mct-desktop login https://YOUR-PORTAL",
            file=sys.stderr,
        )
        return
    active = service.active
    now = utc_now()
    for portal in service.portals:
        pair = service.tokens(portal)
        if pair is None:
            state = "not signed in"
        else:
            s = summarize(pair, now)
            state = f"{s.user}, token {s.expires_relative}" if s.is_jwt else "signed in"
        mark = "*" if active and portal.key == active.key else " "
        name = portal.name or "-"
        print(f"{mark} {portal.base_url}\t{name}\t{portal.identity_provider.value}\t{state}")


def demo_portal(args: argparse.Namespace) -> int:
    from mct_desktop.demo import DemoPortal, LocationStyle

    try:
        server = DemoPortal(
            port=args.port,
            location_style=LocationStyle(args.location_style),
            token_lifetime=args.token_lifetime,
            auto_sign_in=args.auto_sign_in,
        ).start()
    except OSError as exc:
        raise CommandError(
            f"Could not start the demo portal on port {args.port}: {exc.strerror or exc}"
        ) from None
    print(
        f"Demo portal running at {server.url} (sign-in pages at {server.sign_in_origin}); "
        "accounts admin@contoso.demo and learner@contoso.demo, password 'demo'. "
        "Ctrl+C stops it.",
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
    return EXIT_OK
