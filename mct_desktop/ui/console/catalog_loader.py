"""The console's catalog loader: the portal's spec (cache first, then the network), a file
or a URL, fetched off the GUI thread into the endpoint catalog."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from mct_desktop.core.catalog.spec_loader import (
    LoadedSpec,
    SpecAccessError,
    SpecService,
    keep_for_the_session,
    load_cache,
    save_cache,
)
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.ui.background import run_in_background
from mct_desktop.ui.console.endpoint_catalog import EndpointCatalog


class CatalogLoader(QObject):
    """Owns the spec fetches in flight: one per portal at a time, repeated once when asked
    again meanwhile; a result for another portal, or for a closed console, is dropped."""

    def __init__(
        self,
        view: EndpointCatalog,
        service: PortalService,
        specs: SpecService,
        cookies: Callable[[Portal], dict[str, str]],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._view = view
        self._service = service
        self._specs = specs
        self._cookies = cookies
        self._dialog_parent = parent
        self._fetching: set[str] = set()  # portal keys
        self._again: set[str] = set()  # asked again while fetching: once more when it lands

    def load(self, *, from_network: bool) -> None:
        """Show the cached spec at once, then fetch the portal's in the background."""
        portal = self._service.active
        if portal is None:
            return
        # The cache is parsed off the GUI thread too; the network fetch follows it.
        run_in_background(
            lambda: load_cache(portal),
            lambda cached: self._on_cache_loaded(portal, cached, from_network),
            lambda _exc: self._on_cache_loaded(portal, None, from_network),
            self,
        )

    def load_from(self, location: str) -> None:
        """A spec file or URL the user chose (a URL is fetched without any token)."""
        self._view.show_problem(f"Loading {location}…", "muted")
        run_in_background(
            lambda: self._specs.load_location(location),
            self._show,
            lambda exc: self._view.show_problem(str(exc)),
            self,
        )

    def choose_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        location, _filter = QFileDialog.getOpenFileName(
            self._dialog_parent,
            "OpenAPI or Swagger document",
            "",
            "OpenAPI (*.json *.yaml *.yml);;All (*)",
        )
        if location:
            self.load_from(location)

    def ask_url(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        url, ok = QInputDialog.getText(
            self._dialog_parent,
            "OpenAPI or Swagger document",
            "URL of the document (fetched without any token):",
        )
        if ok and url.strip():
            self.load_from(url.strip())

    def _is_current(self, portal: Portal) -> bool:
        active = self._service.active
        return active is not None and active.key == portal.key

    def _on_cache_loaded(
        self, portal: Portal, cached: LoadedSpec | None, from_network: bool
    ) -> None:
        if not self._is_current(portal):
            return
        if cached is not None:
            self._show(cached)
        if not from_network:
            return
        cookies = self._cookies(portal)
        if not cookies and self._service.tokens(portal) is None and portal.service is None:
            if cached is None:
                self._view.show_problem(
                    "Sign in as an administrator to load this portal's endpoints from its "
                    "Swagger, or load a spec (File… or URL…).",
                    "muted",
                )
            return
        if portal.key in self._fetching:
            self._again.add(portal.key)
            return
        self._fetching.add(portal.key)
        if cached is None:
            self._view.show_problem("Loading the portal's Swagger…", "muted")  # no error
        run_in_background(
            lambda: self._fetch(portal, cookies),
            lambda loaded: self._on_fetched(portal, loaded),
            lambda exc: self._on_fetch_failed(portal, exc, cached is not None),
            self,
        )

    def _fetch(self, portal: Portal, cookies: dict[str, str]) -> LoadedSpec:
        loaded = self._specs.load_portal(portal, cookies)
        save_cache(portal, loaded)
        return loaded

    def _on_fetched(self, portal: Portal, loaded: LoadedSpec) -> None:
        self._fetch_ended(portal)
        if self._is_current(portal):
            self._show(loaded)

    def _show(self, loaded: LoadedSpec) -> None:
        keep_for_the_session()  # here, on the GUI thread (see its docstring)
        self._view.show_catalog(loaded.catalog, loaded.source)

    def _on_fetch_failed(self, portal: Portal, exc: BaseException, cached: bool) -> None:
        self._fetch_ended(portal)
        if self._is_current(portal):
            prefix = "Showing the cached spec. " if cached else ""
            # A learner is refused by design: a short amber line, not a red paragraph.
            kind = "warning" if isinstance(exc, SpecAccessError) else "error"
            self._view.show_problem(str(exc), kind, prefix)

    def _fetch_ended(self, portal: Portal) -> None:
        self._fetching.discard(portal.key)
        if portal.key in self._again:
            self._again.discard(portal.key)
            QTimer.singleShot(0, self._load_if_alive)

    def _load_if_alive(self) -> None:
        if shiboken6.isValid(self):  # a console closed meanwhile has nothing to load into
            self.load(from_network=True)
