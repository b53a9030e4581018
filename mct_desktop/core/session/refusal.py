"""Recognise a sign-in provider's page that refuses embedded browsers, from what it shows."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from urllib.parse import unquote_plus

from mct_desktop.core.session.browser.locate import BROWSER_NAMES, browser_label

# Google, since 2019 (password step) and 2021 (OAuth "Use secure browsers" policy).
_GOOGLE = (
    (re.compile(r"disallowed_useragent", re.I), "Google: Error 403 disallowed_useragent"),
    (
        re.compile(r"this browser or app may not be secure", re.I),
        "Google: \u201cThis browser or app may not be secure\u201d",
    ),
    (
        re.compile(r"use secure browsers\W{0,3}\s*policy", re.I),
        "Google: Use secure browsers policy",
    ),
)
# Entra ID Conditional Access refusals that another browser (one with a device identity,
# or an approved one) can get past. AADSTS53003 (blocked for any reason: location, risk)
# is left out on purpose: another browser would not help there.
_ENTRA = {
    "53000": "requires a compliant device",
    "53001": "requires a domain-joined device",
    "53002": "allows approved client apps only",
    "530003": "requires a managed device",
    "50097": "requires device authentication",
}
_ENTRA_CODE = re.compile(r"(?:\bAADSTS|\bError Code:\s*)(" + "|".join(_ENTRA) + r")(?!\d)", re.I)


def detect_refusal(url: str, title: str, text: str) -> str | None:
    """A short reason when the page refuses this (embedded) browser, else None.

    `text` is the page's visible text (QWebEnginePage.toPlainText). Only strong signals
    count: the providers' own phrases and error codes, never a mere mention of "browser".
    """
    haystack = "\n".join((unquote_plus(url), title, text))
    for pattern, reason in _GOOGLE:
        if pattern.search(haystack):
            return reason
    if match := _ENTRA_CODE.search(haystack):
        code = match.group(1)
        return f"Microsoft Entra ID {_ENTRA[code]} (AADSTS{code})"
    return None


HEADLINE = "Your sign-in provider refuses embedded browsers"


def refusal_message(reason: str, found: Sequence[str]) -> str:
    """The app's bar text; `found` names the browsers on this machine (may be empty)."""
    if found:
        return (
            f"{HEADLINE} ({reason}). Sign in with {browser_label(found[0])} instead: "
            "the app opens it with a separate profile and captures the tokens there."
        )
    return (
        f"{HEADLINE} ({reason}). Install Chrome, Edge, Chromium or Brave to sign in with it "
        "from here, or sign in in any browser and paste the Callback's Location "
        "(Paste Location URL instead\u2026)."
    )


def refusal_command_advice(reason: str, portal: str, found: Sequence[str]) -> str:
    """The same advice for `mct-desktop login`, with the exact command to run."""
    browser = found[0] if found else BROWSER_NAMES[0]
    command = f"mct-desktop login {shlex.quote(portal)} --browser {browser}"
    if found:
        return f"{HEADLINE} ({reason}). Sign in with your own browser instead: {command}"
    return (
        f"{HEADLINE} ({reason}). Install Chrome, Edge, Chromium or Brave and run: {command} "
        "(or pass --browser /path/to/it), or paste the Callback's Location in the app "
        "(Paste Location URL)."
    )
