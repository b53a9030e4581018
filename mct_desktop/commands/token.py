"""`mct-desktop token`: a valid access token for scripts, refreshed first when needed."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from mct_desktop.commands.common import find_portal
from mct_desktop.commands.errors import EXIT_OK, CommandError
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.tokens import TokenPair, decode_jwt, describe_expiry, is_stale, utc_now

if TYPE_CHECKING:
    import argparse  # the annotation only: `token PORTAL` is read without argparse

# Refresh when the token would expire within this long: long enough for the script's call.
CLI_MIN_VALIDITY = 60.0


def token(args: argparse.Namespace) -> int:
    service = PortalService()
    portal = find_portal(service, args.portal)
    pair = _valid_pair(service, portal, force=args.refresh)
    if args.json:
        print(json.dumps(_as_json(portal, pair), indent=2))
    else:
        print(pair.access_token)
    return EXIT_OK


def _valid_pair(service: PortalService, portal: Portal, *, force: bool) -> TokenPair:
    if not force:
        # The token manager's first answer, without loading the refresh machinery (token
        # client, log scrubber): a valid stored token is what scripts usually get.
        seen = service.tokens(portal)
        if seen is not None and not is_stale(seen, CLI_MIN_VALIDITY, utc_now()):
            return seen
    return _refreshed(service, portal, force=force)


def _refreshed(service: PortalService, portal: Portal, *, force: bool) -> TokenPair:
    from mct_desktop.core.session.token_client import (
        AuthError,
        AuthNetworkError,
        SignInRequired,
    )
    from mct_desktop.core.session.token_manager import NotSignedIn, TokenManager

    manager = TokenManager(service)
    login_hint = f" Run: mct-desktop login {portal.base_url}"
    try:
        pair = manager.ensure_fresh(portal, CLI_MIN_VALIDITY, force=force)
        if manager.unsaved_refresh:
            print(
                f"mct-desktop: warning: the refreshed tokens could not be saved to the "
                f"keychain ({manager.unsaved_refresh}). The portal has retired the old "
                f"refresh token, so after this command you must sign in again.{login_hint}",
                file=sys.stderr,
            )
        return pair
    except NotSignedIn as exc:
        status = service.keychain_status
        keychain = f" ({status.problem})" if not status.persistent else ""
        raise CommandError(f"{exc}{keychain}{login_hint}") from None
    except SignInRequired as exc:
        raise CommandError(_expiry_sentence(service, portal) + str(exc) + login_hint) from None
    except AuthNetworkError as exc:
        stored = service.tokens(portal)
        info = decode_jwt(stored.access_token) if stored else None
        if stored and not force and (info is None or not info.is_expired(utc_now())):
            # Still valid for a little while: better than nothing; say so on stderr.
            print(
                f"mct-desktop: warning: {exc} Printing the stored token, which is still valid.",
                file=sys.stderr,
            )
            return stored
        raise CommandError(str(exc)) from None
    except AuthError as exc:  # an unreadable answer, a refresh lock held too long
        raise CommandError(f"{exc}{login_hint}") from None


def _expiry_sentence(service: PortalService, portal: Portal) -> str:
    stored = service.tokens(portal)
    info = decode_jwt(stored.access_token) if stored else None
    if info is None or info.expires_at is None:
        return ""
    when = describe_expiry(info.expires_at, utc_now())  # "in 59 min" or "expired 3 h ago"
    return f"The access token {'expires ' + when if when.startswith('in ') else when}. "


def _as_json(portal: Portal, pair: TokenPair) -> dict[str, object]:
    info = decode_jwt(pair.access_token)
    exp = info.expires_at if info else None
    return {
        "portal": portal.base_url,
        "auth_method": portal.auth_method.value,
        "access_token": pair.access_token,
        "refresh_token_present": pair.refresh_token is not None,
        "expires_at": exp.isoformat() if exp else None,
        "expires_in_seconds": int((exp - utc_now()).total_seconds()) if exp else None,
        "user": info.user if info else None,
    }
