"""Fallback sign-in: paste the Callback's Location copied from another browser's DevTools."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mct_desktop.core.portal import Portal
from mct_desktop.core.session.callback import CallbackError, parse_callback_location
from mct_desktop.core.tokens import TokenPair
from mct_desktop.ui.pasted_text_dialog import PastedTextDialog

# The same steps in Chrome and Edge: both have Chromium's DevTools.
_HOW_TO = (
    "<b>When the sign-in cannot be completed here</b> (some organisations block embedded "
    "browsers), sign in with Chrome or Edge and copy what the portal sends back:<ol>"
    "<li>Open a new tab in Chrome or Edge and press F12 (Ctrl+Shift+I; on a Mac "
    "Cmd+Option+I) to open DevTools. Select the <b>Network</b> tab and tick "
    "<b>Preserve log</b>.</li>"
    "<li>In that tab, open <code>{login}</code> and sign in.</li>"
    "<li>In the list of requests (type <code>Callback</code> in the Filter box), select "
    "the request named <code>Callback</code> (status 302). On its <b>Headers</b> tab, "
    "under <b>Response Headers</b>, copy the value of <code>location</code> (it starts "
    "<code>/ExternalAuthentication/Redirect#access_token=</code>), or the whole "
    "<code>location: …</code> line.</li>"
    "<li>Or select the <code>Redirect</code> request that follows it and copy its "
    "<b>Request URL</b> (Headers, General) including everything after <code>#</code>; "
    "if it shows no <code>#access_token=</code>, use the Callback's location.</li>"
    "<li>Paste it below. It is parsed here, stored in the keychain only, and cleared "
    "from this box.</li></ol>"
)


class PasteLocationDialog(PastedTextDialog):
    """Parses on OK; a bad paste shows why (values masked) and keeps the dialog open."""

    parse_errors = (CallbackError,)

    def __init__(self, portal: Portal, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Paste Callback Location - {portal.display_name}",
            _HOW_TO.format(login=portal.login_url),
            "/ExternalAuthentication/Redirect#access_token=…&refresh_token=…",
            parent,
        )
        self.pair: TokenPair | None = None

    def parse(self, text: str) -> None:
        self.pair = parse_callback_location(text)
