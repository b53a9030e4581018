"""Portal profiles and the normalisation and validation of portal addresses."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from urllib.parse import urlsplit

LOGIN_PATH = "/ExternalAuthentication/Login"
CALLBACK_PATH = "/ExternalAuthentication/Callback"


class IdentityProvider(StrEnum):
    """The identity provider segment of the portal's RefreshToken endpoint."""

    EMAIL = "EMAIL"
    PHONE = "PHONE"
    AZUREAD = "AZUREAD"

    @classmethod
    def parse(cls, text: str) -> IdentityProvider:
        try:
            return cls(text.strip().upper())
        except ValueError:
            choices = ", ".join(m.value for m in cls)
            raise ValueError(f"Unknown identity provider {text!r}: use one of {choices}.") from None


class AuthMethod(StrEnum):
    """How a portal's tokens are obtained."""

    USER = "user"  # interactive sign-in in the embedded browser, refreshed with the refresh token
    SERVICE = "service"  # OAuth 2.0 client credentials (service-to-service, no user)


DEFAULT_AUTHORITY = "https://login.microsoftonline.com"


@dataclass(frozen=True)
class ServiceAuth:
    """Client-credentials settings. The client secret is not here: it lives in the keyring."""

    tenant_id: str
    client_id: str
    api_uri: str  # e.g. api://<guid>; the scope requested is `{api_uri}/.default`
    authority: str = DEFAULT_AUTHORITY  # sovereign clouds and the demo portal change it

    @property
    def scope(self) -> str:
        return self.api_uri.rstrip("/") + "/.default"

    @property
    def token_url(self) -> str:
        return f"{self.authority}/{self.tenant_id}/oauth2/v2.0/token"


def normalise_authority(text: str) -> str:
    """`login.microsoftonline.us` or a full URL -> `https://host[:port]` (http for loopback)."""
    return normalise_portal_url(text or DEFAULT_AUTHORITY)


class PortalUrlError(ValueError):
    """A portal address that cannot be used; the message is meant for the user."""


@dataclass(frozen=True)
class Portal:
    """A configured portal. Holds no secret: tokens live in the keyring, keyed by `key`."""

    base_url: str
    name: str = ""
    identity_provider: IdentityProvider = IdentityProvider.EMAIL
    # Opt-in: keep the embedded browser's cookies on disk so SSO sessions survive restarts.
    persistent_browser_profile: bool = False
    service: ServiceAuth | None = None  # set: client credentials instead of a user sign-in
    ca_bundle: str = ""  # PEM file of a private CA the portal's certificate chains to
    # How the user signs in: "" for the embedded browser, else chrome, chromium, edge, brave
    # or the path to a Chromium-family browser (the user's own, driven over DevTools).
    sign_in_browser: str = ""

    @property
    def key(self) -> str:
        """Stable identity of the portal: its normalised origin."""
        return self.base_url

    @property
    def auth_method(self) -> AuthMethod:
        return AuthMethod.SERVICE if self.service else AuthMethod.USER

    @property
    def refresh_url(self) -> str:
        return f"{self.base_url}/api/v1/ExternalAuthToken/RefreshToken/{self.identity_provider}"

    @property
    def display_name(self) -> str:
        return self.name or urlsplit(self.base_url).netloc

    @property
    def login_url(self) -> str:
        return self.base_url + LOGIN_PATH

    @property
    def callback_url(self) -> str:
        return self.base_url + CALLBACK_PATH

    def renamed(self, name: str) -> Portal:
        return replace(self, name=name)


_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def is_loopback_host(host: str) -> bool:
    """True for the literal loopback names only: localhost, 127.0.0.0/8 and ::1.

    Not `*.localhost`: the system's resolver may send those to DNS, i.e. off this computer.
    """
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# Characters that render as nothing (Unicode's default-ignorable code points, plus every
# control and format character): IDNA mapping would silently drop them, so that
# `exam<U+200B>ple.com` would become `example.com`, another domain than the one shown.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def _invisible_character(text: str) -> str:
    """The first invisible or control character in `text`, described, or ''."""
    if text.isascii() and text.isprintable():
        return ""  # ASCII's only invisible characters are its controls (not printable)
    import unicodedata

    for ch in text:
        if _INVISIBLE.match(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn"):
            return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"
    return ""


def normalise_portal_url(text: str) -> str:
    """Turn what a user typed or pasted into the portal's base URL (`scheme://host[:port]`).

    MCT portals live at the root of their host, so any path (a pasted Login or Callback
    URL, a Swagger page), query or fragment is dropped. Raises PortalUrlError with a
    message that says what is wrong and what to type instead.
    """
    raw = text.strip()
    if not raw:
        raise PortalUrlError("Enter the portal address, for example https://contoso.azurefd.net.")
    if any(ch.isspace() for ch in raw):
        raise PortalUrlError(
            f"The portal address {raw!r} contains spaces; paste the address alone."
        )
    if invisible := _invisible_character(raw):
        raise PortalUrlError(
            f"The portal address {raw!r} contains an invisible character ({invisible}), "
            "which would change the address it leads to; type the address again."
        )
    if not _SCHEME_RE.match(raw):
        # A bare host: https, except for this computer (`127.0.0.1:41945`), where a local
        # portal almost always speaks plain http (a demo, a tunnel, a development server).
        raw = _default_scheme(raw) + "://" + raw.removeprefix("//")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise PortalUrlError(f"{text.strip()!r} is not a valid address: {exc}.") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise PortalUrlError(f"The portal address must start with https:// (got {scheme}://).")
    if parts.username is not None or parts.password is not None:
        raise PortalUrlError(
            "Remove the user name or password from the portal address; "
            "you sign in through the portal's own sign-in page."
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise PortalUrlError(
            f"{text.strip()!r} has no host name; expected e.g. contoso.azurefd.net."
        )
    host = _normalise_host(host, text)
    if scheme == "http" and not is_loopback_host(host):
        raise PortalUrlError(
            f"http://{host} is not allowed: tokens would travel unencrypted. Use https://{host} "
            "(plain http is accepted only for this computer: localhost, 127.0.0.1, [::1])."
        )
    default_port = 443 if scheme == "https" else 80
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != default_port:
        netloc += f":{port}"
    return f"{scheme}://{netloc}"


def _default_scheme(schemeless: str) -> str:
    try:
        host = urlsplit("//" + schemeless.removeprefix("//")).hostname or ""
    except ValueError:
        return "https"  # normalise_portal_url reports what is wrong
    return "http" if is_loopback_host(host) else "https"


def portal_url_candidates(text: str) -> list[str]:
    """The portal base URLs an address may mean, the likeliest first.

    With a scheme, only its own; without one (`127.0.0.1:41945`, `contoso.azurefd.net`),
    also the other scheme, so that a bare address finds the portal already configured
    whichever scheme it has. Raises PortalUrlError when the text is no address at all.
    """
    first = normalise_portal_url(text)
    raw = text.strip()
    if _SCHEME_RE.match(raw):
        return [first]
    other = "https" if first.startswith("http://") else "http"
    try:
        return [first, normalise_portal_url(f"{other}://{raw.removeprefix('//')}")]
    except PortalUrlError:  # plain http to another computer: never a candidate
        return [first]


def _normalise_host(host: str, original: str) -> str:
    host = host.lower()
    if ":" in host:  # IPv6 literal; urlsplit already removed the brackets
        try:
            return str(ipaddress.IPv6Address(host))
        except ValueError:
            raise PortalUrlError(f"{host!r} is not a valid IPv6 address.") from None
    host = _ascii_host(host, original)
    if not _PLAIN_HOST.fullmatch(host) or ".." in host or host.startswith((".", "-")):
        raise PortalUrlError(f"{original.strip()!r} has an invalid host name ({host!r}).")
    return host


def ascii_host(host: str) -> str:
    """A host name as it goes on the wire (`straße.example` -> `xn--strae-oqa.example`)."""
    host = host.strip("[]").lower().rstrip(".")
    return host if ":" in host else _ascii_host(host, host)


_PLAIN_HOST = re.compile(r"[a-z0-9.-]+")


def _ascii_host(host: str, original: str) -> str:
    """The host's ASCII form by IDNA 2008 / UTS 46 (non-transitional), as browsers make it.

    Python's own `idna` codec is IDNA 2003: it turns `straße` into `strasse`, another
    domain than the `xn--strae-oqa` a browser visits. ASCII labels are kept (browsers
    accept `r3---sn-x`), except that an `xn--` label must be a valid A-label.
    """
    if _PLAIN_HOST.fullmatch(host) and "xn--" not in host:
        # UTS 46 maps none of these characters: the common case, without loading idna's
        # tables (1.5 ms of every start with a configured portal).
        return host
    import idna

    invalid = f"{original.strip()!r} has an invalid host name"
    try:
        mapped = idna.uts46_remap(host, std3_rules=False, transitional=False)
        labels = []
        for label in mapped.split("."):
            if not label.isascii():
                label = idna.alabel(label).decode("ascii")
            elif label.startswith("xn--"):
                idna.ulabel(label)  # raises unless it is a well-formed A-label
            labels.append(label)
    except (idna.IDNAError, UnicodeError, ValueError) as exc:
        raise PortalUrlError(f"{invalid}: {exc}.") from None
    return ".".join(labels)


def origin_of(url: str) -> str | None:
    """The normalised origin of any http(s) URL, or None (other schemes, garbage)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        try:
            host = f"[{ipaddress.IPv6Address(host)}]"
        except ValueError:
            return None
    default_port = 443 if scheme == "https" else 80
    if port is not None and port != default_port:
        return f"{scheme}://{host}:{port}"
    return f"{scheme}://{host}"
