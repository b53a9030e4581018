"""When the demo's sign-in provider refuses the embedded browser, and where it sends it."""

from __future__ import annotations

from mct_desktop.demo.http import Handler

# The paths and texts of the real pages (tests/data/refusals holds the recorded ones).
REFUSAL_PATHS = {
    "google": "/v3/signin/rejected?flowName=GlifWebSignIn&rrk=46",
    "entra": "/common/login",
}
REFUSAL_KINDS = tuple(REFUSAL_PATHS)


def looks_embedded(h: Handler) -> bool:
    """Measured: QtWebEngine sends no Accept-Language, Chromium and Chrome always do.

    Real providers fingerprint the embedded engine by other means; this stands in for them.
    """
    return not h.headers.get("Accept-Language")


def refuse(h: Handler) -> bool:
    """Send the embedded browser to the refusal page, if the portal is set to refuse it."""
    kind = h.portal.refuse_embedded
    if kind not in REFUSAL_PATHS or not looks_embedded(h):
        return False
    h.redirect(h.portal.sign_in_origin + REFUSAL_PATHS[kind])
    return True
