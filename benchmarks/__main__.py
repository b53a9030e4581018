"""Run every benchmark: `.venv/bin/python -m benchmarks` prints a table and writes results.json."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import Result, isolate, table, write


def _attempt(fn: Callable[..., Result | None], *args: object) -> Result | None:
    """One benchmark; one that breaks is reported as failed and the others still run."""
    try:
        return fn(*args)
    except Exception as exc:  # a crashed benchmark is a result too: NO, with its reason
        print(f"{fn.__module__}.{fn.__name__} broke: {type(exc).__name__}: {exc}")
        return Result(f"{fn.__name__} (broke)", "", float("nan"), None, "runs", False, 0)


def main() -> int:
    isolate()
    from mct_desktop.ui.qt_env import prepare_process

    prepare_process()
    import PySide6.QtWebEngineWidgets  # noqa: F401  (before the QApplication)
    from PySide6.QtWidgets import QApplication

    from benchmarks import bench_console, bench_export, bench_processes, bench_spec, bench_startup
    from mct_desktop.demo import DemoPortal

    app = QApplication.instance() or QApplication(sys.argv[:1])
    runs: list[Result | None] = []

    def run(fn: Callable[..., Result | None], *args: object) -> Result | None:
        runs.append(result := _attempt(fn, *args))
        return result

    run(bench_spec.index_demo_spec)
    run(bench_spec.load_synthetic_spec)
    run(bench_spec.filter_keystroke)
    run(bench_spec.graph_sized_load)
    run(bench_spec.stripe_like_browse)
    run(bench_startup.startup_to_window)
    run(bench_processes.self_test)
    real_keychain = bool(os.environ.get("MCT_BENCH_REAL_KEYRING"))
    with DemoPortal() as demo:
        run(bench_startup.startup_to_sign_in_page, demo.url)
        run(bench_startup.login_command_to_sign_in_page, demo.url)
        run(bench_processes.memory_after_sign_in, demo)
        # `login` keeps tokens only in a keychain other processes can read.
        if not real_keychain or run(bench_processes.browser_login, demo) is None:
            print("own-browser sign-in skipped: needs chromium and bootstrap.sh bench's keychain")
        run(bench_startup.capture_latency, app, demo)
        run(bench_console.console_overhead, app, demo)
        run(bench_console.large_response_stall, app, demo)
    with DemoPortal() as demo:  # its own portal: the export benchmark resizes the lists
        run(bench_export.throughput, demo)
    run(bench_export.million_rows, ".csv")
    run(bench_export.million_rows, ".ndjson")
    if run(bench_startup.cli_token) is None:
        print(
            "cli benchmark skipped: run inside a Secret Service session "
            "(bash packaging/bootstrap.sh bench)"
        )
    results = [result for result in runs if result is not None]
    print(table(results))
    out = Path(__file__).parent / "results.json"
    write(results, out)
    print(f"\nwritten to {out}")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
