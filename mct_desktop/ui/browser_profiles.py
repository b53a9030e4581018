"""One embedded-browser profile per portal: off the record unless the user opts in."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from mct_desktop.core import paths
from mct_desktop.core.portal import Portal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkCookie
    from PySide6.QtWebEngineCore import QWebEngineProfile


class BrowserProfiles(QObject):
    """Keeps a portal's profile for the whole run, so a second sign-in reuses the IdP session."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._profiles: dict[tuple[str, bool], QWebEngineProfile] = {}
        # Session cookies the portal set in the embedded browser, kept in memory only: the
        # Swagger fetch needs the administrator's portal session.
        self._cookies: dict[str, dict[str, str]] = {}
        self._remove_later: set[Path] = set()

    def profile_for(self, portal: Portal) -> QWebEngineProfile:
        key = (portal.key, portal.persistent_browser_profile)
        if key not in self._profiles:
            profile = self._create(portal)
            self._profiles[key] = profile
            store = profile.cookieStore()
            store.cookieAdded.connect(lambda c, k=portal.key: self._on_cookie(k, c, True))
            store.cookieRemoved.connect(lambda c, k=portal.key: self._on_cookie(k, c, False))
            store.loadAllCookies()
        return self._profiles[key]

    def cookies_for(self, portal: Portal) -> dict[str, str]:
        return dict(self._cookies.get(portal.key, {}))

    def _on_cookie(self, portal_key: str, cookie: QNetworkCookie, added: bool) -> None:
        host = urlsplit(portal_key).hostname or ""
        domain = cookie.domain().lstrip(".").lower()
        if not domain or not (host == domain or host.endswith("." + domain)):
            return  # the identity provider's cookies stay with the identity provider
        name = bytes(cookie.name().data()).decode("latin-1")
        jar = self._cookies.setdefault(portal_key, {})
        if added:
            jar[name] = bytes(cookie.value().data()).decode("latin-1")
        else:
            jar.pop(name, None)

    def _create(self, portal: Portal) -> QWebEngineProfile:
        # Imported on first sign-in, not at start-up: QtWebEngine is the heaviest part.
        from PySide6.QtWebEngineCore import QWebEngineProfile

        if not portal.persistent_browser_profile:
            # A profile without a storage name is off the record: nothing reaches the disk.
            profile = QWebEngineProfile(self)
        else:
            storage = paths.browser_profile_dir(portal.key)
            storage.mkdir(parents=True, exist_ok=True)
            profile = QWebEngineProfile(f"mct-{paths.portal_slug(portal.key)}", self)
            profile.setPersistentStoragePath(str(storage))
            profile.setCachePath(str(storage / "cache"))
            # Cookies are what single sign-on needs; the HTTP cache is not, and it kept the
            # Callback's 302 (both tokens in its Location) on disk: MCT portals send it with
            # only `Expires: -1`, which Chromium still caches. Only `no-store` would stop it.
            profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
            # Session cookies too: SSO providers often keep the session in one.
            profile.setPersistentCookiesPolicy(
                QWebEngineProfile.PersistentCookiesPolicy.ForcePersistentCookies
            )
        profile.setHttpUserAgent(plain_user_agent(profile.httpUserAgent()))
        return profile

    def clear(self, portal: Portal) -> None:
        """Drop cookies, cache and visited links, then the profile itself: an on-disk profile
        left alive would write its files again after sign-out deleted them."""
        self._cookies.pop(portal.key, None)
        # Chromium may still flush a file or two (network state) after the profile goes;
        # the folder is removed again shortly and at exit.
        folder = paths.browser_profile_dir(portal.key)
        self._remove_later.add(folder)
        QTimer.singleShot(3000, lambda: shutil.rmtree(folder, ignore_errors=True))
        _delete_closed_pages()
        for key in [k for k in self._profiles if k[0] == portal.key]:
            profile = self._profiles.pop(key)
            profile.cookieStore().deleteAllCookies()
            profile.clearHttpCache()
            profile.clearAllVisitedLinks()
            shiboken6.delete(profile)  # its pages are gone: the sign-in window was closed

    def dispose(self) -> None:
        """Delete the profiles now. Every page using them must already be deleted:
        Chromium crashes at exit when a profile dies before its pages."""
        _delete_closed_pages()
        for profile in self._profiles.values():
            shiboken6.delete(profile)
        self._profiles.clear()
        for folder in self._remove_later:
            shutil.rmtree(folder, ignore_errors=True)


def plain_user_agent(user_agent: str) -> str:
    """The engine's user agent without its `QtWebEngine/x.y` token: the real Chrome version
    stays, but pages are not told which embedding toolkit (and version) runs them."""
    return re.sub(r"\s*QtWebEngine/\S+", "", user_agent).strip()


def _delete_closed_pages() -> None:
    """A closed sign-in window is deleted later (deleteLater); do it now, before its profile.
    A profile deleted while one of its pages lives aborts the process (seen in the tests)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
