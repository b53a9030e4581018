"""Command line: the GUI by default, and the non-GUI commands scripts use.

Only `login` and the GUI import Qt; `token`, `portals` and `logout` stay light.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from mct_desktop import __version__
from mct_desktop.commands.errors import CommandError

if TYPE_CHECKING:
    import argparse
    import logging


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line. With `only`, that command's parser alone is built and the others are
    skipped (each stays where it is below); the whole parser when no command has that name."""
    import argparse  # not for the app's own start: 4 ms with gettext (see _parse)

    version = f"mct-desktop {__version__}"
    parser = argparse.ArgumentParser(
        prog="mct-desktop",
        description="Sign in to a Microsoft Community Training portal and use its API tokens. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=version)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start the bundled demo portal and open the app pointed at it",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start the GUI and the browser engine, time each step, and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    built: list[str] = []

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return cast(argparse.ArgumentParser, _Skipped())
        built.append(name)
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--version", action="version", version=version)
        return p

    login = command("login", "sign in to a portal in a browser window and store its tokens")
    login.add_argument("portal", metavar="PORTAL", help="portal address or configured name")
    login.add_argument(
        "--idp",
        choices=["EMAIL", "PHONE", "AZUREAD"],
        type=str.upper,
        help="identity provider of the portal (default EMAIL for a new portal)",
    )
    login.add_argument("--name", default="", help="display name for a new portal")
    login.add_argument(
        "--timeout",
        type=float,
        default=900,
        metavar="SECONDS",
        help="give up after this long (default 900)",
    )
    login.add_argument(
        "--browser",
        metavar="NAME_OR_PATH",
        help="sign in with embedded (the app's own window, the default), or in your own "
        "chrome, chromium, edge or brave, or the Chromium-family browser at this path; "
        "remembered per portal",
    )
    service = login.add_argument_group(
        "service-to-service (client credentials)",
        "With these, no browser opens: the client secret is read from standard input (or a "
        "prompt), never from the command line, and kept in the keychain only.",
    )
    service.add_argument("--client-id", metavar="ID")
    service.add_argument("--tenant", metavar="TENANT_ID")
    service.add_argument("--api-uri", metavar="URI", help="e.g. api://<guid>")
    service.add_argument(
        "--authority",
        metavar="HOST",
        default="",
        help="token authority (default login.microsoftonline.com)",
    )

    token = command("token", "print a valid access token of a portal, refreshing it if needed")
    token.add_argument(
        "portal",
        nargs="?",
        metavar="PORTAL",
        help="portal address or name (optional with one portal)",
    )
    token.add_argument("--refresh", action="store_true", help="refresh even if still valid")
    token.add_argument(
        "--json",
        action="store_true",
        help="print token, refresh-token presence, expiry and user as JSON",
    )

    _add_call_arguments(command("call", "call the portal's API with its token and print the body"))

    listing = command("endpoints", "list the portal's API operations from its Swagger")
    listing.add_argument("--portal", "-p", metavar="P", help="portal address or name")
    listing.add_argument(
        "--spec",
        metavar="FILE_OR_URL",
        help="read this OpenAPI/Swagger document instead of the portal's",
    )
    listing.add_argument(
        "--filter",
        "-f",
        metavar="TEXT",
        help="only operations matching TEXT (path, summary, tag, id)",
    )

    # Getting the data out (issue 14): export and proxy.
    dump = command("export", "export every list and report of a portal to a folder")
    dump.add_argument("directory", metavar="DIR")
    dump.add_argument("--portal", "-p", metavar="P", help="portal address or name")
    dump.add_argument(
        "--only",
        metavar="LIST",
        help="comma-separated: users, administrators, courses, learning-paths, categories, "
        "groups, organizations, certificates, users-report, users-report-zip",
    )
    dump.add_argument("--format", choices=["ndjson", "json", "csv"], default="ndjson")
    dump.add_argument("--resume", action="store_true", help="continue an interrupted export")
    proxy = command("proxy", "serve the portal's API on 127.0.0.1, adding a fresh token")
    proxy.add_argument("--portal", "-p", metavar="P", help="portal address or name")
    proxy.add_argument("--port", type=int, default=0, help="port (default: any free one)")

    logout = command("logout", "delete a portal's tokens and its browser data")
    logout.add_argument("portal", nargs="?", metavar="PORTAL")

    portals = command("portals", "list, add or remove portals")
    portals_sub = portals.add_subparsers(dest="portals_command", metavar="ACTION")
    portals_sub.add_parser("list", help="list portals (the default)").add_argument(
        "--version", action="version", version=version
    )
    add = portals_sub.add_parser("add", help="add a portal without signing in")
    add.add_argument("--version", action="version", version=version)
    add.add_argument("url", metavar="URL")
    add.add_argument("--name", default="")
    add.add_argument("--idp", choices=["EMAIL", "PHONE", "AZUREAD"], type=str.upper)
    add.add_argument(
        "--keep-browser-session",
        action="store_true",
        help="keep this portal's sign-in cookies on disk (off by default)",
    )
    add.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help="PEM file of the private CA the portal's certificate chains to",
    )
    remove = portals_sub.add_parser("remove", help="remove a portal and its tokens")
    remove.add_argument("--version", action="version", version=version)
    remove.add_argument("portal", metavar="PORTAL")

    demo = command("demo-portal", "run the bundled demo portal alone")
    demo.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    demo.add_argument(
        "--location-style",
        default="relative-fragment",
        choices=["relative-fragment", "query", "fragment", "hash-route", "scheme", "none"],
        help="how the Callback's Location carries the tokens (default: as real MCT portals do, "
        "/ExternalAuthentication/Redirect#access_token=...)",
    )
    demo.add_argument("--token-lifetime", type=int, default=3600, metavar="SECONDS")
    demo.add_argument(
        "--auto-sign-in",
        metavar="EMAIL",
        default=None,
        help="sign this demo account in without the form, like an SSO session",
    )
    demo.add_argument(
        "--refuse-embedded",
        choices=["google", "entra"],
        default="",
        help="refuse the app's embedded browser with that provider's refusal page",
    )
    if only is not None and not built:
        return build_parser()  # no such command: argparse's message lists them all
    return parser


class _Skipped:
    """Stands for a command's parser that `build_parser(only=...)` skips: takes any call."""

    def __getattr__(self, name: str) -> Callable[..., _Skipped]:
        return lambda *args, **kwargs: self


def _add_call_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "method",
        metavar="METHOD",
        nargs="?",  # not with --curl; call() says so when it is missing
        type=str.upper,
        choices=("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"),
    )
    parser.add_argument(
        "path", metavar="PATH", nargs="?", help="e.g. /api/v2/Profile, or a full URL"
    )
    parser.add_argument(
        "--curl",
        metavar="FILE|-",
        help="run a pasted curl command (e.g. DevTools' Copy as cURL) with the portal's token",
    )
    parser.add_argument("--portal", "-p", metavar="P", help="portal address or name")
    parser.add_argument(
        "-q",
        "--query",
        action="append",
        default=[],
        metavar="K=V",
        help="query parameter (repeatable)",
    )
    parser.add_argument(
        "-H",
        "--header",
        action="append",
        default=[],
        metavar='"K: V"',
        help="request header (repeatable)",
    )
    parser.add_argument(
        "--data",
        "-d",
        metavar="JSON|@FILE",
        help="request body: JSON text, @file, or @- for standard input",
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write the body to FILE")
    parser.add_argument(
        "--include",
        "-i",
        action="store_true",
        help="print the status line and response headers first",
    )
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS")
    # Every page (issue 14): rows to -o FILE (.json, .ndjson, .csv) or NDJSON on stdout.
    every = parser.add_argument_group("every page (GET lists)")
    every.add_argument(
        "--all",
        action="store_true",
        help="every row of a list: to -o FILE (.json, .ndjson or .csv) or NDJSON on stdout",
    )
    every.add_argument(
        "--paging",
        metavar="P,S",
        help="page,pageSize | pageIndex=0,pageSize | skip,take | token:NAME | next",
    )
    every.add_argument(
        "--page-size", type=int, default=100, metavar="N", help="rows to ask for (default 100)"
    )
    every.add_argument("--resume", action="store_true", help="continue an interrupted --all")


def run() -> int:
    """The `mct-desktop` command and `python -m mct_desktop`: `main()`, then the process ends.

    Python's finalization walks every object still alive in its last collections: about
    20 ms of `mct-desktop token` on a slow machine, a fifth of the command. The exit frees
    them anyway, so they are moved out of the collector's reach first (`gc.freeze`, as the
    GUI does once its window is ready). Atexit handlers still run and stdout and stderr are
    still flushed; an object left in a reference cycle is no longer finalized, so whatever
    buffers output (an export file, say) must be closed by its code, as ours are (`with`).
    Tests call `main()`, which freezes nothing.
    """
    code = main()
    import gc

    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    from mct_desktop.core.paths import harden_process

    harden_process()  # before anything is written: private files, no core dumps
    _configure_logging()
    try:
        try:
            args = _parse(sys.argv[1:] if argv is None else list(argv))
        except SystemExit:  # --help, --version, usage errors: they print too
            sys.stdout.flush()
            raise
        code = _dispatch(args)
        sys.stdout.flush()  # a closed pipe must show here, not in the interpreter's exit
        return code
    except CommandError as exc:
        print(f"mct-desktop: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _closed_pipe()


EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for `cat` cut off by `head`


def _closed_pipe() -> int:
    """The reader went away (`| head -1`): stop quietly, like every Unix tool.

    What is still buffered for stdout would fail again when Python flushes it on exit
    and print "Exception ignored ... BrokenPipeError"; point stdout at the null device.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout replaced by an object without a file descriptor
        pass
    return EXIT_BROKEN_PIPE


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:  # the GUI: no collections while it starts (see gc_holds)
        from mct_desktop.core import gc_holds

        gc_holds.pause()
    if args.command is None and args.self_test:
        from mct_desktop.self_test import run_self_test

        return run_self_test()
    if args.command is None:
        from mct_desktop.app import run_gui

        return run_gui(demo=args.demo)
    # Imported on demand so that `token` never pays for what `login` or the GUI need.
    if args.command == "login":
        from mct_desktop.commands.login import login

        return login(args)
    if args.command == "token":
        from mct_desktop.core.import_on_use import defer_inspect

        defer_inspect()
        from mct_desktop.commands.token import token

        return token(args)
    if args.command == "endpoints":
        from mct_desktop.commands.endpoints import endpoints

        return endpoints(args)
    if args.command == "call":
        from mct_desktop.commands.call import call

        return call(args)
    if args.command == "export":
        from mct_desktop.commands.export import export

        return export(args)
    if args.command == "proxy":
        from mct_desktop.commands.proxy import proxy

        return proxy(args)
    if args.command == "demo-portal":
        from mct_desktop.commands.demo import demo_portal

        return demo_portal(args)
    from mct_desktop.commands.portals import logout, portals

    return logout(args) if args.command == "logout" else portals(args)


def _parse(argv: list[str]) -> argparse.Namespace:
    # Building every command's parser costs `mct-desktop token` 4 ms: with a command named
    # first, only its parser is built. Options first, or no command: the whole parser.
    # Two forms argparse could not reject, read without it (building the parser cost the
    # window 6 ms, importing argparse 4 ms more). The dispatcher only reads attributes;
    # tests check each form equals what argparse makes of it.
    from types import SimpleNamespace

    if set(argv) <= _GUI_OPTIONS:  # the app's own start: no argument, --demo, --self-test
        fast = SimpleNamespace(demo="--demo" in argv, self_test="--self-test" in argv, command=None)
        return cast("argparse.Namespace", fast)
    if argv[0] == "token" and len(argv) <= 2 and not any(a.startswith("-") for a in argv[1:]):
        # `mct-desktop token [PORTAL]`, what scripts run the most: 8 ms of its 100 here
        portal = argv[1] if len(argv) == 2 else None
        fast = SimpleNamespace(
            demo=False, self_test=False, command="token", portal=portal, refresh=False, json=False
        )
        return cast("argparse.Namespace", fast)
    only = argv[0] if argv and not argv[0].startswith("-") else None
    return build_parser(only).parse_args(argv)


_GUI_OPTIONS = frozenset({"--demo", "--self-test"})


def _configure_logging() -> None:
    """Warnings go to the terminal, scrubbed; set up as soon as `logging` is imported.

    A command that logs nothing (`token` with a valid token) does not import it at all:
    `logging` and its `traceback` cost 4 ms, a tenth of that command.
    """
    if "logging" in sys.modules:
        _log_to_terminal()
    elif not any(isinstance(finder, _WhenLoggingLoads) for finder in sys.meta_path):
        sys.meta_path.insert(0, _WhenLoggingLoads())


def _log_to_terminal() -> None:
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)  # the terminal gets warnings; the log file gets more
    handler.addFilter(_redact)
    handler.setFormatter(logging.Formatter("mct-desktop: %(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)


class _WhenLoggingLoads:
    """An import hook, used once: configures `logging` right after it is first loaded."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "logging":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        load = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            load(module)
            _log_to_terminal()

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _redact(record: logging.LogRecord) -> bool:
    # The scrubber's patterns are compiled when the first warning reaches the terminal,
    # not at every start.
    from mct_desktop.core.redact import RedactingFilter

    return RedactingFilter().filter(record)
