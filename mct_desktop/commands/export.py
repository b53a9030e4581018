"""`mct-desktop export DIR`: every list and report of a portal, with manifest.json."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mct_desktop.commands.common import find_portal
from mct_desktop.commands.errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
)
from mct_desktop.commands.run_support import TerminalProgress, report
from mct_desktop.core.api.client import ApiClient
from mct_desktop.core.api.export import Export, ExportError, ExportProgress
from mct_desktop.core.api.fetch_all import Interrupted
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager


def export(args: argparse.Namespace) -> int:
    try:
        return _export(args)
    except CommandError as exc:
        return report(exc)


def _export(args: argparse.Namespace) -> int:
    from mct_desktop.core.catalog.paging_hint import scheme_for

    service = PortalService()
    portal = find_portal(service, args.portal)
    only = [n.strip() for n in (args.only or "").split(",") if n.strip()]
    line = TerminalProgress()

    def progress(event: ExportProgress) -> None:
        if event.paging is not None and not event.done:
            line(event.paging)
            return
        if event.done:
            line.finish()
            rows = f"{event.rows:,} rows" if event.rows else "done"
            rows += " (exported earlier)" if event.earlier else ""
            outcome = f"FAILED: {event.error}" if event.error else rows
            print(f"[{event.index}/{event.count}] {event.dataset}: {outcome}", file=sys.stderr)

    job = Export(
        portal,
        Path(args.directory),
        only=only,
        fmt=args.format,
        resume=args.resume,
        scheme_hint=lambda path: scheme_for(portal, path),
        on_progress=progress,
    )
    client = ApiClient(TokenManager(service))
    try:
        manifest = job.run(client)
    except ExportError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    except (Interrupted, KeyboardInterrupt):
        line.finish()
        again = f"mct-desktop export {args.directory} --resume"
        if args.portal:
            again += f" --portal {args.portal}"
        raise CommandError(
            f"Interrupted; what was written is kept. Continue with: {again}", EXIT_INTERRUPTED
        ) from None
    finally:
        client.close()
    failed = [n for n, e in manifest["datasets"].items() if e.get("error")]
    where = Path(args.directory) / "manifest.json"
    if failed:
        print(
            f"mct-desktop: {len(failed)} of {len(manifest['datasets'])} datasets failed "
            f"({', '.join(failed)}); see {where}",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    print(
        f"mct-desktop: exported {len(manifest['datasets'])} datasets; see {where}", file=sys.stderr
    )
    return EXIT_OK
