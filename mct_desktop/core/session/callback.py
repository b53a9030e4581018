"""Turn the Location of the portal's Callback redirect into a token pair, or a precise error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from mct_desktop.core.redact import is_secret_name, mask_secret
from mct_desktop.core.tokens import TokenPair

# Parameter names are compared after lower-casing and dropping `_` and `-`, so
# AccessToken, accessToken, access_token and access-token all match.
_ACCESS_NAMES = frozenset({"accesstoken"})
_REFRESH_NAMES = frozenset({"refreshtoken"})
_MASK_MIN_LENGTH = 16


class CallbackError(ValueError):
    """The Callback's Location carried no usable access token; the message is for the user."""

    def __init__(self, message: str, masked_location: str) -> None:
        super().__init__(message)
        self.masked_location = masked_location


@dataclass(frozen=True)
class _Param:
    """One name=value of a Callback's query or fragment, its value as it arrived."""

    name: str
    raw_value: str  # still percent-encoded, exactly as it arrived

    @property
    def canonical_name(self) -> str:
        return unquote(self.name).lower().replace("_", "").replace("-", "")

    @property
    def value(self) -> str:
        # Decode exactly once and never treat `+` as a space: tokens are base64-ish.
        return unquote(self.raw_value)


def _split_params(text: str) -> list[_Param]:
    params = []
    for piece in re.split(r"[&;]", text):
        if not piece:
            continue
        name, _, value = piece.partition("=")
        params.append(_Param(name, value))
    return params


def _location_params(location: str) -> list[_Param]:
    """Parameters from the query string and from the fragment (plain or a hash route)."""
    parts = urlsplit(location)
    params = _split_params(parts.query)
    fragment = parts.fragment
    if "?" in fragment:  # hash route: #/some/path?accessToken=...
        fragment = fragment.split("?", 1)[1]
    if "=" in fragment:
        params += _split_params(fragment)
    return params


def has_token_parameter(location: str) -> bool:
    """True when the URL carries anything named like an access or refresh token."""
    try:
        return any(
            p.canonical_name in _ACCESS_NAMES | _REFRESH_NAMES for p in _location_params(location)
        )
    except ValueError:
        return False


def parse_callback_location(location: str) -> TokenPair:
    """Extract the token pair from a Callback redirect's Location.

    Accepts tokens in the query or the fragment (including `#/route?...`), any usual
    spelling of the names, any target scheme. Raises CallbackError when no access
    token is there; its message shows what arrived with secret-looking values masked.
    """
    location = location.strip()
    # A whole header line copied from DevTools (`Location: https://...`) is fine too.
    if location.lower().startswith("location:"):
        location = location.split(":", 1)[1].strip()
    try:
        params = _location_params(location)
    except ValueError:
        raise CallbackError(
            "The pasted text is not a URL. Copy the Location header of the Callback response.",
            mask_location(location),
        ) from None
    access = _first(params, _ACCESS_NAMES)
    refresh = _first(params, _REFRESH_NAMES)
    if not access:
        names = ", ".join(sorted({unquote(p.name) for p in params})) or "none"
        raise CallbackError(
            "The portal's Callback redirect carried no access token. Expected a parameter "
            "named AccessToken (or accessToken / access_token) in the query string or "
            f"fragment; parameters present: {names}. Location received: "
            f"{mask_location(location)}",
            mask_location(location),
        )
    return TokenPair(access_token=access, refresh_token=refresh or None)


def _first(params: list[_Param], names: frozenset[str]) -> str:
    for p in params:
        if p.canonical_name in names and p.value.strip():
            return p.value.strip()
    return ""


def mask_location(location: str) -> str:
    """The URL with every secret-looking or long parameter value masked."""

    def mask_params(text: str) -> str:
        out = []
        for piece in re.split(r"([&;])", text):
            name, eq, value = piece.partition("=")
            if eq and (is_secret_name(name) or len(value) >= _MASK_MIN_LENGTH):
                value = mask_secret(unquote(value))
            out.append(name + eq + value)
        return "".join(out)

    base, hash_mark, fragment = location.partition("#")
    path, q_mark, query = base.partition("?")
    masked = path + q_mark + mask_params(query)
    if hash_mark:
        route, f_q, f_query = fragment.partition("?")
        masked += "#" + (route + f_q + mask_params(f_query) if f_q else mask_params(fragment))
    return masked
