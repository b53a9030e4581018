"""`mct-desktop proxy`: the portal's API on 127.0.0.1 for tools that cannot handle tokens."""

from __future__ import annotations

import argparse
import sys
import threading

from mct_desktop.commands.common import find_portal
from mct_desktop.commands.errors import EXIT_OK, EXIT_USAGE, CommandError
from mct_desktop.commands.run_support import report
from mct_desktop.core.api.proxy import ApiProxy
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager


def proxy(args: argparse.Namespace, stop: threading.Event | None = None) -> int:
    """Serve until Ctrl+C (or until `stop` is set, for tests)."""
    try:
        service = PortalService()
        portal = find_portal(service, args.portal)
        server = ApiProxy(
            portal,
            TokenManager(service),
            port=args.port,
            on_request=lambda line: print(f"mct-desktop proxy: {line}", file=sys.stderr),
        )
        try:
            server.start()
        except OSError as exc:
            raise CommandError(
                f"Cannot listen on 127.0.0.1:{args.port}: {exc.strerror}.", EXIT_USAGE
            ) from None
    except CommandError as exc:
        return report(exc)
    print(server.url, flush=True)
    print(
        f"mct-desktop: serving {portal.base_url} at {server.url} (any local program can use it "
        "while it runs); Ctrl+C stops it.",
        file=sys.stderr,
    )
    waiter = stop or threading.Event()
    try:
        while not waiter.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("mct-desktop: proxy stopped.", file=sys.stderr)
    return EXIT_OK
