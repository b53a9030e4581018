"""The operations the GUI and the CLI share: portals, their tokens, signing out."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from mct_desktop.core import paths
from mct_desktop.core.portal import (
    IdentityProvider,
    Portal,
    PortalUrlError,
    ServiceAuth,
    normalise_portal_url,
)
from mct_desktop.core.session.settings import Settings, SettingsStore

if TYPE_CHECKING:
    from mct_desktop.core.session.vault import TokenVault, VaultStatus
    from mct_desktop.core.tokens import TokenPair


class PortalService:
    """Owns settings and the token vault; every change to settings is saved at once."""

    def __init__(self, store: SettingsStore | None = None, vault: TokenVault | None = None) -> None:
        self.store = store or SettingsStore()
        self._vault = vault
        self._vault_lock = threading.Lock()  # a worker's refresh may be the first to ask
        self.settings: Settings = self.store.load()

    @property
    def vault(self) -> TokenVault:
        """The tokens' store, made on first use: the window paints its portals before it."""
        with self._vault_lock:
            if self._vault is None:
                from mct_desktop.core.session.vault import TokenVault

                self._vault = TokenVault()
            return self._vault

    # ----- portals
    @property
    def portals(self) -> list[Portal]:
        return list(self.settings.portals)

    @property
    def active(self) -> Portal | None:
        return self.settings.active

    def find(self, name_or_url: str | None) -> Portal:
        return self.settings.find(name_or_url)

    def add_portal(
        self,
        url: str,
        name: str = "",
        identity_provider: IdentityProvider | None = None,
        persistent_browser_profile: bool | None = None,
        ca_bundle: str | None = None,
    ) -> Portal:
        """Add a portal or update the one with the same address; it becomes the active one."""
        # A bare `127.0.0.1:41945` is the portal already configured at that address,
        # whatever its scheme: never a second profile that differs only in the scheme.
        existing = self.settings.match(url)
        portal = existing or Portal(base_url=normalise_portal_url(url))
        changes: dict[str, object] = {}
        if name:
            changes["name"] = name.strip()
        if identity_provider is not None:
            changes["identity_provider"] = identity_provider
        if persistent_browser_profile is not None:
            changes["persistent_browser_profile"] = persistent_browser_profile
        if ca_bundle is not None:
            bundle = str(Path(ca_bundle).expanduser().resolve()) if ca_bundle else ""
            if bundle:
                from mct_desktop.core import tls  # ssl is loaded only for portals that need it

                try:
                    tls.context_for_bundle(bundle)  # refuse a file that is no CA bundle now
                except tls.CaBundleError as exc:
                    raise PortalUrlError(str(exc)) from None
            changes["ca_bundle"] = bundle
        portal = replace(portal, **changes)  # type: ignore[arg-type]
        self.settings.upsert(portal)
        self.settings.active_portal = portal.key
        self._save()
        return portal

    def edit_portal(self, portal: Portal, name: str, identity_provider: IdentityProvider) -> Portal:
        """Rename a portal (an empty name clears it) or change its identity provider.

        The address stays: it keys the tokens, the history and the browser profile.
        """
        updated = replace(portal, name=name.strip(), identity_provider=identity_provider)
        if updated != portal:
            self.settings.upsert(updated)
            self._save()
        return updated

    def set_service_auth(self, portal: Portal, service: ServiceAuth, secret: str) -> Portal:
        """Switch a portal to client credentials; the secret goes to the keyring only."""
        updated = replace(portal, service=service)
        self.settings.upsert(updated)
        self._save()
        self.vault.save_client_secret(updated.key, secret)
        return updated

    def use_user_sign_in(self, portal: Portal) -> Portal:
        """Turn a service profile back into a user profile and forget its client secret."""
        updated = replace(portal, service=None)
        self.settings.upsert(updated)
        self._save()
        self.vault.delete(updated.key, with_client_secret=True)
        return updated

    def set_sign_in_browser(self, portal: Portal, browser: str) -> Portal:
        """Remember how the user signs in to this portal ("" or "embedded": the embedded one)."""
        updated = replace(portal, sign_in_browser="" if browser == "embedded" else browser)
        if updated != portal:
            self.settings.upsert(updated)
            self._save()
        return updated

    def set_active(self, portal: Portal) -> None:
        self.settings.active_portal = portal.key
        self._save()

    def remove_portal(self, portal: Portal) -> VaultStatus:
        status = self.sign_out(portal)
        self.vault.delete(portal.key, with_client_secret=True)
        self.settings.remove(portal.key)
        self._save()
        return status

    # ----- tokens: the one door to the vault for the token manager and the GUI
    def store_tokens(self, portal: Portal, pair: TokenPair) -> VaultStatus:
        return self.vault.save(portal.key, pair)

    def tokens(self, portal: Portal) -> TokenPair | None:
        """The pair as this process last saw it (memory first: no keychain round trip)."""
        return self.vault.load(portal.key)

    def stored_tokens(self, portal: Portal) -> TokenPair | None:
        """The pair in the keychain now: another process may have rotated it."""
        return self.vault.load(portal.key, fresh=True)

    def client_secret(self, portal: Portal) -> str | None:
        return self.vault.load_client_secret(portal.key)

    @property
    def keychain_status(self) -> VaultStatus:
        return self.vault.status

    @property
    def refresh_margin(self) -> float:
        """Seconds before expiry at which the app renews a token (the lifetime caps it)."""
        return float(self.settings.refresh_margin_seconds)

    def sign_out(self, portal: Portal) -> VaultStatus:
        """Forget the portal's tokens and whatever its browser profile kept on disk."""
        status = self.vault.delete(portal.key)
        import shutil  # here: only signing out needs it, and it costs every command 1.5 ms

        shutil.rmtree(paths.browser_profile_dir(portal.key), ignore_errors=True)
        shutil.rmtree(paths.own_browser_profile_dir(portal.key), ignore_errors=True)
        return status

    def _save(self) -> None:
        self.store.save(self.settings)
