"""Where every sign-in ends: keep the portal and its tokens, say what happened in one line."""

from __future__ import annotations

from dataclasses import dataclass, replace

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_summary import summarize
from mct_desktop.core.tokens import TokenPair, utc_now


@dataclass(frozen=True)
class SignInResult:
    """What a finished sign-in left behind; holds no secret."""

    persistent: bool  # False: the tokens live in this process's memory only
    problem: str  # why they are not in the keychain, a sentence for the user ("" if they are)
    line: str  # `portal: user, token expires … (in 59 min)`
    user: str = ""  # who signed in, as the token names them


def complete_sign_in(service: PortalService, portal: Portal, pair: TokenPair) -> SignInResult:
    """Store a captured pair; a portal not saved yet (or changed) is saved only now.

    Every sign-in path ends here (the sign-in window, `mct-desktop login`, a pasted
    Location, the user's own browser), so an address that never signed in is never kept.
    A person signed in, so a service profile of the same address becomes a user profile.
    """
    saved = service.settings.get(portal.key)
    if saved is not None and saved.service is not None:
        saved = service.use_user_sign_in(saved)  # forgets the client secret too
    portal = replace(portal, service=None)
    if saved != portal:
        kept = service.add_portal(
            portal.base_url,
            portal.name,
            portal.identity_provider,
            portal.persistent_browser_profile,
            portal.ca_bundle,
        )
        service.set_sign_in_browser(kept, portal.sign_in_browser)  # how this sign-in was made
    status = service.store_tokens(portal, pair)
    summary = summarize(pair, utc_now())
    return SignInResult(
        status.persistent, status.problem, summary.one_line(portal.display_name), summary.user
    )
