"""Building one command's parser alone (what `mct-desktop token` does) changes nothing."""

import argparse
import contextlib

import pytest

from mct_desktop import cli


def commands(parser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return {}


def described(parser):
    """Everything argparse answers with: help, usage, and each argument's settings."""
    actions = [
        (a.dest, a.option_strings, a.nargs, a.default, a.type, a.choices, a.required, a.help)
        for a in parser._actions
        if not isinstance(a, argparse._SubParsersAction)
    ]
    nested = {name: described(sub) for name, sub in commands(parser).items()}
    return parser.format_help(), parser.format_usage(), parser.prog, repr(actions), nested


WHOLE = cli.build_parser()


@pytest.mark.parametrize("name", sorted(commands(WHOLE)))
def test_each_command_built_alone_is_the_one_in_the_whole_parser(name):
    alone = cli.build_parser(only=name)
    assert list(commands(alone)) == [name]
    assert described(commands(alone)[name]) == described(commands(WHOLE)[name])
    assert alone.format_usage() == WHOLE.format_usage()  # top-level errors print this


def test_an_unknown_command_gets_the_whole_parsers_message(capsys):
    with pytest.raises(SystemExit) as whole:
        WHOLE.parse_args(["tokn"])
    expected = capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["tokn"])
    assert exit_.value.code == whole.value.code == 2
    assert capsys.readouterr().err == expected
    assert "(choose from 'login', 'token'" in expected


@pytest.mark.parametrize(
    "argv",
    [["token", "a", "b"], ["token", "--demo"], ["portals", "add"], ["call", "FETCH", "/x"]],
)
def test_errors_read_as_with_the_whole_parser(argv, capsys):
    with pytest.raises(SystemExit):
        WHOLE.parse_args(argv)
    expected = capsys.readouterr()
    with pytest.raises(SystemExit):
        cli.main(argv)
    assert capsys.readouterr() == expected


def test_token_builds_only_its_own_parser(monkeypatch):
    built = []
    original = cli.build_parser

    def spy(only=None):
        built.append(only)
        return original(only)

    monkeypatch.setattr(cli, "build_parser", spy)
    with pytest.raises(SystemExit):
        cli.main(["token", "--version"])
    assert built == ["token"]
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert built == ["token", None]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--demo"],
        ["--self-test"],
        ["--demo", "--self-test"],
        ["--self-test", "--demo", "--demo"],
    ],
)
def test_the_apps_own_start_is_read_as_the_whole_parser_reads_it(argv):
    assert vars(cli._parse(argv)) == vars(WHOLE.parse_args(argv))


@pytest.mark.parametrize("argv", [["--demo", "-h"], ["--self-test", "x"], ["--demo", "--bogus"]])
def test_anything_else_goes_to_argparse(argv, capsys):
    with pytest.raises(SystemExit) as whole:
        WHOLE.parse_args(argv)
    expected = capsys.readouterr()
    with pytest.raises(SystemExit) as ours:
        cli._parse(argv)
    assert ours.value.code == whole.value.code
    assert capsys.readouterr() == expected


def test_the_apps_own_start_and_token_portal_do_not_import_argparse():
    # 4 ms with gettext, for a parser these never build.
    import subprocess
    import sys

    code = "import sys; from mct_desktop import cli; cli._parse(['--demo']); "
    code += "cli._parse(['token', 'contoso']); import mct_desktop.commands.token; "
    code += "print('argparse' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    "argv", [["token"], ["token", "contoso"], ["token", "https://x.example/"], ["token", ""]]
)
def test_token_with_at_most_a_portal_is_read_as_argparse_reads_it(argv):
    assert vars(cli._parse(argv)) == vars(WHOLE.parse_args(argv))


@pytest.mark.parametrize(
    "argv", [["token", "--json"], ["token", "a", "--refresh"], ["token", "-h"], ["token", "a", "b"]]
)
def test_token_with_anything_more_goes_to_argparse(argv, capsys, monkeypatch):
    built = []
    original = cli.build_parser
    monkeypatch.setattr(cli, "build_parser", lambda only=None: built.append(only) or original(only))
    with contextlib.suppress(SystemExit):  # -h and a second portal end in argparse
        cli._parse(argv)
    assert built == ["token"]
