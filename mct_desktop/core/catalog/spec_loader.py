"""Find and fetch a portal's Swagger documents, or a spec file/URL; cache the last one."""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mct_desktop.core import paths
from mct_desktop.core.api.client import ApiClient, ApiError, AuthError
from mct_desktop.core.api.request import ApiRequest, RequestError
from mct_desktop.core.api.response import ApiResponse
from mct_desktop.core.catalog.openapi import Catalog, load_catalog
from mct_desktop.core.catalog.spec_document import (
    MAX_SPEC_BYTES,
    SpecError,
    parse_document,
    paused_gc,
    read_spec_file,
)
from mct_desktop.core.portal import Portal, origin_of

log = logging.getLogger(__name__)

FALLBACK_VERSIONS = ("v1", "v2", "v3", "v4")
_CONFIG_URLS = re.compile(r'"urls"\s*:\s*(\[[^\]]*\])')
_CONFIG_URL = re.compile(r'["\']?url["\']?\s*:\s*["\']([^"\']+\.(?:json|yaml|yml))["\']')
_SCRIPT = re.compile(r'<script[^>]+src=["\']([^"\']+\.js)["\']', re.IGNORECASE)

ACCESS_HELP = (
    "Swagger on an MCT portal is off until its administrator sets the App Service setting "
    "EnableSwagger=true, and then only a user signed in as an administrator may read it. "
    "Sign in as an administrator (the app reuses the embedded browser's session), or load "
    "the spec from a file."
)


class SpecAccessError(Exception):
    """The spec could not be fetched; the message explains why and what to do."""


@dataclass
class LoadedSpec:
    """A spec as loaded: its catalog, the documents it came from, and from where."""

    catalog: Catalog
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # label -> document
    source: str = ""  # where it came from, for the user


def catalog_from_documents(documents: dict[str, dict[str, Any]], source: str) -> LoadedSpec:
    catalog = Catalog()
    with paused_gc():
        for label, document in documents.items():
            catalog.extend(load_catalog(document, label))
    return LoadedSpec(catalog, documents, source)


def keep_for_the_session() -> None:
    """Take a loaded spec out of the cyclic collector's passes: call it on the GUI thread.

    A spec lives for the whole session. Left to the cyclic collector, its hundreds of
    thousands of objects turn an occasional collection into a 25 ms pause mid-keystroke.
    Garbage of earlier loads is collected first, so that none is frozen along with it.
    Never from a worker thread: a collection there also frees unreachable Qt objects, whose
    C++ destructors then run on the wrong thread (it deadlocked the GUI thread in
    QObject::connect, and crashed it in a timer, when the portal's spec arrived).
    """
    gc.collect()
    gc.freeze()


def load_file_or_url(
    location: str, client: ApiClient | None = None, *, max_bytes: int = MAX_SPEC_BYTES
) -> LoadedSpec:
    """A spec the user points at: a local path or an http(s) URL (fetched without token)."""
    if location.startswith(("http://", "https://")):
        own = client or ApiClient()
        try:
            response = own.send(None, ApiRequest("GET", location), max_bytes=max_bytes)
        except (ApiError, RequestError) as exc:
            raise SpecAccessError(f"Could not fetch {location}: {exc}") from None
        finally:
            if client is None:
                own.close()
        text = _body(response)
        if response.status != 200:
            raise SpecAccessError(f"{location} answered HTTP {response.status}.")
    else:
        try:
            text = read_spec_file(Path(location).expanduser(), max_bytes)
        except OSError as exc:
            raise SpecAccessError(f"Cannot read {location}: {exc.strerror or exc}.") from None
        except SpecError as exc:
            raise SpecAccessError(f"{location}: {exc}") from None
    try:
        document = parse_document(text, max_bytes)
    except SpecError as exc:
        raise SpecAccessError(f"{location}: {exc}") from None
    info = document.get("info")
    version = info.get("version") if isinstance(info, dict) else None
    label = str(version) if isinstance(version, str | int | float) and version != "" else "spec"
    return catalog_from_documents({label: document}, location)


class SpecService:
    """The one way to the portal's Swagger, for the console and `mct-desktop endpoints`.

    It goes through the ApiClient like every other request (token only to the portal's
    origin, one refresh on 401, the portal's TLS trust), with the embedded browser's
    cookies for the Swagger session, redirects not followed (one to a login page means
    "not an administrator") and at most `max_bytes` read per document.
    """

    def __init__(self, client: ApiClient, *, max_bytes: int = MAX_SPEC_BYTES) -> None:
        self.client = client
        self.max_bytes = max_bytes

    def load_portal(self, portal: Portal, cookies: dict[str, str] | None = None) -> LoadedSpec:
        return _PortalFetch(self, portal, cookies or {}).load()

    def discover(
        self, portal: Portal, cookies: dict[str, str] | None = None
    ) -> list[tuple[str, str]]:
        return _PortalFetch(self, portal, cookies or {}).discover()

    def load_location(self, location: str) -> LoadedSpec:
        return load_file_or_url(location, max_bytes=self.max_bytes)


class _PortalFetch:
    """One fetch of a portal's documents: discover them, then load each."""

    def __init__(self, service: SpecService, portal: Portal, cookies: dict[str, str]) -> None:
        self.service = service
        self.portal = portal
        self.headers = [("Accept", "application/json, text/html")]
        if cookies:
            self.headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items())))

    def discover(self) -> list[tuple[str, str]]:
        """(label, absolute URL) of each document the Swagger UI page lists."""
        for page in ("/swagger/index.html", "/swagger/"):
            response = self._get(self.portal.base_url + page)
            if response.status != 200:
                continue
            page_text = _body(response).decode(response.charset, errors="replace")
            found = _urls_in(page_text, response.url)
            for script in _SCRIPT.findall(page_text):
                script_url = urljoin(response.url, script)
                if origin_of(script_url) != self.portal.base_url:
                    continue
                script_response = self._get(script_url)
                if script_response.status == 200:
                    script_text = _body(script_response).decode(
                        script_response.charset, errors="replace"
                    )
                    found += _urls_in(script_text, response.url)
            if found:
                return list(dict.fromkeys(found))
        return [(v, f"{self.portal.base_url}/swagger/{v}/swagger.json") for v in FALLBACK_VERSIONS]

    def load(self) -> LoadedSpec:
        documents: dict[str, dict[str, Any]] = {}
        problems: list[str] = []
        denied = False
        for label, url in self.discover():
            if origin_of(url) != self.portal.base_url:
                problems.append(f"{url}: not on the portal, skipped")
                continue
            response = self._get(url)
            content = _body(response)
            if response.status in (401, 403) or (
                300 <= response.status < 400 and "login" in response.header("Location").lower()
            ):
                denied = True
                continue
            if response.status != 200:
                continue  # a fallback version that does not exist
            try:
                documents[label] = parse_document(content, self.service.max_bytes)
            except SpecError as exc:
                problems.append(f"{url}: {exc}")
        if not documents:
            if denied:
                raise SpecAccessError(
                    f"{self.portal.display_name} refused the Swagger documents (not signed in "
                    f"as an administrator). {ACCESS_HELP}"
                )
            detail = f" ({'; '.join(problems)})" if problems else ""
            raise SpecAccessError(
                f"No Swagger document was found on {self.portal.display_name}{detail}. "
                + ACCESS_HELP
            )
        loaded = catalog_from_documents(documents, f"{self.portal.base_url}/swagger")
        loaded.catalog.skipped += problems
        return loaded

    def _get(self, url: str) -> ApiResponse:
        request = ApiRequest("GET", url, headers=self.headers)
        try:
            return self.service.client.send(
                self.portal, request, follow_redirects=False, max_bytes=self.service.max_bytes
            )
        except AuthError as exc:  # the token could not be refreshed: sign in again
            raise SpecAccessError(str(exc)) from None
        except (ApiError, RequestError) as exc:
            raise SpecAccessError(
                f"Could not reach {self.portal.display_name} for its Swagger: {exc}"
            ) from None


def _body(response: ApiResponse) -> bytes:
    """The body, and the temp file a large one was spooled to removed at once."""
    try:
        return response.read_bytes()
    finally:
        response.discard()


def _urls_in(text: str, base: str) -> list[tuple[str, str]]:
    """Document URLs from a Swagger UI configuration (`urls: [...]` or a single `url:`)."""
    found: list[tuple[str, str]] = []
    for block in _CONFIG_URLS.findall(text):
        try:
            entries = json.loads(block.replace("\\/", "/"))
        except ValueError:
            entries = []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("url"), str):
                url = urljoin(base, entry["url"])
                found.append((_label(url, str(entry.get("name", ""))), url))
    if not found:
        for url in _CONFIG_URL.findall(text):
            absolute = urljoin(base, url)
            found.append((_label(absolute, ""), absolute))
    return found


def _label(url: str, name: str) -> str:
    match = re.search(r"/(v\d+(?:\.\d+)?)/", url)
    return match.group(1) if match else (name or url.rsplit("/", 1)[-1])


# ----- cache: the last spec per portal, so the catalog is there before the network answers
def _cache_file(portal: Portal) -> Path:
    return paths.cache_dir() / "specs" / f"{paths.portal_slug(portal.key)}.json"


def move_cache(old: Portal, new: Portal) -> None:
    """The cached spec of `old` becomes `new`'s (best effort, like the cache itself)."""
    with contextlib.suppress(OSError):
        if not _cache_file(new).exists():
            _cache_file(old).replace(_cache_file(new))


def save_cache(portal: Portal, loaded: LoadedSpec) -> None:
    """Best effort: a cache that cannot be written costs the next start a fetch, no more."""
    path = _cache_file(portal)
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A temp file of its own: two fetches finishing together must not trip each other.
        fd, tmp = tempfile.mkstemp(prefix=".spec-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"source": loaded.source, "documents": loaded.documents}, handle)
        os.replace(tmp, path)
    except (OSError, ValueError, RecursionError) as exc:
        log.warning("could not cache the spec of %s: %s", portal.display_name, exc)
        if tmp:
            Path(tmp).unlink(missing_ok=True)


def load_cache(portal: Portal) -> LoadedSpec | None:
    try:
        data = json.loads(_cache_file(portal).read_text())
        documents = data["documents"]
        if not isinstance(documents, dict):
            return None
        return catalog_from_documents(documents, f"cache of {data.get('source', '')}")
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
