"""`mct-desktop login`: a user sign-in window, or a service-to-service profile."""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace

from mct_desktop.commands.errors import EXIT_OK, EXIT_USAGE, CommandError
from mct_desktop.core.portal import (
    IdentityProvider,
    Portal,
    PortalUrlError,
    ServiceAuth,
    normalise_authority,
    normalise_portal_url,
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
    _require_keychain(service)
    was_service = portal.service is not None
    from mct_desktop.commands.login_browser import login_with_browser, with_chosen_browser

    portal = with_chosen_browser(replace(portal, service=None), args.browser)
    if portal.sign_in_browser:
        code = login_with_browser(service, portal, args.timeout)
    else:
        from mct_desktop.app import run_login

        code = run_login(service, portal, args.timeout)
    if code == EXIT_OK and was_service:
        print(
            f"mct-desktop: {portal.display_name} switched from client credentials to a user "
            "sign-in; its client secret was removed from the keychain.",
            file=sys.stderr,
        )
    return code


def _require_keychain(service: PortalService) -> None:
    keychain = service.vault.status
    if not keychain.persistent:
        # The tokens would vanish when this command ends: do not make the user sign in for that.
        raise CommandError(
            "Not signed in: `mct-desktop login` keeps tokens in the system keychain only, and "
            f"none is usable here. {keychain.problem}"
        )


def _portal_for(service: PortalService, args: argparse.Namespace) -> Portal:
    """The portal to sign in to, as it will be saved; nothing is saved before the sign-in."""
    idp = IdentityProvider(args.idp) if args.idp else None
    try:
        portal = service.find(args.portal)
    except PortalLookupError:
        try:
            portal = Portal(normalise_portal_url(args.portal))
        except PortalUrlError as exc:
            raise CommandError(str(exc), EXIT_USAGE) from None
    if idp is not None:
        portal = replace(portal, identity_provider=idp)
    if args.name:
        portal = portal.renamed(args.name.strip())
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
    _require_keychain(service)
    secret = _read_secret()
    # Prove the credentials work before anything is saved: a typo must not leave a broken profile.
    client = TokenClient()
    try:
        access, _lifetime = client.client_credentials(auth, secret)
    except AuthError as exc:
        raise CommandError(str(exc)) from None
    finally:
        client.close()
    portal = service.add_portal(portal.base_url, portal.name, portal.identity_provider)
    portal = service.set_service_auth(portal, auth, secret)
    status = service.store_tokens(portal, TokenPair(access))
    if not status.persistent:
        raise CommandError(f"The service token could not be kept: {status.problem}")
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
