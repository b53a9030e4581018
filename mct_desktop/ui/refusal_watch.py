"""Notice a sign-in provider refusing the embedded browser, and offer the user's own."""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWebEngineCore import QWebEnginePage

from mct_desktop.core.portal import Portal, origin_of
from mct_desktop.core.session.browser.locate import available_browsers, browser_label
from mct_desktop.core.session.refusal import detect_refusal, refusal_message
from mct_desktop.ui.message_bar import MessageBar

log = logging.getLogger(__name__)


class RefusalWatch(QObject):
    """Reads each page loaded from another origin than the portal's; a refusal raises the bar."""

    refused = Signal(str)  # the short reason
    switch_requested = Signal(str)  # the browser (name) the user chose to go on with
    checked = Signal(str)  # a page of another origin was read (its URL), refusal or not

    def __init__(self, page: QWebEnginePage, portal: Portal, banner: MessageBar) -> None:
        super().__init__(page)
        self.page = page
        self.portal_origin = origin_of(portal.base_url)
        self.banner = banner
        self.reason = ""  # the last refusal recognised, "" if none
        self._loads = 0  # a page's text that arrives after the next load began is stale
        page.loadFinished.connect(self._on_load_finished)

    def _on_load_finished(self, ok: bool) -> None:
        self._loads += 1
        url = self.page.url().toString()
        origin = origin_of(url)
        # Never the portal's own pages: they hold the user's data, and refuse nothing.
        if not ok or origin is None or origin == self.portal_origin:
            return
        title = self.page.title()
        if (reason := detect_refusal(url, title, "")) is not None:
            self._show(reason, url)
            return
        load = self._loads
        self.page.toPlainText(lambda text: self._on_text(load, url, title, text))

    def _on_text(self, load: int, url: str, title: str, text: str) -> None:
        # A page deleted with this request in flight answers "" from its destructor: then
        # neither it nor its window may be touched (doing so crashed the test run).
        if not text or not shiboken6.isValid(self) or load != self._loads:
            return
        reason = detect_refusal(url, title, text)
        if reason is None:
            self.checked.emit(url)
            return
        self._show(reason, url)

    def _show(self, reason: str, url: str) -> None:
        log.info("the sign-in provider refuses the embedded browser: %s", reason)
        self.reason = reason
        found = available_browsers()
        message = refusal_message(reason, found)
        if found:
            action = (f"Sign in with {browser_label(found[0])}", lambda: self._switch(found[0]))
            self.banner.show_warning(message, action)
        else:
            self.banner.show_warning(message)
        self.refused.emit(reason)
        self.checked.emit(url)

    def _switch(self, browser: str) -> None:
        self.switch_requested.emit(browser)
