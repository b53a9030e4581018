"""Helpers shared by the command modules."""

from __future__ import annotations

from mct_desktop.commands.errors import EXIT_USAGE, CommandError
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.settings import PortalLookupError


def find_portal(service: PortalService, name: str | None) -> Portal:
    try:
        return service.find(name)
    except PortalLookupError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
