"""TLS trust per portal: the system's CAs, plus a portal's own CA bundle when it has one."""

from __future__ import annotations

import ssl
from functools import lru_cache

from mct_desktop.core.portal import Portal


class CaBundleError(ValueError):
    """The configured CA bundle cannot be used; the message says which file and why."""


@lru_cache(maxsize=16)
def context_for_bundle(ca_bundle: str) -> ssl.SSLContext:
    context = ssl.create_default_context()  # verification on, system CAs loaded
    if ca_bundle:
        try:
            context.load_verify_locations(cafile=ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise CaBundleError(f"The CA bundle {ca_bundle} cannot be used: {exc}.") from None
    return context


def verify_for(portal: Portal | None) -> ssl.SSLContext:
    """What httpx verifies a portal's server with. Never a way to switch verification off."""
    return context_for_bundle(portal.ca_bundle if portal is not None else "")


TLS_HINT = (
    " If the portal uses a private certificate authority, give its CA bundle: "
    "mct-desktop portals add URL --ca-bundle FILE (or in Add portal…)."
)


def chain_trusted(ca_bundle: str, chain_der: list[bytes], host: str) -> bool:
    """Does the server's chain (leaf first, DER) lead to the bundle's CA and name `host`?

    The embedded browser knows only the system's CAs; for a portal with a private CA, the
    app checks the chain itself against the bundle the user gave, and nothing else.
    """
    import ipaddress

    from cryptography import x509
    from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

    if not ca_bundle or not chain_der:
        return False
    try:
        with open(ca_bundle, "rb") as handle:
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
