"""`mct-desktop portals` and `mct-desktop logout`."""

from __future__ import annotations

import argparse
import sys

from mct_desktop.commands.common import find_portal
from mct_desktop.commands.errors import EXIT_OK, EXIT_USAGE, CommandError
from mct_desktop.core.portal import IdentityProvider, PortalUrlError
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_summary import summarize
from mct_desktop.core.tokens import utc_now


def logout(args: argparse.Namespace) -> int:
    service = PortalService()
    portal = find_portal(service, args.portal)
    status = service.sign_out(portal)
    if not status.persistent and status.problem:
        raise CommandError(f"Could not reach the keychain to delete tokens: {status.problem}")
    print(f"Signed out of {portal.display_name}: tokens and browser data removed.")
    return EXIT_OK


def portals(args: argparse.Namespace) -> int:
    service = PortalService()
    action = args.portals_command or "list"
    if action == "add":
        existed = service.settings.match(args.url) is not None
        try:
            portal = service.add_portal(
                args.url,
                args.name,
                IdentityProvider(args.idp) if args.idp else None,
                args.keep_browser_session or None,
                ca_bundle=args.ca_bundle,
            )
        except PortalUrlError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
        print(f"{'Updated' if existed else 'Added'} {portal.display_name} ({portal.base_url}).")
        return EXIT_OK
    if action == "remove":
        portal = find_portal(service, args.portal)
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
