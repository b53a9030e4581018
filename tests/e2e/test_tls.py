"""Real HTTPS against the demo portal with a throwaway CA: verified, or refused with reasons."""

import pytest

from mct_desktop.cli import main
from mct_desktop.core.api.client import ApiClient, ApiError
from mct_desktop.core.api.request import ApiRequest
from mct_desktop.core.catalog.spec_loader import SpecAccessError, SpecService
from mct_desktop.core.portal import Portal
from mct_desktop.core.session.callback import parse_callback_location
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.session.token_manager import TokenManager
from mct_desktop.demo import DemoPortal
from tests.tls_support import make_test_ca


@pytest.fixture
def tls_demo(tmp_path):
    ca_file, server = make_test_ca(tmp_path)
    with DemoPortal(tls=server) as portal:
        yield portal, ca_file


def signed_in(demo, ca_file):
    import httpx

    from mct_desktop.core.tls import context_for_bundle

    with httpx.Client(verify=context_for_bundle(str(ca_file))) as client:
        client.get(demo.url + "/ExternalAuthentication/Login")
        submit = client.post(
            demo.sign_in_origin + "/b2c/authorize",
            data={"email": "admin@contoso.demo", "password": "demo"},
            follow_redirects=False,
        )
        callback = client.get(submit.headers["location"], follow_redirects=False)
        return parse_callback_location(callback.headers["location"])


def test_without_the_ca_every_client_refuses_and_says_why(tls_demo, capsys):
    demo, ca_file = tls_demo
    service = PortalService()
    portal = service.add_portal(demo.url)
    service.store_tokens(portal, signed_in(demo, ca_file))
    with pytest.raises(ApiError) as caught:
        ApiClient(TokenManager(service)).send(portal, ApiRequest("GET", "/api/v2/Profile"))
    message = str(caught.value)
    assert "TLS certificate of 127.0.0.1 was rejected" in message
    assert "--ca-bundle" in message
    with pytest.raises(SpecAccessError, match=r"TLS certificate of 127\.0\.0\.1 was rejected"):
        SpecService(ApiClient(TokenManager(service))).load_portal(portal)
    assert main(["call", "GET", "/api/v2/Profile"]) == 1
    assert "TLS certificate of 127.0.0.1 was rejected" in capsys.readouterr().err
    assert not demo.requests_to("/api/v2/Profile")  # nothing reached the server


def test_with_the_portals_ca_bundle_everything_works(tls_demo, capsys):
    demo, ca_file = tls_demo
    assert main(["portals", "add", demo.url, "--ca-bundle", str(ca_file)]) == 0
    service = PortalService()
    portal = service.find(None)
    assert portal.ca_bundle == str(ca_file)
    demo.token_lifetime = 20
    service.store_tokens(portal, signed_in(demo, ca_file))
    demo.token_lifetime = 3600
    capsys.readouterr()
    assert main(["call", "GET", "/api/v2/Profile"]) == 0  # refresh first, then the call
    assert len(demo.requests_to("/api/v1/ExternalAuthToken")) == 1
    assert SpecService(ApiClient(TokenManager(service))).load_portal(portal)


def test_a_bad_ca_bundle_is_refused_when_configured(tmp_path, capsys):
    bogus = tmp_path / "not-a-ca.pem"
    bogus.write_text("hello")
    assert main(["portals", "add", "https://p.example", "--ca-bundle", str(bogus)]) == 2
    assert "cannot be used" in capsys.readouterr().err


def test_embedded_browser_accepts_only_the_configured_ca(qtbot, tls_demo, open_login):
    demo, ca_file = tls_demo
    demo.auto_sign_in = "admin@contoso.demo"
    plain = open_login(demo.url)
    with qtbot.waitSignal(plain.login_failed, timeout=30000) as failed:
        plain.start()
    assert "TLS certificate of 127.0.0.1 was rejected" in failed.args[0]
    assert "--ca-bundle" in failed.args[0]
    # The CA counts for the portal's host only: the sign-in pages are served there too.
    demo.sign_in_host = "127.0.0.1"
    trusted = open_login(demo.url, ca_bundle=str(ca_file))
    with qtbot.waitSignal(trusted.tokens_captured, timeout=30000) as captured:
        trusted.start()
    assert captured.args[0].refresh_token in demo._refresh
    assert Portal(demo.url).base_url.startswith("https://")


def test_the_portals_ca_is_not_trusted_for_another_host(tls_demo, capsys):
    # The demo's certificate names both 127.0.0.1 (the portal) and localhost (another host).
    demo, ca_file = tls_demo
    assert main(["portals", "add", demo.url, "--ca-bundle", str(ca_file)]) == 0
    service = PortalService()
    portal = service.find(None)
    service.store_tokens(portal, signed_in(demo, ca_file))
    other = demo.sign_in_origin + "/api/v2/deployment/info"
    with pytest.raises(ApiError, match="TLS certificate of localhost was rejected"):
        ApiClient(TokenManager(service)).send(portal, ApiRequest("GET", other))
    capsys.readouterr()
    assert main(["call", "GET", other]) == 1
    assert "TLS certificate of localhost was rejected" in capsys.readouterr().err
    assert not demo.requests_to("/api/v2/deployment/info")
    # The portal's own host still works, with the same client.
    assert ApiClient(TokenManager(service)).send(portal, ApiRequest("GET", "/api/v2/Profile")).ok


def test_the_browser_refuses_another_hosts_certificate_from_the_portals_ca(
    qtbot, tls_demo, open_login
):
    demo, ca_file = tls_demo  # the sign-in pages live on localhost, a host the CA also signed
    demo.auto_sign_in = "admin@contoso.demo"
    window = open_login(demo.url, ca_bundle=str(ca_file))
    with qtbot.waitSignal(window.login_failed, timeout=30000) as failed:
        window.start()
    assert "TLS certificate of localhost was rejected" in failed.args[0]
    assert not demo.requests_to("/b2c/authorize")


def test_chain_trusted_is_scoped_to_the_portals_host(tmp_path):
    from mct_desktop.core.tls import chain_trusted, covers

    ca_file, _server = make_test_ca(tmp_path)
    leaf = ssl_leaf_der(tmp_path)
    portal = Portal("https://127.0.0.1:8443", ca_bundle=str(ca_file))
    assert chain_trusted(portal, [leaf], "127.0.0.1")
    assert not chain_trusted(portal, [leaf], "localhost")  # named in the certificate too
    assert not chain_trusted(Portal("https://127.0.0.1:8443"), [leaf], "127.0.0.1")
    assert not chain_trusted(portal, [leaf], "127.0.0.1.evil.example")
    idn = Portal("https://xn--strae-oqa.example", ca_bundle=str(ca_file))
    assert covers(idn, "straße.example") and covers(idn, "XN--STRAE-OQA.example.")
    assert not covers(idn, "strasse.example") and not covers(idn, "exam\u200bple.com")


def ssl_leaf_der(folder):
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    cert = x509.load_pem_x509_certificate((folder / "server.pem").read_bytes())
    return cert.public_bytes(Encoding.DER)
