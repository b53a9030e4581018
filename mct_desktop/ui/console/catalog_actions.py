"""The console's catalog side: load the portal's spec (cache first, then the network), a
file or a URL, and fill the request from a chosen operation. ApiConsole delegates here."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog

from mct_desktop.core.catalog.openapi import Operation
from mct_desktop.core.catalog.search import parameter_hint, request_for
from mct_desktop.core.catalog.spec_loader import (
    LoadedSpec,
    PortalSpecFetcher,
    load_cache,
    load_file_or_url,
    save_cache,
)
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.token_client import AuthError
from mct_desktop.ui.background import run_in_background

if TYPE_CHECKING:
    from mct_desktop.ui.console.console import ApiConsole


def load_spec(console: ApiConsole, *, from_network: bool) -> None:
    """Show the cached spec at once, then fetch the portal's in the background."""
    portal = console.portal
    if portal is None:
        return
    # The cache is parsed off the GUI thread too; the network fetch follows it.
    run_in_background(
        lambda: load_cache(portal),
        lambda cached: _on_cache_loaded(console, portal, cached, from_network),
        lambda exc: _on_cache_loaded(console, portal, None, from_network),
        console,
    )


def _on_cache_loaded(
    console: ApiConsole, portal: Portal, cached: LoadedSpec | None, from_network: bool
) -> None:
    if console.portal is None or console.portal.key != portal.key:
        return
    if cached is not None:
        console.catalog.show_catalog(cached.catalog, cached.source)
    if not from_network:
        return
    cookies = console.cookies(portal)
    if not cookies and console.service.tokens(portal) is None and portal.service is None:
        if cached is None:
            console.catalog.show_problem(
                "Sign in as an administrator to load this portal's endpoints from its "
                "Swagger, or load a spec (File… or URL…)."
            )
        return
    if portal.key in console._spec_fetches:
        console._spec_again.add(portal.key)  # on its way: fetch once more when it lands
        return
    console._spec_fetches.add(portal.key)
    if cached is None:
        console.catalog.show_problem("Loading the portal's Swagger…")
    manager = console.manager

    def fetch() -> LoadedSpec:
        try:
            token: str | None = manager.ensure_fresh(portal, 60).access_token
        except AuthError:
            token = None
        fetcher = PortalSpecFetcher(portal, access_token=token, cookies=cookies)
        try:
            loaded = fetcher.load()
        finally:
            fetcher.close()
        save_cache(portal, loaded)
        return loaded

    def again() -> None:
        console._spec_fetches.discard(portal.key)
        if portal.key in console._spec_again:
            console._spec_again.discard(portal.key)
            QTimer.singleShot(0, lambda: _load_spec_if_alive(console))

    def shown(loaded: LoadedSpec) -> None:
        again()
        if console.portal is not None and console.portal.key == portal.key:
            console.catalog.show_catalog(loaded.catalog, loaded.source)

    def failed(exc: BaseException) -> None:
        again()
        if console.portal is None or console.portal.key != portal.key:
            return
        prefix = "Showing the cached spec. " if cached is not None else ""
        console.catalog.show_problem(prefix + str(exc))

    run_in_background(fetch, shown, failed, console)


def _load_spec_if_alive(console: ApiConsole) -> None:
    if shiboken6.isValid(console):  # a console closed meanwhile has nothing to load into
        console.load_spec(from_network=True)


def choose_spec_file(console: ApiConsole) -> None:
    location, _filter = QFileDialog.getOpenFileName(
        console, "OpenAPI or Swagger document", "", "OpenAPI (*.json *.yaml *.yml);;All (*)"
    )
    if location:
        console.load_spec_from(location)


def ask_spec_url(console: ApiConsole) -> None:
    url, ok = QInputDialog.getText(
        console, "OpenAPI or Swagger document", "URL of the document (fetched without any token):"
    )
    if ok and url.strip():
        console.load_spec_from(url.strip())


def load_spec_from(console: ApiConsole, location: str) -> None:
    console.catalog.show_problem(f"Loading {location}…")
    run_in_background(
        lambda: load_file_or_url(location),
        lambda loaded: console.catalog.show_catalog(loaded.catalog, loaded.source),
        lambda exc: console.catalog.show_problem(str(exc)),
        console,
    )


def use_operation(console: ApiConsole, operation: Operation) -> None:
    """Fill the request from the catalog: method, template, defaults, body example."""
    console.operation = operation
    console.editor.load(request_for(operation))
    tables = {
        "query": console.editor.params,
        "path": console.editor.path_params,
        "header": console.editor.headers,
    }
    for parameter in operation.parameters:
        table = tables.get(parameter.location)
        if table is not None:
            table.describe(parameter.name, parameter_hint(parameter), parameter.enum)
    console.messages.show_info(
        f"{operation.method} {operation.path}: {operation.summary or 'no summary'}"
    )
    if "{" in operation.path:
        console.editor.tabs.setCurrentIndex(0)
        console.editor.path_params.setFocus()
