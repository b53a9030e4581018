"""TLS trust per portal: the system's CAs, plus a portal's own CA bundle when it has one."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mct_desktop.core.portal import Portal, PortalUrlError, ascii_host

if TYPE_CHECKING:
    import ssl  # imported where used (10 ms): the sign-in window and the console need only names


class CaBundleError(ValueError):
    """The configured CA bundle cannot be used; the message says which file and why."""


@lru_cache(maxsize=16)
def context_for_bundle(ca_bundle: str) -> ssl.SSLContext:
    import ssl

    context = ssl.create_default_context()  # verification on, system CAs loaded
    if ca_bundle:
        try:
            context.load_verify_locations(cafile=ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise CaBundleError(f"The CA bundle {ca_bundle} cannot be used: {exc}.") from None
    return context


def verify_for(portal: Portal | None) -> ssl.SSLContext:
    """What httpx verifies the portal's own host with. Never a way to switch verification off.

    Only for the portal's host: other hosts get `verify_for_url` or `client_options`.
    """
    return context_for_bundle(portal.ca_bundle if portal is not None else "")


def portal_host(portal: Portal) -> str:
    """The portal's host name or IP address, lower case, without brackets or port."""
    return (urlsplit(portal.base_url).hostname or "").lower()


def covers(portal: Portal | None, host: str) -> bool:
    """Does the portal's CA bundle apply to `host`? Only to the portal's own host."""
    if portal is None or not portal.ca_bundle:
        return False
    try:
        return ascii_host(host) == portal_host(portal)  # the browser may give `straße`
    except PortalUrlError:
        return False


def verify_for_url(portal: Portal | None, url: str) -> ssl.SSLContext:
    """The system's CAs, plus the portal's bundle when `url` is on the portal's host."""
    host = urlsplit(url).hostname or ""
    return verify_for(portal) if covers(portal, host) else context_for_bundle("")


def client_options(portal: Portal | None) -> dict[str, Any]:
    """httpx.Client arguments: the system's CAs for every host, the bundle for the portal's.

    A private CA vouches for the portal only: a certificate it issued for any other host is
    refused, as a browser without that CA would refuse it.
    """
    options: dict[str, Any] = {"verify": context_for_bundle("")}
    if portal is not None and portal.ca_bundle:
        import httpx

        host = portal_host(portal)
        pattern = f"https://[{host}]" if ":" in host else f"https://{host}"
        options["mounts"] = {pattern: httpx.HTTPTransport(verify=verify_for(portal))}
    return options


TLS_HINT = (
    " If the portal uses a private certificate authority, give its CA bundle: "
    "mct-desktop portals add URL --ca-bundle FILE (or in Add portal…)."
)


def chain_trusted(portal: Portal, chain_der: list[bytes], host: str) -> bool:
    """Does the server's chain (leaf first, DER) lead to the portal's CA and name `host`?

    The embedded browser knows only the system's CAs; for a portal with a private CA, the
    app checks the chain itself against the bundle the user gave, and nothing else, and
    only for the portal's own host: another host's page is refused as a browser would.
    """
    import ipaddress

    from cryptography import x509
    from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

    if not covers(portal, host) or not chain_der:
        return False
    try:
        with open(portal.ca_bundle, "rb") as handle:
            store = Store(x509.load_pem_x509_certificates(handle.read()))
        leaf, *intermediates = [x509.load_der_x509_certificate(der) for der in chain_der]
        try:
            name: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host.strip("[]")))
        except ValueError:
            name = x509.DNSName(host)
        verifier = PolicyBuilder().store(store).build_server_verifier(name)  # type: ignore[arg-type]
        verifier.verify(leaf, intermediates)
    except (OSError, ValueError, VerificationError):
        return False
    return True
