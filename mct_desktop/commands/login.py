"""`mct-desktop login`: a user sign-in window, or a service-to-service profile."""

from __future__ import annotations

import argparse
import getpass
import sys

from mct_desktop.commands.errors import EXIT_OK, EXIT_USAGE, CommandError
from mct_desktop.core.portal import (
    IdentityProvider,
    Portal,
    PortalUrlError,
    ServiceAuth,
    normalise_authority,
)
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.settings import PortalLookupError
from mct_desktop.core.session.token_client import AuthError, TokenClient
from mct_desktop.core.session.token_summary import summarize
from mct_desktop.core.tokens import TokenPair, utc_now


def login(args: argparse.Namespace) -> int:
    service = PortalService()
    portal = _portal_for(service, args)
    if args.client_id or args.tenant or args.api_uri:
        return _login_service(service, portal, args)
    if portal.service is not None:
        # A person signs in now: the portal stops being a service profile, secret and all.
        portal = service.use_user_sign_in(portal)
        print(
            f"mct-desktop: {portal.display_name} switches from client credentials to a user "
            "sign-in; its client secret was removed from the keychain.",
            file=sys.stderr,
        )
    from mct_desktop.commands.login_browser import login_with_browser

    if (code := login_with_browser(service, portal, args)) is not None:
        return code
    from mct_desktop.app import run_login

    return run_login(service, portal.key, args.timeout)


def _portal_for(service: PortalService, args: argparse.Namespace) -> Portal:
    idp = IdentityProvider(args.idp) if args.idp else None
    try:
        portal = service.find(args.portal)
    except PortalLookupError:
        try:
            return service.add_portal(args.portal, args.name, idp)
        except PortalUrlError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
    if idp is not None or args.name:
        portal = service.add_portal(portal.base_url, args.name, idp)
    return portal


def _login_service(service: PortalService, portal: Portal, args: argparse.Namespace) -> int:
    missing = [
        flag
        for flag, value in (
            ("--client-id", args.client_id),
            ("--tenant", args.tenant),
            ("--api-uri", args.api_uri),
        )
        if not value
    ]
    if missing:
        raise CommandError("A service profile also needs " + ", ".join(missing) + ".", EXIT_USAGE)
    try:
        auth = ServiceAuth(
            args.tenant.strip(),
            args.client_id.strip(),
            args.api_uri.strip(),
            normalise_authority(args.authority),
        )
    except PortalUrlError as exc:
        raise CommandError(f"Authority: {exc}", EXIT_USAGE) from None
    secret = _read_secret()
    # Prove the credentials work before anything is saved: a typo must not leave a broken profile.
    client = TokenClient()
    try:
        access, _lifetime = client.client_credentials(auth, secret)
    except AuthError as exc:
        raise CommandError(str(exc)) from None
    finally:
        client.close()
    portal = service.set_service_auth(portal, auth, secret)
    status = service.store_tokens(portal, TokenPair(access))
    if not status.persistent:
        print(f"mct-desktop: {status.problem}", file=sys.stderr)
    summary = summarize(TokenPair(access), utc_now())
    print(
        f"{portal.display_name}: service principal {auth.client_id}, token expires "
        f"{summary.expires_local} ({summary.expires_relative})"
    )
    return EXIT_OK


def _read_secret() -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        secret = getpass.getpass("Client secret: ")
    else:
        secret = sys.stdin.readline() if sys.stdin is not None else ""
    secret = secret.strip()
    if not secret:
        raise CommandError(
            "No client secret given: pipe it on standard input, e.g. "
            "`mct-desktop login ... < secret.txt`, or type it at the prompt.",
            EXIT_USAGE,
        )
    return secret
