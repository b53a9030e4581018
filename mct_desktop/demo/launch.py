"""`mct-desktop --demo`: the demo portal on a stable port, its data kept from run to run."""

from __future__ import annotations

import errno
from urllib.parse import urlsplit

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.support.portal_move import move_portal_data
from mct_desktop.demo.server import DemoPortal

DEMO_PORTAL_NAME = "Demo portal"
# Stable, so the demo's address (the key of its history, saved requests, variables and
# cached spec) is the same each run; another port only when this one is taken.
DEFAULT_PORT = 47615


def start_demo(port: int = DEFAULT_PORT) -> DemoPortal:
    try:
        return DemoPortal(port=port).start()
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
            raise
        return DemoPortal().start()  # busy (a second demo, another program): any free port


def is_demo(portal: Portal) -> bool:
    host = urlsplit(portal.base_url).hostname or ""
    return portal.name == DEMO_PORTAL_NAME and host in ("127.0.0.1", "localhost", "::1")


def point_at_demo(service: PortalService, server: DemoPortal) -> Portal:
    """The active portal becomes the demo; an earlier demo entry at another port hands its
    data over and goes. Stored tokens are dropped: a new demo never issued them."""
    demo = service.add_portal(server.url, DEMO_PORTAL_NAME)
    for portal in service.portals:
        if is_demo(portal) and portal.key != demo.key:
            move_portal_data(portal, demo)
            service.remove_portal(portal)
    service.set_active(demo)
    if service.tokens(demo) is not None:
        service.sign_out(demo)
    return demo
