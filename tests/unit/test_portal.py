import pytest
from hypothesis import given
from hypothesis import strategies as st

from mct_desktop.core.portal import (
    IdentityProvider,
    Portal,
    PortalUrlError,
    _invisible_character,
    ascii_host,
    is_loopback_host,
    normalise_portal_url,
    origin_of,
)


@pytest.mark.parametrize(
    "typed",
    [
        "contoso.azurefd.net",
        "https://contoso.azurefd.net",
        "https://contoso.azurefd.net/",
        "  HTTPS://Contoso.AzureFD.net:443/  ",
        "https://contoso.azurefd.net/ExternalAuthentication/Login",
        "https://contoso.azurefd.net/ExternalAuthentication/Callback?code=abc#x",
        "contoso.azurefd.net/swagger/index.html",
        "contoso.azurefd.net.",
    ],
)
def test_all_spellings_of_a_portal_mean_the_same_portal(typed):
    assert normalise_portal_url(typed) == "https://contoso.azurefd.net"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("http://localhost:8080/ExternalAuthentication/Login", "http://localhost:8080"),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("http://127.4.5.6", "http://127.4.5.6"),
        ("http://[::1]:9000/", "http://[::1]:9000"),
        ("https://portal.example.com:8443", "https://portal.example.com:8443"),
        ("http://localhost:80", "http://localhost"),
        ("https://bücher.example", "https://xn--bcher-kva.example"),
    ],
)
def test_ports_loopback_and_international_names(typed, expected):
    assert normalise_portal_url(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the portal address"),
        ("   ", "Enter the portal address"),
        ("http://contoso.azurefd.net", "tokens would travel unencrypted"),
        ("http://10.0.0.5", "plain http is accepted only for this computer"),
        ("ftp://contoso.azurefd.net", "must start with https://"),
        ("https://user:pw@contoso.azurefd.net", "Remove the user name or password"),
        ("https://", "has no host name"),
        ("contoso azurefd net", "contains spaces"),
        ("https://contoso.azurefd.net:99999", "not a valid address"),
        ("https://conto$o.net", "invalid host name"),
    ],
)
def test_bad_addresses_get_a_specific_message(typed, message):
    with pytest.raises(PortalUrlError, match=message):
        normalise_portal_url(typed)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.255.0.9", True),
        ("::1", True),
        ("[::1]", True),
        # The resolver may send `*.localhost` to DNS: only the literal names are this computer.
        ("app.localhost", False),
        ("128.0.0.1", False),
        ("localhost.evil.com", False),
        ("example.com", False),
    ],
)
def test_loopback_hosts(host, loopback):
    assert is_loopback_host(host) is loopback


hosts = st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,20}){1,3}", fullmatch=True).filter(
    lambda host: not any(label.startswith("xn--") for label in host.split("."))  # A-labels
)


@given(
    host=hosts,
    path=st.sampled_from(["", "/", "/ExternalAuthentication/Login", "/x?y=1#z"]),
    port=st.one_of(st.none(), st.integers(1, 65535)),
)
def test_normalisation_is_idempotent(host, path, port):
    typed = f"https://{host}{f':{port}' if port else ''}{path}"
    once = normalise_portal_url(typed)
    assert normalise_portal_url(once) == once
    assert origin_of(typed) == once


def test_portal_urls_and_identity_provider():
    portal = Portal("https://contoso.azurefd.net")
    assert portal.login_url == "https://contoso.azurefd.net/ExternalAuthentication/Login"
    assert portal.identity_provider is IdentityProvider.EMAIL
    assert portal.display_name == "contoso.azurefd.net"
    assert IdentityProvider.parse(" azuread ") is IdentityProvider.AZUREAD
    with pytest.raises(ValueError, match="EMAIL, PHONE, AZUREAD"):
        IdentityProvider.parse("google")


def test_origin_of_other_schemes_is_none():
    assert origin_of("mctapp://auth?x=1") is None
    assert origin_of("HTTP://LocalHost:80/a") == "http://localhost"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # IDNA 2008 / UTS 46 as browsers: IDNA 2003 made these strasse.example and faß → fass.
        ("straße.example", "https://xn--strae-oqa.example"),
        ("https://faß.de/x", "https://xn--fa-hia.de"),
        ("https://BÜCHER.de", "https://xn--bcher-kva.de"),
        ("https://xn--strae-oqa.example", "https://xn--strae-oqa.example"),
        ("https://r3---sn-4g5e6nsz.googlevideo.com", "https://r3---sn-4g5e6nsz.googlevideo.com"),
    ],
)
def test_international_names_become_what_browsers_visit(typed, expected):
    assert normalise_portal_url(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("https://exam\u200bple.com", "invisible character \\(U\\+200B ZERO WIDTH SPACE\\)"),
        ("https://exa\u00admple.com", "invisible character \\(U\\+00AD SOFT HYPHEN\\)"),
        ("https://ex\u2060ample.com", "invisible character \\(U\\+2060 WORD JOINER\\)"),
        ("https://ex\ufe0fample.com", "invisible character"),
        ("https://\u202eexample.com", "invisible character"),
        ("https://xn--/", "invalid host name"),
        ("https://xn--zz.example", "invalid host name"),
        ("http://x.localhost", "not allowed: tokens would travel unencrypted"),
        ("http://localhost.example", "not allowed"),
    ],
)
def test_addresses_that_would_lead_elsewhere_are_refused(typed, message):
    with pytest.raises(PortalUrlError, match=message):
        normalise_portal_url(typed)


def test_a_saved_portal_that_no_longer_passes_is_left_out_alone(tmp_path):
    import json

    from mct_desktop.core.session.settings import SettingsStore

    path = tmp_path / "settings.json"
    portals = [{"base_url": "http://app.localhost:8080"}, {"base_url": "https://ok.example"}]
    path.write_text(json.dumps({"portals": portals}))
    settings = SettingsStore(path).load()
    assert [p.base_url for p in settings.portals] == ["https://ok.example"]
    assert "A saved portal was left out: http://app.localhost" in settings.load_warning


# A host of only lower-case letters, digits, dots and hyphens (every configured portal in
# practice) is normalised without loading idna; the result must be what IDNA gives.
@given(st.from_regex(r"[a-z0-9.-]{1,40}", fullmatch=True).filter(lambda h: "xn--" not in h))
def test_plain_hosts_skip_idna_and_get_what_uts46_gives(host):
    import idna

    wire = host.rstrip(".")  # a trailing dot is dropped first, whatever the host
    assert ascii_host(host) == idna.uts46_remap(wire, std3_rules=False, transitional=False)


@given(st.text(st.characters(max_codepoint=127), max_size=30))
def test_ascii_text_is_invisible_exactly_where_unicode_says(text):
    import unicodedata

    expected = next((ch for ch in text if unicodedata.category(ch) == "Cc"), "")
    found = _invisible_character(text)
    assert found == (f"U+{ord(expected):04X} unnamed character" if expected else "")
