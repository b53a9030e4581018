"""`mct_desktop.connect()`: an httpx client bound to a portal, for scripts and notebooks.

    import mct_desktop
    with mct_desktop.connect() as api:
        print(api.get("/api/v2/Profile").json())
        for user in api.paginate("/api/v1/admin/users"):
            ...

Never imports Qt. Tokens come from the keychain, as for `mct-desktop token`."""

from __future__ import annotations

import threading
from collections.abc import Generator, Iterator
from typing import Any

import httpx

from mct_desktop.core.api.auth_headers import authorization_headers
from mct_desktop.core.api.client import ApiError
from mct_desktop.core.api.pager import DEFAULT_PAGE_SIZE, Pager, PagingProgress, Query, Reply
from mct_desktop.core.api.paging import Scheme, parse_paging_option
from mct_desktop.core.portal import Portal, origin_of
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_client import USER_AGENT
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.core.tls import verify_for

MIN_VALIDITY = 30.0  # refresh first when the token would die during the request


class PortalAuth(httpx.Auth):
    """A fresh token on every request to the portal (none elsewhere); on a 401, one
    refresh (single-flight, shared with the app and the CLI) and one retry."""

    requires_request_body = True  # the retry resends the body

    def __init__(self, manager: TokenManager, portal: Portal) -> None:
        self._manager = manager
        self._portal = portal

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if origin_of(str(request.url)) != self._portal.base_url:
            yield request  # the token goes to the portal only
            return
        pair = self._manager.ensure_fresh(self._portal, MIN_VALIDITY)
        request.headers.update(authorization_headers(self._portal, pair.access_token))
        response = yield request
        if response.status_code == 401:
            pair = self._manager.ensure_fresh(self._portal, MIN_VALIDITY, force=True)
            request.headers.update(authorization_headers(self._portal, pair.access_token))
            yield request


class PortalClient(httpx.Client):
    """An `httpx.Client` with the portal as base URL and its tokens added, plus `paginate`."""

    def __init__(self, portal: Portal, manager: TokenManager, **kwargs: Any) -> None:
        kwargs.setdefault("timeout", 60.0)
        headers = {"User-Agent": USER_AGENT, **kwargs.pop("headers", {})}
        super().__init__(
            base_url=portal.base_url,
            auth=PortalAuth(manager, portal),
            verify=verify_for(portal),
            headers=headers,
            **kwargs,
        )
        self.portal = portal

    def paginate(
        self,
        path: str,
        *,
        paging: str | Scheme | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        cancel: threading.Event | None = None,
        on_progress: Any = None,
        **params: Any,
    ) -> Iterator[Any]:
        """Every row of the list at `path`, page after page, as `call --all` reads it:
        the scheme from `paging` ("page,pageSize", "skip,take", ...), else the cached spec,
        else probing; 429/5xx retried; a page that keeps failing raises PagingError."""
        scheme = parse_paging_option(paging) if isinstance(paging, str) else paging
        if scheme is None:
            from mct_desktop.core.catalog.paging_hint import scheme_for

            scheme = scheme_for(self.portal, path)
        query = [(str(k), str(v)) for k, v in params.items()]
        pager = Pager(
            self._fetch,
            path,
            query,
            scheme,
            size=page_size,
            cancel=cancel,
            on_progress=on_progress,
        )
        for rows in pager:
            yield from rows

    def _fetch(self, target: str, query: Query) -> Reply:
        try:
            response = self.get(target, params=tuple(query) or None)
        except httpx.HTTPError as exc:
            raise ApiError(f"The request to {self.portal.base_url} failed: {exc}") from None
        return Reply(
            response.status_code,
            response.reason_phrase,
            response.content,
            response.headers.get("Retry-After", ""),
        )


def connect(portal: str | None = None, **kwargs: Any) -> PortalClient:
    """A client for `portal` (address or name; optional with one portal configured).
    Extra keyword arguments go to `httpx.Client` (timeout, transport, ...)."""
    service = PortalService()
    found = service.find(portal)
    return PortalClient(found, TokenManager(service), **kwargs)


__all__ = ["PagingProgress", "PortalAuth", "PortalClient", "connect"]
