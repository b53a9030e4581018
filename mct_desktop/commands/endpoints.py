"""`mct-desktop endpoints`: the portal's operations from its Swagger, one line each."""

from __future__ import annotations

import argparse
import sys

from mct_desktop.commands.common import find_portal
from mct_desktop.commands.errors import EXIT_OK, CommandError
from mct_desktop.core.api.client import ApiClient
from mct_desktop.core.catalog.openapi import Catalog
from mct_desktop.core.catalog.search import filter_operations
from mct_desktop.core.catalog.spec_loader import (
    LoadedSpec,
    SpecAccessError,
    SpecService,
    load_cache,
    load_file_or_url,
    save_cache,
)
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager


def endpoints(args: argparse.Namespace) -> int:
    loaded = _load(args)
    operations = {
        op.key: op for op in filter_operations(loaded.catalog.operations, args.filter or "")
    }
    shown = [op for op in Catalog(list(operations.values())).sorted()]
    for op in shown:
        # One line per operation, whatever the spec's summary holds (some run to paragraphs).
        summary = " ".join(op.summary.split())
        print(f"{op.method} {op.path}  {summary}".rstrip())
    for note in loaded.catalog.notes:
        print(f"mct-desktop: note: {note}", file=sys.stderr)
    if loaded.catalog.skipped:
        print(
            f"mct-desktop: note: {len(loaded.catalog.skipped)} part(s) of the spec could not "
            f"be read, e.g. {loaded.catalog.skipped[0]}",
            file=sys.stderr,
        )
    if args.filter and not shown:
        print(f"mct-desktop: no operation matches {args.filter!r}", file=sys.stderr)
    return EXIT_OK


def _load(args: argparse.Namespace) -> LoadedSpec:
    if args.spec:
        try:
            return load_file_or_url(args.spec)
        except SpecAccessError as exc:
            raise CommandError(str(exc)) from None
    service = PortalService()
    portal = find_portal(service, args.portal)
    client = ApiClient(TokenManager(service))
    try:
        loaded = SpecService(client).load_portal(portal)
    except SpecAccessError as exc:
        cached = load_cache(portal)
        if cached is None:
            raise CommandError(str(exc)) from None
        print(f"mct-desktop: warning: {exc} Showing the cached spec.", file=sys.stderr)
        return cached
    finally:
        client.close()
    save_cache(portal, loaded)
    return loaded
