"""`mct-desktop demo-portal`: the bundled demo portal on its own."""

from __future__ import annotations

import argparse
import time

from mct_desktop.commands.errors import EXIT_OK, CommandError


def demo_portal(args: argparse.Namespace) -> int:
    from mct_desktop.demo import DemoPortal, LocationStyle

    try:
        server = DemoPortal(
            port=args.port,
            location_style=LocationStyle(args.location_style),
            token_lifetime=args.token_lifetime,
            auto_sign_in=args.auto_sign_in,
            refuse_embedded=args.refuse_embedded,
        ).start()
    except OSError as exc:
        raise CommandError(
            f"Could not start the demo portal on port {args.port}: {exc.strerror or exc}"
        ) from None
    print(
        f"Demo portal running at {server.url} (sign-in pages at {server.sign_in_origin}); "
        "accounts admin@contoso.demo and learner@contoso.demo, password 'demo'. "
        "Ctrl+C stops it.",
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
    return EXIT_OK
