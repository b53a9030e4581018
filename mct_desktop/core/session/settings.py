"""Non-secret settings (portals, the active one) as JSON in the config dir."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mct_desktop.core import paths
from mct_desktop.core.portal import (
    IdentityProvider,
    Portal,
    PortalUrlError,
    ServiceAuth,
    normalise_authority,
    normalise_portal_url,
    portal_url_candidates,
)

_FORMAT_VERSION = 1


class PortalLookupError(LookupError):
    """No portal, or more than one, matches what the user named; the message is for the user."""


@dataclass
class Settings:
    """What the app keeps in its settings file: the portals and the user's choices."""

    portals: list[Portal] = field(default_factory=list)
    active_portal: str | None = None
    # Refresh user tokens this long before they expire.
    refresh_margin_seconds: int = 300
    # Clear a copied token from the clipboard after this long (0: never).
    clipboard_clear_seconds: int = 30
    # Set when the file on disk could not be read; shown to the user once.
    load_warning: str = ""

    def get(self, key: str) -> Portal | None:
        return next((p for p in self.portals if p.key == key), None)

    @property
    def active(self) -> Portal | None:
        if self.active_portal and (portal := self.get(self.active_portal)):
            return portal
        return self.portals[0] if self.portals else None

    def upsert(self, portal: Portal) -> Portal:
        """Add a portal, or update the one with the same address (keeping its order)."""
        for index, existing in enumerate(self.portals):
            if existing.key == portal.key:
                self.portals[index] = portal
                return portal
        self.portals.append(portal)
        return portal

    def remove(self, key: str) -> None:
        self.portals = [p for p in self.portals if p.key != key]
        if self.active_portal == key:
            self.active_portal = self.portals[0].key if self.portals else None

    def find(self, name_or_url: str | None) -> Portal:
        """Resolve a portal named on the command line: its name, its URL, or the only one."""
        if not name_or_url:
            if len(self.portals) == 1:
                return self.portals[0]
            if not self.portals:
                raise PortalLookupError(
                    "No portal is configured. Add one with: mct-desktop login https://YOUR-PORTAL"
                )
            raise PortalLookupError("Several portals are configured; name one of: " + self._names())
        wanted = name_or_url.strip()
        by_name = [p for p in self.portals if p.name and p.name.casefold() == wanted.casefold()]
        if len(by_name) == 1:
            return by_name[0]
        if portal := self.match(wanted):
            return portal
        raise PortalLookupError(f"No configured portal matches {wanted!r}. Known: {self._names()}")

    def match(self, address: str) -> Portal | None:
        """The configured portal an address means; a bare `host:port` matches either scheme."""
        try:
            candidates = portal_url_candidates(address)
        except PortalUrlError:
            return None
        return next((p for key in candidates if (p := self.get(key))), None)

    def _names(self) -> str:
        return (
            ", ".join(f"{p.name} ({p.base_url})" if p.name else p.base_url for p in self.portals)
            or "none"
        )


class SettingsStore:
    """Reads and writes settings.json atomically; a damaged file is set aside, not lost."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / "settings.json"

    def load(self) -> Settings:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            return Settings(load_warning=f"Could not read {self.path}: {exc.strerror or exc}")
        try:
            return _from_json(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            kept = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
            try:
                self.path.replace(kept)
            except OSError:
                kept = self.path
            import logging  # here: reading good settings (every command) needs no logging

            logging.getLogger(__name__).warning("settings file unreadable: %s", exc)
            return Settings(
                load_warning=f"The settings file was damaged and has been kept as {kept}; "
                "starting with no portals."
            )

    def save(self, settings: Settings) -> None:
        paths.private_dir(self.path.parent)
        data = json.dumps(_to_json(settings), indent=2) + "\n"
        import tempfile  # here: reading the settings (every command) needs no temporary file

        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _to_json(settings: Settings) -> dict[str, Any]:
    # Portal has no secret fields by construction, so nothing here can leak a token.
    return {
        "version": _FORMAT_VERSION,
        "active_portal": settings.active_portal,
        "refresh_margin_seconds": settings.refresh_margin_seconds,
        "clipboard_clear_seconds": settings.clipboard_clear_seconds,
        "portals": [_portal_to_json(p) for p in settings.portals],
    }


def _portal_to_json(portal: Portal) -> dict[str, Any]:
    data: dict[str, Any] = {
        "base_url": portal.base_url,
        "name": portal.name,
        "identity_provider": portal.identity_provider.value,
        "persistent_browser_profile": portal.persistent_browser_profile,
        "ca_bundle": portal.ca_bundle,
    }
    if portal.sign_in_browser:  # absent: the embedded browser, as in files written before
        data["sign_in_browser"] = portal.sign_in_browser
    if portal.service is not None:
        data["service"] = {
            "tenant_id": portal.service.tenant_id,
            "client_id": portal.service.client_id,
            "api_uri": portal.service.api_uri,
            "authority": portal.service.authority,
        }
    return data


def _service_from_json(data: Any) -> ServiceAuth | None:
    if not isinstance(data, dict):
        return None
    return ServiceAuth(
        tenant_id=str(data["tenant_id"]),
        client_id=str(data["client_id"]),
        api_uri=str(data["api_uri"]),
        authority=normalise_authority(str(data.get("authority", ""))),
    )


def _from_json(data: dict[str, Any]) -> Settings:
    portals = []
    dropped = []
    for item in data.get("portals", []):
        try:
            base_url = normalise_portal_url(str(item["base_url"]))
        except PortalUrlError as exc:
            # Stricter rules than the version that saved it (`http://x.localhost`): that
            # portal alone is dropped, the others stay.
            dropped.append(str(exc))
            continue
        portals.append(
            Portal(
                base_url=base_url,
                name=str(item.get("name", "")),
                identity_provider=IdentityProvider.parse(
                    str(item.get("identity_provider", "EMAIL"))
                ),
                persistent_browser_profile=bool(item.get("persistent_browser_profile", False)),
                service=_service_from_json(item.get("service")),
                ca_bundle=str(item.get("ca_bundle", "")),
                sign_in_browser=str(item.get("sign_in_browser", "")),
            )
        )
    active = data.get("active_portal")
    return Settings(
        portals=portals,
        active_portal=str(active) if active else None,
        refresh_margin_seconds=max(0, int(data.get("refresh_margin_seconds", 300))),
        clipboard_clear_seconds=max(0, int(data.get("clipboard_clear_seconds", 30))),
        load_warning=" ".join(f"A saved portal was left out: {why}" for why in dropped),
    )
