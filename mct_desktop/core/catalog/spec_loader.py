"""Find and fetch a portal's Swagger documents, or a spec file/URL; cache the last one."""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mct_desktop.core import paths
from mct_desktop.core.api.auth_headers import authorization_headers
from mct_desktop.core.catalog.openapi import Catalog, SpecError, load_catalog, parse_document
from mct_desktop.core.portal import Portal, origin_of
from mct_desktop.core.session.token_client import USER_AGENT
from mct_desktop.core.tls import verify_for

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    import httpx  # imported where used: the console must not wait for it at start-up

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
    catalog: Catalog
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # label -> document
    source: str = ""  # where it came from, for the user


def catalog_from_documents(documents: dict[str, dict[str, Any]], source: str) -> LoadedSpec:
    catalog = Catalog()
    for label, document in documents.items():
        catalog.extend(load_catalog(document, label))
    # A spec lives for the whole session. Left to the cyclic collector, its hundreds of
    # thousands of objects turn an occasional collection into a 25 ms pause mid-keystroke.
    # Collect first, so that no garbage of earlier loads is frozen along with it.
    gc.collect()
    gc.freeze()
    return LoadedSpec(catalog, documents, source)


def load_file_or_url(location: str, client: httpx.Client | None = None) -> LoadedSpec:
    """A spec the user points at: a local path or an http(s) URL (fetched without token)."""
    if location.startswith(("http://", "https://")):
        import httpx

        own = client or httpx.Client(timeout=30, headers={"User-Agent": USER_AGENT})
        try:
            response = own.get(location, follow_redirects=True)
        except httpx.HTTPError as exc:
            raise SpecAccessError(f"Could not fetch {location}: {exc}") from None
        finally:
            if client is None:
                own.close()
        if response.status_code != 200:
            raise SpecAccessError(f"{location} answered HTTP {response.status_code}.")
        text: str | bytes = response.content
    else:
        try:
            text = Path(location).expanduser().read_bytes()
        except OSError as exc:
            raise SpecAccessError(f"Cannot read {location}: {exc.strerror or exc}.") from None
    try:
        document = parse_document(text)
    except SpecError as exc:
        raise SpecAccessError(f"{location}: {exc}") from None
    label = str((document.get("info") or {}).get("version") or "spec")
    return catalog_from_documents({label: document}, location)


class PortalSpecFetcher:
    """Fetches with the portal's session cookies (from the embedded browser) and the token."""

    def __init__(
        self,
        portal: Portal,
        *,
        access_token: str | None = None,
        cookies: dict[str, str] | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.portal = portal
        import httpx

        headers = {"User-Agent": USER_AGENT, "Accept": "application/json, text/html"}
        if access_token:
            headers.update(authorization_headers(portal, access_token))
        self._client = httpx.Client(
            timeout=timeout,
            headers=headers,
            cookies=cookies or {},
            transport=transport,
            follow_redirects=False,
            verify=verify_for(portal),
        )

    def close(self) -> None:
        self._client.close()

    def discover(self) -> list[tuple[str, str]]:
        """(label, absolute URL) of each document the Swagger UI page lists."""
        for page in ("/swagger/index.html", "/swagger/"):
            response = self._get(self.portal.base_url + page)
            if response is None or response.status_code != 200:
                continue
            found = _urls_in(response.text, str(response.url))
            for script in _SCRIPT.findall(response.text):
                script_url = urljoin(str(response.url), script)
                if origin_of(script_url) != self.portal.base_url:
                    continue
                script_response = self._get(script_url)
                if script_response is not None and script_response.status_code == 200:
                    found += _urls_in(script_response.text, str(response.url))
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
            if response is None:
                problems.append(f"{url}: no answer")
                continue
            if response.status_code in (401, 403) or (
                300 <= response.status_code < 400
                and "login" in response.headers.get("Location", "").lower()
            ):
                denied = True
                continue
            if response.status_code != 200:
                continue  # a fallback version that does not exist
            try:
                documents[label] = parse_document(response.content)
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

    def _get(self, url: str) -> httpx.Response | None:
        import httpx

        try:
            return self._client.get(url)
        except httpx.HTTPError as exc:
            raise SpecAccessError(
                f"Could not reach {self.portal.display_name} for its Swagger: {exc}"
            ) from None


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


def save_cache(portal: Portal, loaded: LoadedSpec) -> None:
    """Best effort: a cache that cannot be written costs the next start a fetch, no more."""
    path = _cache_file(portal)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A temp file of its own: two fetches finishing together must not trip each other.
        fd, tmp = tempfile.mkstemp(prefix=".spec-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"source": loaded.source, "documents": loaded.documents}, handle)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not cache the spec of %s: %s", portal.display_name, exc)


def load_cache(portal: Portal) -> LoadedSpec | None:
    try:
        data = json.loads(_cache_file(portal).read_text())
        documents = data["documents"]
        if not isinstance(documents, dict):
            return None
        return catalog_from_documents(documents, f"cache of {data.get('source', '')}")
    except (OSError, ValueError, KeyError, TypeError):
        return None
