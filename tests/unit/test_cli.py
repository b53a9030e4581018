import json
import sys
import time

import pytest

from mct_desktop import __version__
from mct_desktop.cli import main
from mct_desktop.core.session.portal_service import PortalService
from mct_desktop.core.tokens import TokenPair
from mct_desktop.demo import jwt


def fake_jwt(lifetime):
    return jwt.sign({"exp": int(time.time()) + lifetime, "name": "Ada"}, b"k")


def store(url, pair):
    svc = PortalService()
    svc.store_tokens(svc.add_portal(url), pair)


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["token", "--version"],
        ["login", "--version"],
        ["logout", "--version"],
        ["portals", "--version"],
        ["demo-portal", "--version"],
        ["portals", "list", "--version"],
        ["portals", "add", "--version"],
        ["portals", "remove", "--version"],
        ["call", "--version"],
        ["endpoints", "--version"],
    ],
)
def test_version_everywhere(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"mct-desktop {__version__}"


def test_token_prints_only_the_access_token(capsys):
    access = fake_jwt(600)
    store("a.example", TokenPair(access, "refresh"))
    assert main(["token"]) == 0
    assert capsys.readouterr().out == access + "\n"


def test_token_without_token_or_portal_explains(capsys):
    assert main(["token"]) == 2
    assert "No portal is configured" in capsys.readouterr().err
    PortalService().add_portal("a.example")
    assert main(["token"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "No token is stored for a.example" in captured.err
    assert "mct-desktop login https://a.example" in captured.err


def test_token_needs_a_name_when_several_portals(capsys):
    store("a.example", TokenPair(fake_jwt(600)))
    store("b.example", TokenPair(fake_jwt(600)))
    assert main(["token"]) == 2
    assert "Several portals" in capsys.readouterr().err
    assert main(["token", "https://b.example/"]) == 0


def test_expired_token_is_not_printed(capsys):
    store("a.example", TokenPair(fake_jwt(-7200)))
    assert main(["token"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "expired 2 h ago" in captured.err and "mct-desktop login" in captured.err


def test_portals_add_list_remove(capsys):
    assert (
        main(["portals", "add", "contoso.azurefd.net", "--name", "Contoso", "--idp", "azuread"])
        == 0
    )
    store("b.example", TokenPair(fake_jwt(3000), "r"))
    capsys.readouterr()
    assert main(["portals"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "  https://contoso.azurefd.net\tContoso\tAZUREAD\tnot signed in"
    assert lines[1].startswith("* https://b.example\t-\tEMAIL\tAda, token in 49 min")
    assert main(["portals", "remove", "Contoso"]) == 0
    assert [p.key for p in PortalService().portals] == ["https://b.example"]


def test_bad_portal_address_is_a_usage_error(capsys):
    assert main(["portals", "add", "http://intranet.contoso.com"]) == 2
    assert "tokens would travel unencrypted" in capsys.readouterr().err


def test_logout_removes_tokens(capsys):
    store("a.example", TokenPair(fake_jwt(600), "r"))
    assert main(["logout", "a.example"]) == 0
    assert "Signed out of a.example" in capsys.readouterr().out
    assert PortalService().tokens(PortalService().find(None)) is None


def test_settings_hold_no_token(isolated_home):
    access = fake_jwt(600)
    store("a.example", TokenPair(access, "refresh-secret"))
    text = (isolated_home / "config" / "mct-desktop" / "settings.json").read_text()
    assert access not in text and "refresh-secret" not in text
    assert json.loads(text)["portals"][0]["base_url"] == "https://a.example"


def _python(code):
    import subprocess
    import sys
    import textwrap

    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="3.12's dataclasses read inspect")
def test_token_defers_inspect_and_it_is_the_real_one_when_used():
    # dataclasses imports inspect only to write a docstring for a class without one.
    seen = _python(
        """
        import sys
        from mct_desktop.core.import_on_use import defer_inspect
        defer_inspect()
        import dataclasses
        from mct_desktop.core import portal, tokens  # the token command's dataclasses
        print("ast" in sys.modules)
        @dataclasses.dataclass
        class Undocumented:
            x: int
        print(Undocumented.__doc__.replace(" ", ""))
        import inspect
        print(inspect.signature(lambda a, b=2: a), "ast" in sys.modules)
        print(type(sys.modules["inspect"]).__name__, dataclasses.inspect.isclass(int))
        """
    )
    assert seen == ["False", "Undocumented(x:int)", "(a,", "b=2)", "True", "module", "True"]


def test_the_command_freezes_what_is_alive_before_the_exit_walks_it():
    # Python's last collections walk every object still alive: ~20 ms of `token`.
    seen = _python(
        """
        import gc, sys
        sys.argv = ["mct-desktop", "portals"]
        from mct_desktop import cli
        code = cli.run()
        print(code, gc.get_freeze_count() > 10_000)
        """
    )
    assert seen[-2:] == ["0", "True"]
